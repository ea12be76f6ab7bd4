#!/usr/bin/env python3
"""Generate a benchmark corpus of distinct born-digital PDFs (default 100), deterministically.

Why this exists: the text-layer benchmark must time vanban on many *different*
plans.  vanban caches by content hash, so repeating one file (or copying its
bytes) would measure cache hits, not extraction.  Every output file here is
distinct in bytes and in text: each carries a ``Bản sao số N`` line and, when
its source leaves the number blank (a draft), the number ``Số: N/...``.

Sources, cycled in a fixed order until ``count`` files exist:

* the 5 sample sources ``samples/sources/*.txt``, rendered by
  ``samples/make_samples.py`` (Decree 30 layout, the same renderer the golden
  tests use);
* the real documents ``../shared/realdocs/*.txt`` (plain UTF-8, tables as
  ``a | b | c`` rows), read in place at run time and never copied into the
  repository.  Their header block (issuer, ``Số:``, place and date, type and
  summary) is mapped onto the samples' document model when it can be
  recognised, so they get the same two-column header; the rest of the text is
  the body, ``a | b`` runs become grid tables.  A document whose header is not
  recognisable (a national decision reassembled from chunks, an appendix) is
  rendered body-only with Liberation Serif, as is any document the samples
  renderer cannot lay out (a table row taller than a page).

Rendering is deterministic (reportlab ``invariant``), so a corpus can be
regenerated instead of stored.  ``corpus.json`` in the folder lists each
file's source and sha256; vanban ignores ``.json`` inputs.

Usage::

    python bench/corpus.py [OUT_DIR] [--count 100]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
SAMPLES_DIR = REPO / "samples"
if str(REPO) not in sys.path:  # run as a script: make ``samples`` importable
    sys.path.insert(0, str(REPO))

from samples import load  # noqa: E402

SAMPLE_SOURCES = SAMPLES_DIR / "sources"
REALDOCS = REPO.parent / "shared" / "realdocs"
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
DEFAULT_COUNT = 100
MANIFEST = "corpus.json"


def load_make_samples() -> ModuleType:
    """``samples/make_samples.py`` as the module ``make_samples``."""
    return load("make_samples")


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """One text the corpus is rendered from: a samples markup source or a real document."""

    name: str
    kind: str  # "sample" or "realdoc"
    path: Path


def discover_sources(realdocs_dir: Path | None = REALDOCS) -> list[Source]:
    """The samples first, then the real documents if their folder exists, each sorted by name.

    A fixed order makes the corpus reproducible: file ``N`` is always the same source and copy.
    """
    sources = [Source(p.stem, "sample", p) for p in sorted(SAMPLE_SOURCES.glob("*.txt"))]
    if realdocs_dir is not None and realdocs_dir.is_dir():
        sources += [Source(p.stem, "realdoc", p) for p in sorted(realdocs_dir.glob("*.txt"))]
    if not sources:
        raise FileNotFoundError(f"no sources in {SAMPLE_SOURCES} or {realdocs_dir}")
    return sources


# --------------------------------------------------------------------------- real documents

_MOTTO = re.compile(r"^CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI", re.IGNORECASE)
_MOTTO_SUB = re.compile(r"^Độc\s+lập", re.IGNORECASE)
_NUMBER = re.compile(r"^Số\s*:")
_PLACE_DATE = re.compile(r"^[^\W\d_][^,|]{1,40},\s*ngày\b")
_TYPE_WORDS = frozenset({
    "KẾ HOẠCH", "BÁO CÁO", "THÔNG BÁO", "QUYẾT ĐỊNH", "TỜ TRÌNH", "CHƯƠNG TRÌNH", "PHƯƠNG ÁN", "ĐỀ ÁN",
    "HƯỚNG DẪN", "CÔNG VĂN", "CHỈ THỊ", "NGHỊ QUYẾT",
})
_BODY_START = (
    "Căn cứ", "Thực hiện", "Kính gửi", "Tiếp tục", "Liên quan", "Nhằm", "Để ", "Ngày ", "Theo ", "Trên cơ sở",
)
_HEADING = re.compile(r"^(?:[IVX]+|[A-Z])\.\s+\S")
_RULE_LINE = re.compile(r"^[_\-=–—.\s]{3,}$")
_WIDE_GAP = re.compile(r"\s{3,}")
_SPACES = re.compile(r"[ \t\u00a0]+")
_HEADER_SCAN = 14  # non-empty lines searched for the header; a header never runs longer


@dataclass(frozen=True)
class RealHeader:
    """The Decree 30 header parts recognised at the top of a real document."""

    parent: str | None
    issuer: tuple[str, ...]
    number: str
    place_date: str
    type_line: str
    summary: tuple[str, ...]


def _clean(line: str) -> str:
    """NFC, tabs to spaces, trimmed: the converter's text keeps Word's tabs and stray indents."""
    return unicodedata.normalize("NFC", line).replace("\t", " ").strip()


def _single_spaced(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _draft_gaps(text: str) -> str:
    """Keep a draft's blank day/number visible (at most 5 spaces) without a page-wide run of spaces."""
    text = re.sub(r",\s+", ", ", text.replace("\t", " "))
    return re.sub(r" {3,}", "     ", re.sub(r"(?<! ) {2}(?! )", " ", text)).strip()


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _header_cells(line: str) -> list[str]:
    """Split a header line into its cells: ``|`` columns, and wide space gaps in OCR-like text.

    A number or place/date cell keeps its inner gaps (a draft's blank number is a gap).
    """
    cells: list[str] = []
    for part in line.split("|"):
        part = part.strip()
        if not part:
            continue
        if _NUMBER.match(part) or _PLACE_DATE.match(part):
            cells.append(part)
            continue
        for piece in _WIDE_GAP.split(part):
            if piece.strip():
                cells.append(piece.strip())
    return cells


def parse_real_header(lines: Sequence[str]) -> tuple[RealHeader | None, int]:
    """Recognise the header at the top of ``lines``; returns it and the index where the body starts.

    Returns ``(None, 0)`` when the top of the text is not a Decree 30 header (no issuer, number,
    place/date and type or ``V/v`` line), so the caller renders everything as body.
    """
    issuer: list[str] = []
    number = place = type_line = None
    summary: list[str] = []
    seen = 0
    index = 0
    stop = False
    while index < len(lines) and seen < _HEADER_SCAN and not stop:
        line = lines[index]
        index += 1
        if not line:
            continue
        seen += 1
        for cell in _header_cells(line):
            if _MOTTO.match(cell) or _MOTTO_SUB.match(cell):
                continue
            if _NUMBER.match(cell) and number is None:
                number = cell
            elif _PLACE_DATE.match(cell) and place is None:
                place = cell
            elif _single_spaced(cell) in _TYPE_WORDS:
                type_line = _single_spaced(cell)
                stop = True
            elif cell.startswith("V/v"):
                type_line = ""
                summary.append(_single_spaced(cell))
                stop = True
            elif _is_upper(cell) and number is None and place is None:
                issuer.append(_single_spaced(cell))
            else:
                return None, 0
            if stop:
                break
    if not (issuer and number and place and type_line is not None):
        return None, 0
    if type_line:  # the summary (trích yếu) follows the type line
        while index < len(lines) and len(summary) < 4:
            line = lines[index]
            if not line:
                if summary:
                    break
                index += 1
                continue
            if _RULE_LINE.match(line):
                index += 1
                break
            first = not summary  # the first line is the summary even when it reads "Thực hiện ..."
            if (line.startswith("Kính gửi") or "|" in line or _HEADING.match(line)
                    or (not first and (line.startswith(_BODY_START) or len(line) > 160))):
                break
            summary.append(_single_spaced(line))
            index += 1
    parent = None
    if len(issuer) >= 2 and not issuer[0].startswith(("ỦY BAN", "UỶ BAN")):
        parent, issuer = issuer[0], issuer[1:]
    header = RealHeader(parent, tuple(issuer), _draft_gaps(number), _draft_gaps(place), type_line,
                        tuple(summary) or ("",))
    return header, index


def _table_block(ms: ModuleType, rows: list[list[str]]) -> Any:
    """``a | b`` rows as a samples TableBlock: rows padded to one width, columns weighted by content."""
    ncols = max(len(row) for row in rows)
    padded = tuple(tuple(row + [""] * (ncols - len(row))) for row in rows)
    widths = tuple(
        float(min(40, max(6, max(len(row[c]) for row in padded)))) for c in range(ncols)
    )
    return ms.TableBlock(widths, ("l",) * ncols, padded)


def body_blocks(ms: ModuleType, lines: Sequence[str]) -> list[Any]:
    """Body lines to samples Blocks: ``|`` runs are tables, ``#``/roman headings bold, the rest paragraphs."""
    blocks: list[Any] = []
    table: list[list[str]] = []
    for line in [*lines, ""]:
        if "|" in line:
            table.append([_single_spaced(cell) for cell in line.split("|")])
            continue
        if table:
            blocks.append(ms.Block("table", table=_table_block(ms, table)))
            table = []
        if not line or _RULE_LINE.match(line):
            continue
        text = _single_spaced(line)
        if text.startswith("#"):
            level = len(text) - len(text.lstrip("#"))
            blocks.append(ms.Block("h1" if level == 1 else "h2", text=text.lstrip("#").strip()))
        elif _HEADING.match(text) and _is_upper(text):
            blocks.append(ms.Block("h1", text=text))
        else:
            blocks.append(ms.Block("para", text=text))
    return blocks


def read_realdoc(path: Path) -> tuple[RealHeader | None, list[str]]:
    """A real document's recognised header (or None) and its body lines, cleaned."""
    lines = [_clean(line) for line in path.read_text(encoding="utf-8").splitlines()]
    header, start = parse_real_header(lines)
    return header, lines[start:]


# --------------------------------------------------------------------------- plain renderer


def _plain_styles() -> dict[str, Any]:
    """Liberation Serif styles for the body-only renderer (registered under names of its own)."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    for name, face in (("BenchSerif", "Regular"), ("BenchSerif-Bold", "Bold")):
        if name not in registered:
            font = FONT_DIR / f"LiberationSerif-{face}.ttf"
            if not font.exists():
                raise FileNotFoundError(f"{font} is missing: install fonts-liberation2 (make system)")
            pdfmetrics.registerFont(TTFont(name, str(font), asciiReadable=False))
    body = {"fontName": "BenchSerif", "fontSize": 14, "leading": 16.5, "spaceAfter": 6}
    return {
        "para": ParagraphStyle("bench-para", alignment=TA_JUSTIFY, firstLineIndent=28, **body),
        "h1": ParagraphStyle("bench-h1", **{**body, "fontName": "BenchSerif-Bold"}),
        "h2": ParagraphStyle("bench-h2", **{**body, "fontName": "BenchSerif-Bold"}),
        "center": ParagraphStyle("bench-center", alignment=TA_CENTER, **body),
        "title": ParagraphStyle("bench-title", alignment=TA_CENTER, **{**body, "fontName": "BenchSerif-Bold"}),
        "cell": ParagraphStyle("bench-cell", fontName="BenchSerif", fontSize=11, leading=13),
    }


def render_plain(title_lines: Sequence[str], blocks: Sequence[Any], title: str) -> bytes:
    """A body-only A4 PDF (no two-column header) for texts the samples renderer cannot take.

    Table rows may split across pages (``splitInRow``), so a long cell never stops the layout.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    st = _plain_styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
        title=title, creator="vanban bench/corpus.py", producer="vanban bench/corpus.py", invariant=1, lang="vi",
    )
    story: list[Any] = [Paragraph(escape(line), st["title"]) for line in title_lines if line]
    for block in blocks:
        if block.kind == "table" and block.table is not None:
            total = sum(block.table.widths)
            widths = [template.width * w / total for w in block.table.widths]
            rows = [[Paragraph(escape(cell), st["cell"]) for cell in row] for row in block.table.rows]
            table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1, spaceBefore=4, spaceAfter=8)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
        elif block.kind in st:
            story.append(Paragraph(escape(block.text), st[block.kind]))
        elif block.text:
            story.append(Paragraph(escape(block.text), st["para"]))
    template.build(story)
    return buffer.getvalue()


# --------------------------------------------------------------------------- one corpus file


def _fill_number(number: str, serial: int) -> str:
    """A draft's blank number (``Số:      /KH-UBND``) becomes ``Số: <serial>/KH-UBND``; a real one is kept."""
    rest = _NUMBER.sub("", number).strip()
    return f"Số: {serial}{rest}" if rest.startswith("/") or not rest else number


def _copy_line(serial: int) -> Any:
    ms = load_make_samples()
    return ms.Block("center", text=f"Bản sao số {serial}")


def render_sample(source: Source, serial: int) -> tuple[bytes, str]:
    """A samples source through ``make_samples.render_pdf``, made distinct by its serial."""
    ms = load_make_samples()
    doc = ms.parse_source(source.path)
    doc = dataclasses.replace(doc, number=_fill_number(doc.number, serial),
                              blocks=(_copy_line(serial), *doc.blocks))
    return ms.render_pdf(doc), "samples"


def render_realdoc(source: Source, serial: int) -> tuple[bytes, str]:
    """A real document as a PDF; returns the bytes and how it was laid out (for the manifest).

    ``decree30`` when its header was recognised and the samples renderer laid it out,
    ``plain`` when rendered body-only (header not recognised, or the samples renderer failed).
    """
    ms = load_make_samples()
    header, body = read_realdoc(source.path)
    blocks = [_copy_line(serial), *body_blocks(ms, body)]
    if header is not None:
        doc = ms.SampleDoc(
            name=source.name, parent=header.parent, issuer=header.issuer,
            number=_fill_number(header.number, serial), place_date=header.place_date,
            type_line=header.type_line, summary=header.summary, formats=frozenset({"pdf"}), blocks=tuple(blocks),
        )
        try:
            return ms.render_pdf(doc), "decree30"
        except Exception:  # e.g. a table row taller than a page: fall back, keep the text
            title_lines = [*([header.parent] if header.parent else []), *header.issuer,
                           _fill_number(header.number, serial), header.place_date, header.type_line,
                           *header.summary]
            return render_plain(title_lines, blocks, source.name), "plain"
    return render_plain([], blocks, source.name), "plain"


def render_one(source: Source, serial: int) -> tuple[bytes, str]:
    """Render ``source`` as corpus file number ``serial`` (1-based); the serial makes its text unique."""
    if source.kind == "sample":
        return render_sample(source, serial)
    return render_realdoc(source, serial)


# --------------------------------------------------------------------------- the corpus


def build_corpus(out_dir: Path, count: int = DEFAULT_COUNT, realdocs_dir: Path | None = REALDOCS) -> list[Path]:
    """Write ``count`` distinct PDFs into ``out_dir`` (cycling through the sources) plus ``corpus.json``.

    Raises if two files came out identical, since the benchmark would then time a cache hit.
    Stale ``NNN_*.pdf`` files from an earlier, larger corpus are removed so the folder holds exactly
    this corpus.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    sources = discover_sources(realdocs_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("[0-9][0-9][0-9]_*.pdf"):
        stale.unlink()
    written: list[Path] = []
    entries: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for index in range(count):
        source = sources[index % len(sources)]
        serial = index + 1
        data, layout = render_one(source, serial)
        digest = hashlib.sha256(data).hexdigest()
        path = out_dir / f"{serial:03d}_{source.name}.pdf"
        if digest in seen:
            raise RuntimeError(f"{path.name} is byte-identical to {seen[digest]}: the corpus must be distinct")
        seen[digest] = path.name
        path.write_bytes(data)
        written.append(path)
        entries.append({"file": path.name, "source": source.name, "kind": source.kind, "layout": layout,
                        "copy": index // len(sources) + 1, "bytes": len(data), "sha256": digest})
    manifest = {
        "count": count,
        "sources": {"sample": sum(s.kind == "sample" for s in sources),
                    "realdoc": sum(s.kind == "realdoc" for s in sources)},
        "realdocs_dir": str(realdocs_dir) if realdocs_dir is not None else None,
        "files": entries,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python bench/corpus.py [OUT_DIR] [--count N] [--no-realdocs]``."""
    parser = argparse.ArgumentParser(description="Generate distinct born-digital PDFs for the benchmark.")
    parser.add_argument("out", nargs="?", type=Path, help="output folder (default: a new temporary folder)")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=f"files to write (default {DEFAULT_COUNT})")
    parser.add_argument("--realdocs", type=Path, default=REALDOCS, help=f"real documents folder (default {REALDOCS})")
    parser.add_argument("--no-realdocs", action="store_true", help="use the sample sources only")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="vanban-corpus-"))
    paths = build_corpus(out, args.count, None if args.no_realdocs else args.realdocs)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    layouts: dict[str, int] = {}
    for entry in manifest["files"]:
        key = f"{entry['kind']}/{entry['layout']}"
        layouts[key] = layouts.get(key, 0) + 1
    print(f"wrote {len(paths)} PDFs to {out} ({sum(p.stat().st_size for p in paths) / 1e6:.1f} MB); "
          f"sources {manifest['sources']}; layouts {layouts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
