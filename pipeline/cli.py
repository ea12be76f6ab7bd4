"""The `vanban` command: extract, text, schema, run."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.errors import VanbanError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Structured, source-grounded data from Vietnamese administrative documents.",
)
err = Console(stderr=True)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="PDF, DOCX or UTF-8 text file")],
    format: Annotated[str, typer.Option("--format", "-f", help="json (the only format for now)")] = "json",
) -> None:
    """Print one document's ExtractedDocument as JSON."""
    if format != "json":
        err.print(f"[red]unknown format {format!r}: use json[/red]")
        raise typer.Exit(2)
    from pipeline.extract import extract_file

    document = _or_exit(lambda: extract_file(file))
    sys.stdout.write(document.model_dump_json(indent=2) + "\n")


@app.command()
def text(file: Annotated[Path, typer.Argument(help="PDF, DOCX or UTF-8 text file")]) -> None:
    """Print the normalized text every extractor sees, page by page in reading order."""
    from pipeline.doctext import DocText
    from pipeline.read import load

    _, pages = _or_exit(lambda: load(file))
    doc = DocText(pages)
    for page in pages:
        sys.stdout.write(f"--- page {page.number} ({page.source.value}) ---\n")
        sys.stdout.write(doc.page_text(page.number).rstrip("\n") + "\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of ExtractedDocument and Reconciliation."""
    from schemas import ExtractedDocument, Reconciliation

    out = {"ExtractedDocument": ExtractedDocument.model_json_schema(),
           "Reconciliation": Reconciliation.model_json_schema()}
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="files or folders of documents")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder")] = Path("out"),
    plan: Annotated[Path | None, typer.Option(help="the plan reports answer (reconciliation: not yet)")] = None,
    roster: Annotated[Path | None, typer.Option(help="units expected to report (reconciliation: not yet)")] = None,
    workers: Annotated[int, typer.Option(help="worker processes (0: one per core, 1: no extra process)")] = 0,
) -> None:
    """Extract a batch as one Prefect flow run; write JSON per document, summary.csv and failures.json."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from pipeline.batch import collect_inputs

    if plan is not None or roster is not None:
        err.print("[yellow]--plan/--roster: reconciliation is not built yet; extracting only.[/yellow]")
    files = collect_inputs(paths)
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        err.print(f"[yellow]not found: {path}[/yellow]")
    if not files:
        err.print("[red]no documents to process[/red]")
        raise typer.Exit(1)
    from flows.batch import PROGRESS, batch_flow

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=False) as progress:
        bar = progress.add_task("extracting", total=len(files))

        def advance(outcome) -> None:  # noqa: ANN001
            name = Path(outcome.path).name
            if not outcome.ok:
                progress.console.print(f"[red]failed[/red] {name}: {outcome.reason}")
            progress.update(bar, advance=1, description=f"extracting {name[:40]}")

        PROGRESS.append(advance)
        try:
            outcomes, counts = batch_flow([str(p) for p in files], str(out), workers)
        finally:
            PROGRESS.remove(advance)
    err.print(
        f"{counts['extracted']} of {counts['documents']} documents extracted "
        f"({counts['from_cache']} from cache), {counts['failed']} failed, {counts['rows']} rows in summary.csv"
    )
    print(f"output: {out.resolve()}")
    if counts["failed"]:
        err.print(f"failures and reasons: {out / 'failures.json'}; files copied to {out / 'quarantine'}")


def _or_exit(action):  # noqa: ANN001, ANN202
    try:
        return action()
    except VanbanError as exc:
        err.print(f"[red]error ({exc.kind}):[/red] {exc}")
        raise typer.Exit(1) from exc


if __name__ == "__main__":
    app()
