"""Word (.docx) files: paragraphs and tables in body order.

Unit reports often arrive as Word files. Word drafts lay out the header
(issuing body beside the motto) and the end block (Nơi nhận beside the
signature) as borderless tables of a row or two whose cells hold several
paragraphs; those are read column by column like a PDF column zone. Other
tables are data and become `a | b | c` rows.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from pipeline.errors import BadInputError
from pipeline.ingest.textlines import line_from_text, page_from_lines
from schemas.page import Line, Page

_LAYOUT_TABLE_MAX_ROWS = 2


def read_docx(path: Path) -> list[Page]:
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on damage
        raise BadInputError(path, f"cannot open the Word document ({type(exc).__name__}: {exc})") from exc
    pages: list[list[Line]] = [[]]

    def add(text: str, cells: list[str] | None = None) -> None:
        line = line_from_text(text, len(pages[-1]), cells)
        if line is not None:
            pages[-1].append(line)

    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = "".join(node.text or "" for node in block.iter(qn("w:t")))
            for piece in text.splitlines() or [""]:
                add(piece)
            if any(br.get(qn("w:type")) == "page" for br in block.iter(qn("w:br"))):
                pages.append([])
        elif block.tag == qn("w:tbl"):
            rows = _table_rows(block, document)
            if _is_layout_table(rows):
                for column in range(max(len(r) for r in rows)):
                    for row in rows:
                        for paragraph in row[column] if column < len(row) else []:
                            add(paragraph)
            else:
                for row in rows:
                    add("", [" ".join(paragraphs) for paragraphs in row])
    return [page_from_lines(n, lines) for n, lines in enumerate(pages, start=1) if lines or n == 1]


def _table_rows(tbl, parent) -> list[list[list[str]]]:  # noqa: ANN001 - lxml element, python-docx parent
    """Rows of cells of paragraphs on python-docx's own layout grid.

    A vertically merged cell (`w:vMerge`) holds its content in its first row only; the grid gives that
    content to every row it spans, so a row keeps its label (a `STT` or `Chỉ tiêu` heading over two
    header rows, a unit over several rows of a table like LD09's `Đơn vị tính`). A horizontally merged
    cell (`w:gridSpan`) is one cell of the row, kept once.
    """
    from docx.table import Table, _Cell

    rows = []
    for row in Table(tbl, parent).rows:
        cells = []
        previous = None
        try:
            grid = row.cells
        except (ValueError, IndexError, AttributeError):  # a `continue` with no cell above: read as written
            grid = tuple(_Cell(tc, parent) for tc in row._tr.tc_lst)  # noqa: SLF001
        for cell in grid:
            if cell._tc is previous:  # noqa: SLF001 - the same w:tc spans several grid columns
                continue
            previous = cell._tc  # noqa: SLF001
            paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cell._tc.iter(qn("w:p"))]  # noqa: SLF001
            cells.append([p for p in paragraphs if p.strip()])
        rows.append(cells)
    return rows


def _is_layout_table(rows: list[list[list[str]]]) -> bool:
    return (
        0 < len(rows) <= _LAYOUT_TABLE_MAX_ROWS
        and all(len(r) <= 3 for r in rows)
        and any(len(cell) > 1 for row in rows for cell in row)
    )
