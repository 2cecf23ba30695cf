"""List exports: rows of dicts as CSV (UTF-8 with BOM, for Excel in China) or XLSX.

Every text cell that a spreadsheet could take for a formula (it starts with ``=``,
``+``, ``-``, ``@``, tab, carriage return or line feed) gets a leading ``'``, in both
formats, so opening an export never runs anything. Numbers stay numbers; lists are
joined with "；"; dates are text ``YYYY-MM-DD``; ``True``/``False`` are 是/否.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

JOIN = "；"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_WIDTH = 60


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: object) -> str:
    """How a value reads in a list (before neutralising)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return JOIN.join(t for t in (cell_text(v) for v in items) if t)
    return str(value)


def cell_value(value: object) -> str | int | float:
    """A safe cell: a number as is, anything else as neutralised text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralise(cell_text(value))


def export_rows(
    columns: list[tuple[str, str]],
    rows: list[dict],
    fmt: Literal["csv", "xlsx"],
    *,
    sheet: str = "导出",
) -> bytes:
    """Rows as CSV or XLSX bytes; ``columns`` are ``(key, Chinese header)`` in order."""
    headers = [neutralise(cell_text(h)) for _, h in columns]
    body = [[cell_value(row.get(key)) for key, _ in columns] for row in rows]
    if fmt == "csv":
        return _csv(headers, body)
    if fmt == "xlsx":
        return _xlsx(headers, body, sheet)
    raise ValueError(f"unknown list format {fmt!r}; csv or xlsx")


def _csv(headers: list[str], body: list[list]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(body)
    return buf.getvalue().encode("utf-8-sig")


def _display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count twice."""
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _xlsx(headers: list[str], body: list[list], sheet: str) -> bytes:
    wb = Workbook()
    fill_sheet(wb.active, sheet, headers, body)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def fill_sheet(ws: Worksheet, title: str, headers: list[str], body: list[list]) -> Worksheet:
    """A worksheet titled ``title`` holding a header row (bold, frozen, filtered) and ``body``,
    its columns as wide as their text; cells as :func:`cell_value` makes them."""
    ws.title = _sheet_title(title)
    ws.append([_xlsx_text(h) for h in headers])
    for row in body:
        ws.append([_xlsx_text(v) if isinstance(v, str) else v for v in row])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A2"
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(body) + 1}"
    for i, header in enumerate(headers, start=1):
        widest = max([_display_width(header), *(_display_width(str(r[i - 1])) for r in body[:2000])])
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(8, widest + 2))
    return ws


def _xlsx_text(text: str) -> str:
    """Text openpyxl stores as a string: no characters XML forbids (a neutralised cell never starts with ``=``)."""
    return ILLEGAL_CHARACTERS_RE.sub(" ", text)


def _sheet_title(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return (name.strip() or "导出")[:31]
