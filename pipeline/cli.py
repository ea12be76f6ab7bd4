"""The `vanban` command: extract, text, schema, run."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.errors import EXIT_INTERNAL, EXIT_NOT_FOUND, EXIT_USAGE, VanbanError, batch_exit_code, exit_code

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Structured, source-grounded data from Vietnamese administrative documents.",
)


@lru_cache(maxsize=1)
def _err() -> Console:
    """The console for errors and progress on stderr.

    rich is imported when something is first printed there, not at start-up:
    `vanban text` on a page that reads well prints nothing on stderr, and the
    import was 0.03 s of the 1.1 s CPU its process spent before reading a pixel
    (bench/ocr_real_diagnosis.md, "Cost, fifth look").
    """
    from rich.console import Console

    return Console(stderr=True)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="PDF, DOCX or UTF-8 text file")],
    format: Annotated[str, typer.Option("--format", "-f", help="json (the only format for now)")] = "json",
) -> None:
    """Print one document's ExtractedDocument as JSON."""
    if format != "json":
        _err().print(f"[red]unknown format {format!r}: use json[/red]")
        raise typer.Exit(EXIT_USAGE)
    from pipeline.run.single import extract_file

    document = _or_exit(lambda: extract_file(file))
    sys.stdout.write(document.model_dump_json(indent=2) + "\n")


@app.command()
def text(files: Annotated[list[Path], typer.Argument(help="PDF, DOCX, PNG, JPEG, TIFF or UTF-8 text files")]) -> None:
    """Print the normalized text every extractor sees, page by page in reading order.

    With several files, each file's text comes after a line `==> FILE <==` (as head and tail
    print it), in the order given. Their scanned pages are OCR'd in one pool, so every core
    stays busy from the first page of the first file to the last page of the last. A file
    that cannot be read is named on stderr with the reason; the others are still printed,
    and the exit status is 1.
    """
    failed = False
    for path, future in _read_in_order(files):
        try:
            output = future.result()
        except Exception as exc:  # noqa: BLE001 - one bad file must not cost the others their text
            from rich.markup import escape  # rich only when there is something to say (see _err)

            failed = True
            kind, reason = (exc.kind, str(exc)) if isinstance(exc, VanbanError) else \
                ("internal_error", f"{path}: {type(exc).__name__}: {exc}")
            _err().print(f"[red]error ({kind}):[/red] {escape(reason)}", soft_wrap=True)
            continue
        if len(files) > 1:
            sys.stdout.write(f"==> {path} <==\n")
        sys.stdout.write(output)
        sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _read_in_order(files: list[Path]) -> Iterator[tuple[Path, Future[str]]]:
    """Each file's text as a future, in the order given, while later files are already being read.

    Several files are read in threads that share one OCR pool (`shared_pages`):
    the pages of the next file fill the cores the last pages of this one leave
    idle. A single file is read as before, without OpenCV imported unless it
    is a scan.
    """
    if len(files) == 1:
        with ThreadPoolExecutor(1) as reader:
            yield files[0], reader.submit(_page_texts, files[0])
        return
    from pipeline.ocr.engine import shared_pages

    with shared_pages() as pool, ThreadPoolExecutor(pool.limit) as readers:
        futures = [readers.submit(_page_texts, path) for path in files]
        yield from zip(files, futures, strict=True)


def _page_texts(path: Path) -> str:
    """One file as `vanban text` prints it: a marker line per page, then the page's text."""
    from pipeline.ingest.read import load
    from pipeline.text.doctext import DocText

    _, pages = load(path)
    doc = DocText(pages)
    parts = []
    for page in pages:
        parts.append(f"--- page {page.number} ({page.source.value}) ---\n")
        parts.append(doc.page_text(page.number).rstrip("\n") + "\n")
    return "".join(parts)


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
    plan: Annotated[Path | None, typer.Option(help="the plan the reports answer: check them against it")] = None,
    roster: Annotated[Path | None, typer.Option(help="YAML or CSV of the units expected to report")] = None,
    workers: Annotated[int, typer.Option(help="local worker processes (0: one per core)")] = 0,
    cluster: Annotated[str | None, typer.Option(
        help="Dask scheduler to read the documents on, e.g. tcp://host:8786 (env VANBAN_CLUSTER)")] = None,
    db: Annotated[str | None, typer.Option(
        help="ledger database URL, e.g. postgresql://user@host/vanban (env VANBAN_DB; default OUT/vanban.db)")] = None,
    timeout: Annotated[float | None, typer.Option(help="seconds allowed per document before it is quarantined")] = None,
) -> None:
    """Extract a batch as one Prefect flow run; with --plan, check the reports against it.

    Writes JSON per document, summary.csv and failures.json; with --plan also
    reconciliation.json/.csv/.xlsx/.html (flags, targets against results, units).
    """
    from flows.server import TemporaryServer

    server = TemporaryServer().start()  # gets ready while the inputs are collected
    try:
        _run(paths, out, plan, roster, workers, cluster, db, timeout, server)
    finally:
        server.stop()


def _run(paths: list[Path], out: Path, plan: Path | None, roster: Path | None, workers: int, cluster: str | None,
         db: str | None, timeout: float | None, server) -> None:  # noqa: ANN001
    import logging

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from flows.settings import PROGRESS_LOGGER
    from pipeline.run.inputs import collect_inputs, path_token
    from pipeline.run.ledger import DB_ENV

    _check_reconcile_inputs(plan, roster)
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        _err().print(f"[red]not found: {_display(str(path))}[/red]")
    files = collect_inputs([p for p in paths if p.exists()], exclude=out)
    if not files:
        _err().print("[red]no documents to process[/red]")
        raise typer.Exit(EXIT_NOT_FOUND)
    from flows.batch import DOCUMENT_TIMEOUT_SECONDS, batch_flow, reconcile_flow
    from flows.runner import task_runner

    if db:  # through the environment, not a flow parameter: Prefect records parameters, and a URL holds a password
        os.environ[DB_ENV] = db
    runner = task_runner(workers, cluster)  # its local workers inherit the environment
    options = {"timeout_seconds": timeout or DOCUMENT_TIMEOUT_SECONDS}
    tokens = [path_token(p) for p in files]
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=_err(), transient=False) as progress:
        total = len(files) + (1 if plan is not None and plan.resolve() not in {f.resolve() for f in files} else 0)
        bar = progress.add_task("extracting", total=total)

        class Advance(logging.Handler):
            """The progress bar, fed by the batch's Prefect progress logger."""

            def emit(self, record: logging.LogRecord) -> None:
                outcome = getattr(record, "vanban_outcome", None)
                if outcome is None or getattr(record, "vanban_out", None) != str(out):
                    return
                name = _display(Path(outcome.path).name)
                if not outcome.ok:
                    progress.console.print(f"[red]failed[/red] {name}: {outcome.reason}", markup=True)
                progress.update(bar, advance=1, description=f"extracting {name[:40]}")

        handler = Advance()
        logging.getLogger(PROGRESS_LOGGER).addHandler(handler)
        try:
            with server:
                if plan is None:
                    outcomes, counts = batch_flow.with_options(task_runner=runner)(tokens, str(out), **options)
                    reconciliation = None
                else:
                    outcomes, counts, reconciliation = _or_exit(lambda: reconcile_flow.with_options(
                        task_runner=runner)(tokens, path_token(plan), str(out), str(roster) if roster else None,
                                            **options))
        finally:
            logging.getLogger(PROGRESS_LOGGER).removeHandler(handler)
    _err().print(
        f"{counts['extracted']} of {counts['documents']} documents extracted "
        f"({counts['from_cache']} from cache), {counts['failed']} failed, {counts['rows']} rows in summary.csv"
    )
    if reconciliation is not None:
        # imported here, not at the top: keeps `vanban` quick to start for the commands that print no report
        from pipeline.report.console import summary_lines

        for line in summary_lines(reconciliation, out):
            _err().print(line, markup=False, highlight=False, soft_wrap=True)
    print(f"output: {out.resolve()}")
    if counts["failed"]:
        _err().print(f"failures and reasons: {out / 'failures.json'}; files copied to {out / 'quarantine'}")
    if plan is not None and reconciliation is None:
        failed = next((o for o in outcomes if Path(o.path).resolve() == plan.resolve()), None)
        reason = failed.reason if failed else None
        _err().print(f"[red]error:[/red] {plan}: the plan could not be read ({reason}); no reconciliation written")
        raise typer.Exit(exit_code(failed.error_kind) if failed and failed.error_kind else EXIT_INTERNAL)
    status = batch_exit_code([o.error_kind for o in outcomes], missing_inputs=bool(missing))
    if status:
        raise typer.Exit(status)


@app.command()
def review(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="the output folder of `vanban run` (its ledger)")] = None,
    db: Annotated[str | None, typer.Option("--db", help="the ledger's URL (else VANBAN_DB, else OUT/vanban.db)")] = None,
    host: Annotated[str, typer.Option(help="address to listen on; beyond 127.0.0.1 reviewers must be configured")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    users: Annotated[Path | None, typer.Option(help="file of name:secret lines, one per reviewer")] = None,
) -> None:
    """Open the reviewers' web page on a ledger: check and correct every value at its box on the page.

    Bound to 127.0.0.1 it serves the person logged in here. On any other
    address it refuses to start unless reviewers are configured
    (VANBAN_REVIEW_TOKEN=name:secret, or --users FILE): each then logs in.
    """
    from pipeline.review.security import ConfigError
    from pipeline.review.serve import serve

    try:
        serve(out, db, host, port, users)
    except ConfigError as exc:
        _err().print(f"[red]error:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from exc


@app.command()
def watch(
    inbox: Annotated[Path, typer.Argument(help="the folder where documents are dropped")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder (outside the inbox)")] = Path("out"),
    plan: Annotated[Path | None, typer.Option(help="the plan the reports answer: reconciliation after each batch")] = None,
    roster: Annotated[Path | None, typer.Option(help="YAML or CSV of the units expected to report")] = None,
    db: Annotated[str | None, typer.Option(help="ledger URL (postgresql://…); default OUT/vanban.db")] = None,
    poll: Annotated[float | None, typer.Option(help="poll every SECONDS instead of file events")] = None,
    settle: Annotated[float, typer.Option(help="seconds a file must stand still before it is taken")] = 2.0,
    batch_max: Annotated[int, typer.Option(help="files in one batch (one flow run) at most")] = 500,
    workers: Annotated[int, typer.Option(help="worker processes (0: one per core, 1: in this process)")] = 0,
    cluster: Annotated[str | None, typer.Option(help="Dask scheduler to read on (env VANBAN_CLUSTER)")] = None,
    timeout: Annotated[float | None, typer.Option(help="seconds allowed per document before quarantine")] = None,
) -> None:
    """Read every document dropped into INBOX, once; move each to OUT/processed/DATE/ or OUT/quarantine/.

    Runs until SIGTERM or Ctrl-C (the documents being read finish first; the rest wait in the inbox). Network
    shares (NFS, SMB, SSHFS, 9p) are polled automatically; --poll forces it.
    """
    import logging

    from pipeline.watch.lock import AlreadyWatchedError, WatchLock
    from pipeline.watch.service import OutputInsideInboxError, WatchConfig, check_folders

    _check_reconcile_inputs(plan, roster)
    refused = (OutputInsideInboxError, AlreadyWatchedError, FileNotFoundError, ValueError)
    try:  # refused in a second, before Prefect and the workers start (the lock is taken for good later)
        check_folders(inbox, out)
        WatchLock(inbox, out).acquire().release()
    except refused as exc:
        _err().print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        raise typer.Exit(2) from exc
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    for noisy in ("httpx", "alembic", "watchfiles"):  # per request, per plugin, per change: INFO noise
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from flows.watch import watch as watch_flow

    config = WatchConfig(inbox=inbox, out=out, settle=settle, poll=poll, batch_max=batch_max)
    try:
        watch_flow(config, plan=plan, roster=roster, db=db, workers=workers, cluster=cluster, timeout=timeout)
    except refused as exc:
        _err().print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        raise typer.Exit(2) from exc


@app.command()
def serve(
    folder: Annotated[Path, typer.Argument(help="the folder whose documents each scheduled run reads")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder")] = Path("out"),
    cron: Annotated[str, typer.Option(help="when to run, as cron: minute hour day month weekday")] = "0 17 * * 1-5",
    timezone: Annotated[str, typer.Option(help="the schedule's time zone")] = "Asia/Ho_Chi_Minh",
    plan: Annotated[Path | None, typer.Option(help="the plan the reports answer")] = None,
    roster: Annotated[Path | None, typer.Option(help="YAML or CSV of the units expected to report")] = None,
    db: Annotated[str | None, typer.Option(help="ledger URL (postgresql://…); default OUT/vanban.db")] = None,
) -> None:
    """Run the batch on a cron schedule, as a Prefect deployment served by this process (needs a Prefect
    server: `prefect server start`, then PREFECT_API_URL=http://127.0.0.1:4200/api)."""
    import os

    _check_reconcile_inputs(plan, roster)
    if not folder.is_dir():
        _err().print(f"[red]{folder}: not a folder[/red]")
        raise typer.Exit(2)
    if not os.environ.get("PREFECT_API_URL"):
        _err().print("[red]vanban serve needs a Prefect server, whose scheduler creates the runs: start one with "
                  "`prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api[/red]")
        raise typer.Exit(2)
    from flows.schedule import serve as serve_flow

    serve_flow(str(folder), str(out), cron, str(plan) if plan else None, str(roster) if roster else None, db,
               timezone)


@app.command()
def status(
    out: Annotated[Path | None, typer.Argument(help="output folder of a watcher or a batch")] = None,
    db: Annotated[str | None, typer.Option(help="ledger URL (postgresql://…)")] = None,
) -> None:
    """Counts per status, the oldest file still waiting and the last errors, from the ledger."""
    from pipeline.run.ledger import DB_NAME, Ledger
    from pipeline.watch.status import status_lines

    if db is None and (out is None or not (out / DB_NAME).is_file()):
        _err().print(f"[red]no ledger: {out or '(no folder given)'} has no {DB_NAME}; give the output folder or --db[/red]")
        raise typer.Exit(2)
    ledger = Ledger.open(out, db)
    try:
        for line in status_lines(ledger):
            print(line)
    finally:
        ledger.close()


def _display(name: str) -> str:
    """A file name printable on any terminal: bytes that are not UTF-8 shown as \\xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _check_reconcile_inputs(plan: Path | None, roster: Path | None) -> None:
    """Refuse a bad --plan/--roster before any extraction, naming the file and the reason."""
    if roster is not None and plan is None:
        _err().print("[red]--roster needs --plan: a roster says who must report on a plan[/red]")
        raise typer.Exit(EXIT_USAGE)
    if plan is not None and not plan.is_file():
        _err().print(f"[red]{plan}: plan not found[/red]")
        raise typer.Exit(EXIT_USAGE)
    if roster is not None:
        from pipeline.reconcile.roster import load_roster

        _or_exit(lambda: load_roster(roster))


def _or_exit(action):  # noqa: ANN001, ANN202
    """Run `action`; a typed error is printed with its file and reason, and exits with its kind's code."""
    try:
        return action()
    except VanbanError as exc:
        _err().print(f"[red]error ({exc.kind}):[/red] {_display(str(exc))}")
        raise typer.Exit(exit_code(exc.kind)) from exc


if __name__ == "__main__":
    app()
