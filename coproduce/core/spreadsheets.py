"""Writing exports as spreadsheets: a CSV file streamed a line at a time, or an XLSX workbook, with every cell a
spreadsheet would run as a formula made plain text (OWASP "CSV injection"). Each export (people, payments) gives
its header and its rows of text; this module writes them."""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell starting with one of these as a formula; a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Line:
    """A file-like object for csv.writer whose write() hands back the line written."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list[str]]) -> Iterator[bytes]:
    """The CSV file, a line at a time, in UTF-8 with a byte order mark so that Excel reads "£" and accents right."""
    writer = csv.writer(_Line())
    yield codecs.BOM_UTF8 + writer.writerow([neutralise(title) for title in header]).encode()
    for row in rows:
        yield writer.writerow([neutralise(value) for value in row]).encode()


def xlsx_bytes(
    sheet_name: str,
    header: list[str],
    rows: Iterable[list[str]],
    *,
    cell_for: Callable[[int, str], tuple[Any, str] | None] | None = None,
) -> bytes:
    """The workbook as bytes (see `xlsx_write`)."""
    out = io.BytesIO()
    xlsx_write(out, sheet_name, header, rows, cell_for=cell_for)
    return out.getvalue()


def xlsx_file(sheet_name: str, header: list[str], rows: Iterable[list[str]]) -> IO[bytes]:
    """The workbook in a temporary file on disk, rewound, for a large export: the rows are written as they come,
    so memory stays the same however many there are. The file is deleted when closed."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response that sends it
    xlsx_write(out, sheet_name, header, rows)
    out.seek(0)
    return out


def xlsx_write(
    out: IO[bytes],
    sheet_name: str,
    header: list[str],
    rows: Iterable[list[str]],
    *,
    cell_for: Callable[[int, str], tuple[Any, str] | None] | None = None,
) -> None:
    """Write the workbook to `out` with openpyxl's write-only mode, so memory does not grow with cell objects.
    Headings are bold. `cell_for(column, text)` may give (value, number format) for a cell that should not be
    text, such as an amount of money; otherwise the cell is the text, neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    bold = Font(bold=True)
    titles = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=neutralise(title))
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    for row in rows:
        cells = []
        for index, text in enumerate(row):
            special = cell_for(index, text) if cell_for is not None else None
            if special is not None:
                cell = WriteOnlyCell(sheet, value=special[0])
                cell.number_format = special[1]
            else:
                # Control characters (other than tab and new lines) are not allowed in a workbook's XML; they go
                # first, so that what is left is what gets neutralised.
                cell = WriteOnlyCell(sheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", text)))
            cells.append(cell)
        sheet.append(cells)
    workbook.save(out)
