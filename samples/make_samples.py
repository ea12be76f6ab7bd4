#!/usr/bin/env python3
"""Render the sample documents in ``samples/sources/`` to born-digital PDF (and DOCX).

Why this script exists: the golden tests need plans whose every fact is known
(``samples/expected/*.json``, written by hand from the sources) and whose pages
look like real documents laid out under Decree 30/2020/NĐ-CP, so that the
structure stage meets the same two-column header, signature block and
appendix tables it will meet in the field.  Writing the text in a small
markup (see ``samples/README.md``) and rendering it keeps the facts reviewable
as plain text while the PDFs stay realistic.

Rendering is deterministic (fixed PDF metadata, reportlab ``invariant``,
fixed ZIP timestamps for DOCX), so ``--check`` can prove in CI that the
committed files were regenerated from their sources after every edit.

Unit reports (Báo cáo) that answer a plan are written in the same markup under
``samples/sources/reports/<set>/`` and render to ``samples/reports/<set>/``;
a report source may ask for DOCX only (``formats: docx``), or to reach the set
as a scan (``scan: noisy``): such a source is not rendered here but by
``make_scans.py --reports``, which scans its born-digital render.

Usage::

    python samples/make_samples.py            # (re)write samples/plans/* and samples/reports/*/*
    python samples/make_samples.py --check    # exit 1 if a committed file is stale
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:  # the renderers import reportlab / python-docx lazily, so parsing needs neither
    from docx.table import Table as DocxTable
    from docx.table import _Cell as DocxCell
    from docx.text.paragraph import Paragraph as DocxParagraph
    from reportlab.platypus.flowables import Flowable

SAMPLES_DIR = Path(__file__).resolve().parent
SOURCES_DIR = SAMPLES_DIR / "sources"
PLANS_DIR = SAMPLES_DIR / "plans"
REPORT_SOURCES_DIR = SOURCES_DIR / "reports"  # one folder per report set: reports/<set>/*.txt
REPORTS_DIR = SAMPLES_DIR / "reports"  # renders: reports/<set>/<name>.pdf|docx
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")

# Decree 30/2020 fixes these two header lines; sources never repeat them.
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"

HEADER_KEYS = frozenset({"parent", "issuer", "number", "place_date", "type", "summary", "formats", "scan"})
CLOSING_KEYS = frozenset({"recipient", "authority", "title", "signer"})
FORMATS = frozenset({"pdf", "docx"})
SCAN_LEVELS = ("clean", "noisy", "harsh")  # make_scans.LEVELS, repeated so parsing needs no OpenCV

# Fixed timestamps: a render must not depend on the clock (see module docstring).
FIXED_DOC_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
CREATOR = "vanban samples/make_samples.py"


class SourceError(ValueError):
    """A sample source breaks the markup; the message names file and line so it can be fixed."""


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class TableBlock:
    """A grid table: relative column widths, per-column alignment and rows (first row = header)."""

    widths: tuple[float, ...]
    aligns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Closing:
    """The last block of a document: the ``Nơi nhận:`` list beside the signature."""

    recipients: tuple[str, ...]
    authority: tuple[str, ...]
    title: str
    signer: str


@dataclass(frozen=True)
class Block:
    """One body element; ``kind`` picks the style (para, h1, h2, h3, center, appendix, pagebreak, ...)."""

    kind: str
    text: str = ""
    table: TableBlock | None = None
    closing: Closing | None = None


@dataclass(frozen=True)
class SampleDoc:
    """A parsed source: the Decree 30 header parts, then the body blocks in order."""

    name: str
    parent: str | None
    issuer: tuple[str, ...]
    number: str
    place_date: str
    type_line: str
    summary: tuple[str, ...]
    formats: frozenset[str]
    blocks: tuple[Block, ...]
    scan: str | None = None  # reports only: reaches its set as a scan at this make_scans level

    @property
    def title(self) -> str:
        """PDF/DOCX title metadata: the type line and the summary, as a reader would cite it."""
        return f"{self.type_line} {' '.join(self.summary)}"

    @property
    def issuer_name(self) -> str:
        """The issuer's lines joined: a name the source breaks over two lines is still one name."""
        return " ".join(self.issuer)


# --------------------------------------------------------------------------- parsing


def _key_value(line: str, where: str) -> tuple[str, str]:
    """Split ``key: value`` keeping the value's inner spaces (blank draft numbers rely on them)."""
    key, sep, value = line.partition(":")
    if not sep:
        raise SourceError(f"{where}: expected 'key: value', got {line!r}")
    if value.startswith(" "):
        value = value[1:]
    return key.strip(), value.rstrip()


def _parse_table(spec: str, lines: list[str], where: str) -> TableBlock:
    """Read ``@table`` column specs (``7c 40 12r``: weight + optional c/r alignment) and its rows."""
    widths: list[float] = []
    aligns: list[str] = []
    for token in spec.split():
        match = re.fullmatch(r"(\d+(?:\.\d+)?)([lcr]?)", token)
        if not match:
            raise SourceError(f"{where}: bad column spec {token!r} (use e.g. '7c 40 12r')")
        widths.append(float(match.group(1)))
        aligns.append(match.group(2) or "l")
    rows: list[tuple[str, ...]] = []
    for line in lines:
        cells = tuple(cell.strip() for cell in line.split("|"))
        if widths and len(cells) != len(widths):
            raise SourceError(f"{where}: row has {len(cells)} cells, table has {len(widths)}: {line!r}")
        rows.append(cells)
    if not rows:
        raise SourceError(f"{where}: empty table")
    if not widths:
        widths = [1.0] * len(rows[0])
        aligns = ["l"] * len(rows[0])
    return TableBlock(tuple(widths), tuple(aligns), tuple(rows))


def _parse_closing(lines: list[tuple[int, str]], path: Path) -> Closing:
    """Read the ``@closing`` block; a missing signer or title is an error, not a blank."""
    values: dict[str, list[str]] = {key: [] for key in CLOSING_KEYS}
    for number, line in lines:
        key, value = _key_value(line, f"{path}:{number}")
        if key not in CLOSING_KEYS:
            raise SourceError(f"{path}:{number}: unknown closing key {key!r}")
        values[key].append(value)
    for key in ("title", "signer"):
        if len(values[key]) != 1:
            raise SourceError(f"{path}: @closing needs exactly one {key!r}")
    return Closing(
        recipients=tuple(values["recipient"]),
        authority=tuple(values["authority"]),
        title=values["title"][0],
        signer=values["signer"][0],
    )


def _until_end(lines: Iterator[tuple[int, str]], path: Path, start: int) -> list[tuple[int, str]]:
    """Collect the lines of a block up to its ``@end``, so an unclosed block fails loudly."""
    body: list[tuple[int, str]] = []
    for number, line in lines:
        if line.strip() == "@end":
            return body
        if line.strip():
            body.append((number, line))
    raise SourceError(f"{path}:{start}: block not closed with @end")


def parse_source(path: Path, *, report: bool = False) -> SampleDoc:
    """Parse one ``samples/sources/*.txt`` file into a :class:`SampleDoc`.

    ``report``: a unit report under ``sources/reports/``; it may be DOCX only
    (``formats: docx``, as a unit mails its Word file) or a scan (``scan:``).
    A plan always has a PDF and is never a scan.
    """
    text = path.read_text(encoding="utf-8")
    numbered = [
        (number, raw.rstrip("\n"))
        for number, raw in enumerate(text.splitlines(), start=1)
        if not raw.startswith("%%")
    ]
    lines = iter(numbered)
    header: dict[str, list[str]] = {key: [] for key in HEADER_KEYS}
    for number, line in lines:
        if line.strip() == "---":
            break
        if not line.strip():
            continue
        key, value = _key_value(line, f"{path}:{number}")
        if key not in HEADER_KEYS:
            raise SourceError(f"{path}:{number}: unknown header key {key!r}")
        header[key].append(value)
    else:
        raise SourceError(f"{path}: header is not closed with '---'")
    for key in ("issuer", "number", "place_date", "type", "summary"):
        if not header[key]:
            raise SourceError(f"{path}: header needs {key!r}")
    for key in ("parent", "number", "place_date", "type", "formats", "scan"):
        if len(header[key]) > 1:
            raise SourceError(f"{path}: header key {key!r} given twice")
    formats = frozenset((header["formats"] or ["pdf"])[0].split())
    if not formats or not formats <= FORMATS or ("pdf" not in formats and not report):
        raise SourceError(f"{path}: formats must include pdf and be among {sorted(FORMATS)}")
    scan = header["scan"][0].strip() if header["scan"] else None
    if scan is not None and (not report or scan not in SCAN_LEVELS or formats != {"pdf"}):
        raise SourceError(f"{path}: 'scan: <{'|'.join(SCAN_LEVELS)}>' is for report sources with formats: pdf")

    blocks: list[Block] = []
    for number, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        where = f"{path}:{number}"
        if stripped.startswith("@"):
            directive, _, arg = stripped.partition(" ")
            if directive == "@table":
                rows = [row for _, row in _until_end(lines, path, number)]
                blocks.append(Block("table", table=_parse_table(arg, rows, where)))
            elif directive == "@closing":
                blocks.append(Block("closing", closing=_parse_closing(_until_end(lines, path, number), path)))
            elif directive == "@pagebreak":
                blocks.append(Block("pagebreak"))
            elif directive in ("@center", "@appendix"):
                blocks.append(Block(directive[1:], text=arg.strip()))
            else:
                raise SourceError(f"{where}: unknown directive {directive!r}")
        elif stripped.startswith("### "):
            blocks.append(Block("h3", text=stripped[4:]))
        elif stripped.startswith("## "):
            blocks.append(Block("h2", text=stripped[3:]))
        elif stripped.startswith("# "):
            blocks.append(Block("h1", text=stripped[2:]))
        else:
            blocks.append(Block("para", text=stripped))
    if sum(block.kind == "closing" for block in blocks) != 1:
        raise SourceError(f"{path}: exactly one @closing block is required")
    return SampleDoc(
        name=path.stem,
        parent=header["parent"][0] if header["parent"] else None,
        issuer=tuple(header["issuer"]),
        number=header["number"][0],
        place_date=header["place_date"][0],
        type_line=header["type"][0],
        summary=tuple(header["summary"]),
        formats=formats,
        blocks=tuple(blocks),
        scan=scan,
    )


def load_sources(sources_dir: Path = SOURCES_DIR) -> list[SampleDoc]:
    """All sources, sorted by name so output order (and any error) is stable."""
    return [parse_source(path) for path in sorted(sources_dir.glob("*.txt"))]


def load_report_sources(root: Path = REPORT_SOURCES_DIR) -> dict[str, list[SampleDoc]]:
    """Report sources by set (``root/<set>/*.txt``), sets and files sorted by name."""
    if not root.is_dir():
        return {}
    return {
        folder.name: [parse_source(path, report=True) for path in sorted(folder.glob("*.txt"))]
        for folder in sorted(p for p in root.iterdir() if p.is_dir())
    }


_INLINE = re.compile(r"(\*\*.+?\*\*|\*[^*\s][^*]*?\*)")


def segments(text: str) -> list[tuple[str, bool, bool]]:
    """Split inline markup into ``(text, bold, italic)`` runs; shared by the PDF and DOCX writers."""
    runs: list[tuple[str, bool, bool]] = []
    for piece in _INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            runs.append((piece[2:-2], True, False))
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            runs.append((piece[1:-1], False, True))
        else:
            runs.append((piece, False, False))
    return runs


# --------------------------------------------------------------------------- PDF


@functools.cache
def _pdf_styles() -> dict[str, Any]:
    """Register Liberation Serif (Times New Roman metrics, full Vietnamese) and build the styles.

    Cached: reportlab's font registry is process-global, so this runs once per process.
    """
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = {
        "Serif": "Regular",
        "Serif-Bold": "Bold",
        "Serif-Italic": "Italic",
        "Serif-BoldItalic": "BoldItalic",
    }
    for name, face in faces.items():
        font_path = FONT_DIR / f"LiberationSerif-{face}.ttf"
        if not font_path.exists():
            raise FileNotFoundError(f"{font_path} is missing: install fonts-liberation2 (make system)")
        # asciiReadable=False: subset only the glyphs used, not all of ASCII in every face,
        # which keeps each sample PDF well under 100 KB.
        pdfmetrics.registerFont(TTFont(name, str(font_path), asciiReadable=False))
    pdfmetrics.registerFontFamily(
        "Serif", normal="Serif", bold="Serif-Bold", italic="Serif-Italic", boldItalic="Serif-BoldItalic"
    )

    def style(name: str, font: str = "Serif", size: float = 14, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", round(size * 1.2, 1))
        return ParagraphStyle(name, fontName=font, fontSize=size, **kw)

    # Body text: 14 pt, justified, 1 cm first-line indent, 6 pt between paragraphs (Decree 30),
    # leading 15.5 pt so the seed plan keeps its original four pages.
    body: dict[str, Any] = {
        "leading": 15.5,
        "alignment": TA_JUSTIFY,
        "firstLineIndent": 10 * mm,
        "spaceAfter": 6,
    }
    styles = {
        "parent": style("parent", size=13, alignment=TA_CENTER, leading=15),
        "issuer": style("issuer", "Serif-Bold", 13, alignment=TA_CENTER, leading=15),
        "number": style("number", size=13, alignment=TA_CENTER),
        "motto": style("motto", "Serif-Bold", 12, alignment=TA_CENTER, leading=15),
        "motto_sub": style("motto_sub", "Serif-Bold", 13, alignment=TA_CENTER, leading=15),
        "place": style("place", "Serif-Italic", 14, alignment=TA_CENTER),
        "type": style("type", "Serif-Bold", 14, alignment=TA_CENTER, spaceBefore=16),
        "summary": style("summary", "Serif-Bold", 14, alignment=TA_CENTER),
        "para": style("para", **body),
        "h1": style("h1", "Serif-Bold", keepWithNext=1, **body),
        "h2": style("h2", "Serif-Bold", keepWithNext=1, **body),
        "h3": style("h3", "Serif-Italic", keepWithNext=1, **body),
        "center": style("center", alignment=TA_CENTER, spaceAfter=4),
        "appendix": style("appendix", "Serif-Bold", alignment=TA_CENTER, spaceAfter=2),
        "noi_nhan": style("noi_nhan", "Serif-BoldItalic", 12, alignment=TA_LEFT),
        "recipient": style("recipient", size=11, alignment=TA_LEFT, leading=13),
        "sign": style("sign", "Serif-Bold", 14, alignment=TA_CENTER, leading=17),
    }
    for size in (11, 12):
        styles[f"cell{size}"] = style(f"cell{size}", size=size, alignment=TA_LEFT)
        styles[f"cell{size}c"] = style(f"cell{size}c", size=size, alignment=TA_CENTER)
        styles[f"cell{size}r"] = style(f"cell{size}r", size=size, alignment=TA_RIGHT)
        styles[f"head{size}"] = style(f"head{size}", "Serif-Bold", size, alignment=TA_CENTER)
    return styles


def _markup(text: str) -> str:
    """Source text to reportlab paragraph markup; runs of spaces survive as no-break spaces.

    Blank draft numbers and dates (``Số:      /KH-UBND``) are printed with their
    gap, as a real draft shows it; reportlab would otherwise collapse it.
    """
    out: list[str] = []
    for run, bold, italic in segments(text):
        piece = re.sub(r" {2,}", lambda m: "\u00a0" * len(m.group()), escape(run))
        if bold:
            piece = f"<b>{piece}</b>"
        if italic:
            piece = f"<i>{piece}</i>"
        out.append(piece)
    return "".join(out)


def _rule(width_pt: float, thickness: float = 0.6) -> Flowable:
    """A short centred horizontal line, as under the issuer, the motto and the summary."""
    from reportlab.platypus.flowables import Flowable

    class _Rule(Flowable):
        """Centred line: Decree 30 wants it 1/3 to 1/2 of the text above (the motto: its full width)."""

        def __init__(self) -> None:
            super().__init__()
            self._avail = width_pt

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self._avail = avail_width
            return avail_width, 5

        def draw(self) -> None:
            x0 = (self._avail - width_pt) / 2
            self.canv.setLineWidth(thickness)
            self.canv.line(x0, 3, x0 + width_pt, 3)

    return _Rule()


def _pdf_header(doc: SampleDoc, text_width: float) -> list[Flowable]:
    """The borderless two-column header: issuing body | motto, then number | place and date."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    st = _pdf_styles()
    left_w, right_w = 73 * mm, text_width - 73 * mm
    left: list[Flowable] = []
    if doc.parent:
        left.append(Paragraph(_markup(doc.parent), st["parent"]))
    left.extend(Paragraph(_markup(line), st["issuer"]) for line in doc.issuer)
    issuer_w = max(stringWidth(line, "Serif-Bold", 13) for line in doc.issuer)
    left.append(_rule(min(issuer_w, left_w - 8) * 0.45))
    right = [
        Paragraph(MOTTO, st["motto"]),
        Paragraph(MOTTO_SUB, st["motto_sub"]),
        _rule(stringWidth(MOTTO_SUB, "Serif-Bold", 13)),
    ]
    table = Table(
        [
            [left, right],
            [Paragraph(_markup(doc.number), st["number"]), Paragraph(_markup(doc.place_date), st["place"])],
        ],
        colWidths=[left_w, right_w],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    summary_w = max(stringWidth(line, "Serif-Bold", 14) for line in doc.summary)
    return [
        table,
        Paragraph(_markup(doc.type_line), st["type"]),
        *(Paragraph(_markup(line), st["summary"]) for line in doc.summary),
        _rule(min(summary_w * 0.35, 60 * mm)),
        Spacer(1, 8),
    ]


def _pdf_table(block: TableBlock, text_width: float) -> Flowable:
    """A grid table with wrapped cells; wide tables (6+ columns) drop to 11 pt like real appendices."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    st = _pdf_styles()
    size = 11 if len(block.widths) >= 6 else 12
    total = sum(block.widths)
    widths = [text_width * w / total for w in block.widths]
    rows: list[list[Flowable]] = [[Paragraph(_markup(cell), st[f"head{size}"]) for cell in block.rows[0]]]
    for row in block.rows[1:]:
        rows.append(
            [
                Paragraph(_markup(cell), st[f"cell{size}{'' if align == 'l' else align}"])
                for cell, align in zip(row, block.aligns, strict=True)
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1, spaceBefore=4, spaceAfter=8)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _pdf_closing(closing: Closing, text_width: float) -> Flowable:
    """Recipients (left) beside the signature block (right), in one borderless row that never splits."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    st = _pdf_styles()
    left: list[Flowable] = [Paragraph("Nơi nhận:", st["noi_nhan"])]
    left.extend(Paragraph(_markup(line), st["recipient"]) for line in closing.recipients)
    right: list[Flowable] = [Paragraph(_markup(line), st["sign"]) for line in closing.authority]
    right.append(Paragraph(_markup(closing.title), st["sign"]))
    right.append(Spacer(1, 26 * mm))
    right.append(Paragraph(_markup(closing.signer), st["sign"]))
    table = Table([[left, right]], colWidths=[text_width * 0.48, text_width * 0.52], spaceBefore=10)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def render_pdf(doc: SampleDoc) -> bytes:
    """Lay out one document on A4 (margins 20/20/30/15 mm) and return the PDF bytes."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate

    st = _pdf_styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=doc.title,
        author=doc.issuer_name,
        subject=doc.number,
        creator=CREATOR,
        producer=CREATOR,
        keywords="vanban sample",
        invariant=1,
        pageCompression=1,
        lang="vi",
    )
    width = template.width
    story: list[Flowable] = _pdf_header(doc, width)
    for block in doc.blocks:
        if block.kind == "pagebreak":
            story.append(PageBreak())
        elif block.kind == "appendix":
            story.extend([PageBreak(), Paragraph(_markup(block.text), st["appendix"])])
        elif block.kind == "table" and block.table is not None:
            story.append(_pdf_table(block.table, width))
        elif block.kind == "closing" and block.closing is not None:
            # The signature never stands alone on a page: it takes the closing paragraph along.
            tail = [story.pop()] if story and isinstance(story[-1], Paragraph) else []
            story.append(KeepTogether([*tail, _pdf_closing(block.closing, width)]))
        else:
            story.append(Paragraph(_markup(block.text), st[block.kind]))

    def page_number(canvas: Any, tpl: Any) -> None:
        """Decree 30: pages from the second on carry their number, centred in the top margin."""
        canvas.saveState()
        canvas.setFont("Serif", 13)
        canvas.drawCentredString(30 * mm + width / 2, A4[1] - 12 * mm, str(tpl.page))
        canvas.restoreState()

    # Plain Flate streams (no ASCII85 layer): smaller files; restored so other users of
    # reportlab in the same process are not affected.
    saved_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        template.build(story, onLaterPages=page_number)
    finally:
        rl_config.useA85 = saved_a85
    return buffer.getvalue()


# --------------------------------------------------------------------------- DOCX


def _docx_runs(
    paragraph: DocxParagraph, text: str, size: float, bold: bool = False, italic: bool = False
) -> None:
    """Add the inline runs of ``text`` to a python-docx paragraph with a fixed font and size."""
    from docx.shared import Pt

    for run_text, run_bold, run_italic in segments(text):
        run = paragraph.add_run(run_text)
        run.font.size = Pt(size)
        run.bold = bold or run_bold or None
        run.italic = italic or run_italic or None


def _docx_cell_lines(cell: DocxCell, lines: Iterable[tuple[str, float, bool, bool]], align: int) -> None:
    """Write ``(text, size, bold, italic)`` lines into a table cell, one paragraph each, no spacing."""
    from docx.shared import Pt

    first = True
    for text, size, bold, italic in lines:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        para.alignment = align
        para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.space_before = Pt(0)
        _docx_runs(para, text, size, bold, italic)


def _docx_widths(table: DocxTable, widths: Iterable[int]) -> None:
    """Fix column widths both in the grid and on every cell: Word reads the grid, LibreOffice the cells."""
    widths = list(widths)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def render_docx(doc: SampleDoc) -> bytes:
    """Write the document as a Word draft would be: borderless header table, body, grid tables."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    center, left_al, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    text_width = Mm(165)

    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), "Times New Roman")

    header = word.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    _docx_widths(header, (Mm(73), text_width - Mm(73)))
    left_lines = ([(doc.parent, 13, False, False)] if doc.parent else []) + [
        (line, 13, True, False) for line in doc.issuer
    ]
    _docx_cell_lines(header.cell(0, 0), left_lines, center)
    _docx_cell_lines(header.cell(0, 1), [(MOTTO, 12, True, False), (MOTTO_SUB, 13, True, False)], center)
    _docx_cell_lines(header.cell(1, 0), [(doc.number, 13, False, False)], center)
    _docx_cell_lines(header.cell(1, 1), [(doc.place_date, 14, False, True)], center)

    def body_paragraph(text: str, bold: bool = False, italic: bool = False, align: int = justify) -> None:
        para = word.add_paragraph()
        para.alignment = align
        fmt = para.paragraph_format
        fmt.space_after = Pt(6)
        if align == justify:
            fmt.first_line_indent = Cm(1)
        _docx_runs(para, text, 14, bold, italic)

    word.add_paragraph()
    body_paragraph(doc.type_line, bold=True, align=center)
    for line in doc.summary:
        body_paragraph(line, bold=True, align=center)

    for block in doc.blocks:
        if block.kind == "pagebreak":
            word.add_page_break()
        elif block.kind == "appendix":
            word.add_page_break()
            body_paragraph(block.text, bold=True, align=center)
        elif block.kind == "center":
            body_paragraph(block.text, align=center)
        elif block.kind in ("h1", "h2"):
            body_paragraph(block.text, bold=True)
        elif block.kind == "h3":
            body_paragraph(block.text, italic=True)
        elif block.kind == "table" and block.table is not None:
            spec = block.table
            size = 11 if len(spec.widths) >= 6 else 12
            grid = word.add_table(rows=len(spec.rows), cols=len(spec.widths))
            grid.style = word.styles["Table Grid"]
            grid.autofit = False
            total = sum(spec.widths)
            _docx_widths(grid, (int(text_width * w / total) for w in spec.widths))
            aligns = {"l": left_al, "c": center, "r": WD_ALIGN_PARAGRAPH.RIGHT}
            for r, row in enumerate(spec.rows):
                for c, cell_text in enumerate(row):
                    cell = grid.cell(r, c)
                    align = center if r == 0 else aligns[spec.aligns[c]]
                    _docx_cell_lines(cell, [(cell_text, size, r == 0, False)], align)
        elif block.kind == "closing" and block.closing is not None:
            closing = block.closing
            word.add_paragraph()
            sign = word.add_table(rows=1, cols=2)
            sign.autofit = False
            _docx_widths(sign, (int(text_width * 0.48), int(text_width * 0.52)))
            recipients = [("Nơi nhận:", 12, True, True)] + [(r, 11, False, False) for r in closing.recipients]
            _docx_cell_lines(sign.cell(0, 0), recipients, left_al)
            signature = [(line, 14, True, False) for line in closing.authority]
            signature.append((closing.title, 14, True, False))
            signature.extend([("", 14, False, False)] * 4)
            signature.append((closing.signer, 14, True, False))
            _docx_cell_lines(sign.cell(0, 1), signature, center)
        else:
            body_paragraph(block.text)

    props = word.core_properties
    props.title = doc.title
    props.author = doc.issuer_name
    props.subject = doc.number
    props.keywords = "vanban sample"
    props.comments = f"Rendered from samples/sources/{doc.name}.txt"
    props.last_modified_by = CREATOR
    props.created = props.modified = props.last_printed = FIXED_DOC_TIME
    props.revision = 1
    props.language = "vi-VN"

    buffer = io.BytesIO()
    word.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a ZIP (the DOCX container) with fixed entry timestamps and attributes.

    python-docx stamps every entry with the current time, which would make
    each render differ and defeat ``--check``.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- driver

RENDERERS: dict[str, Callable[[SampleDoc], bytes]] = {"pdf": render_pdf, "docx": render_docx}


def _write_formats(doc: SampleDoc, out_dir: Path) -> list[Path]:
    """Write ``doc`` in each of its formats into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in ("pdf", "docx"):
        if fmt in doc.formats:
            path = out_dir / f"{doc.name}.{fmt}"
            path.write_bytes(RENDERERS[fmt](doc))
            written.append(path)
    return written


def render_all(out_dir: Path, sources_dir: Path = SOURCES_DIR) -> list[Path]:
    """Render every plan source into ``out_dir``; returns the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for doc in load_sources(sources_dir):
        written.extend(_write_formats(doc, out_dir))
    return written


def render_reports(out_root: Path, sources_root: Path = REPORT_SOURCES_DIR) -> list[Path]:
    """Render every report source into ``out_root/<set>/``; returns the written paths.

    Scanned reports (``scan:``) are skipped: their set gets the scan, which
    ``make_scans.py --reports`` makes, never the born-digital file (one report
    per file: a set holding both would hold two reports of one unit).
    """
    written: list[Path] = []
    for set_name, docs in load_report_sources(sources_root).items():
        for doc in docs:
            if doc.scan is None:
                written.extend(_write_formats(doc, out_root / set_name))
    return written


def check(
    plans_dir: Path = PLANS_DIR,
    sources_dir: Path = SOURCES_DIR,
    scratch: Path | None = None,
    *,
    reports_dir: Path | None = REPORTS_DIR,
    report_sources: Path = REPORT_SOURCES_DIR,
) -> list[str]:
    """Re-render into a scratch directory and list every committed file that is missing or stale.

    An empty list means the committed samples are exactly what the sources
    produce.  Stale renders are kept in the scratch directory (a new temporary
    directory unless one is given) and named in the message, so the
    difference can be inspected.  Reports are checked too (``reports_dir=None``
    skips them), including files in a set folder that no source renders to
    (a renamed or deleted source leaves one behind).
    """
    problems: list[str] = []
    keep = scratch if scratch is not None else Path(tempfile.mkdtemp(prefix="vanban-samples-"))
    pairs = [(plans_dir / fresh.name, fresh) for fresh in render_all(keep, sources_dir)]
    if reports_dir is not None:
        fresh_reports = render_reports(keep / "reports", report_sources)
        pairs += [(reports_dir / f.parent.name / f.name, f) for f in fresh_reports]
        expected = {committed for committed, _ in pairs}
        for committed in sorted(reports_dir.glob("*/*")):
            if committed.is_file() and committed not in expected:
                problems.append(f"{committed} has no source in {report_sources}")
    for committed, fresh in pairs:
        if not committed.exists():
            problems.append(f"{committed} is missing (fresh render: {fresh})")
        elif committed.read_bytes() != fresh.read_bytes():
            problems.append(f"{committed} differs from its source (fresh render: {fresh})")
    if not problems and scratch is None:
        shutil.rmtree(keep)
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line: render to ``samples/plans`` or, with ``--check``, verify it is up to date."""
    parser = argparse.ArgumentParser(description="Render samples/sources/*.txt to PDF (and DOCX).")
    parser.add_argument("--check", action="store_true", help="verify committed files; write nothing")
    parser.add_argument("--out", type=Path, default=PLANS_DIR, help="directory (default samples/plans)")
    parser.add_argument(
        "--reports-out", type=Path, default=REPORTS_DIR, help="report sets (default samples/reports)"
    )
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.out, reports_dir=args.reports_out)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("samples are stale: run `python samples/make_samples.py`", file=sys.stderr)
            return 1
        reports = sum(len(docs) for docs in load_report_sources().values())
        print(f"samples up to date ({len(list(load_sources()))} plan sources, {reports} report sources)")
        return 0
    for path in [*render_all(args.out), *render_reports(args.reports_out)]:
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
