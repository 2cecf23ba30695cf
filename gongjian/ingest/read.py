"""Reading ledgers: a folder of CSV files or one ``.xlsx`` workbook, into sheets of cells.

Decoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK), delimiter and
header recognition happen here; what a cell means is the business of
:mod:`gongjian.ingest.parse`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from gongjian.ingest.limits import MAX_CELLS, MAX_COLUMNS, LimitExceeded, check_workbook, checkpoint
from gongjian.model import TABLES, Column, Table, table_for_sheet, zh_series

csv.field_size_limit(16 * 1024 * 1024)

Cell = str | int | float | dt.date | dt.datetime | bool | None


@dataclass(frozen=True, slots=True)
class Problem:
    """One rejected row (or a whole file): where, which cell, what was there, why."""

    file: str
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass
class Sheet:
    """One table of a dataset: its rows as the spreadsheet numbers them (header = row 1)."""

    table: Table
    file: str
    columns: dict[str, int]
    """model column name → cell index, for the columns the file has."""
    extras: dict[str, int]
    """property name → cell index, for columns the model does not know (kept as properties)."""
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    width: int = 0


@dataclass
class Dataset:
    sheets: list[Sheet]
    problems: list[Problem]
    """File-level problems (unreadable file, missing column, unknown sheet)."""
    ignored: list[str] = field(default_factory=list)
    """Files of a folder that are no ledgers (not .csv: a 说明.txt, a Word file), not read."""


class DatasetError(Exception):
    """The path is not a dataset at all (no such folder, not a workbook)."""


_HEADER_NOISE = re.compile(r"[\s*＊:：]+")


def normalise_header(text: object) -> str:
    """Header as matched: full-width folded (NFKC), spaces and required-marks (*) removed."""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", str(text or ""))).casefold()


@functools.cache
def _header_index(table: Table) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for col in table.columns:
        for h in col.headers:
            index[normalise_header(h)] = col
    return index


_RESERVED = frozenset({"id", "label", "category_inferred", "categories_text"})


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def map_headers(table: Table, file: str, header: list[Cell]) -> tuple[Sheet | None, list[Problem]]:
    """Match a header row to the table's columns; unknown headers become extra properties."""
    index = _header_index(table)
    columns: dict[str, int] = {}
    extras: dict[str, int] = {}
    problems: list[Problem] = []
    named = len(header)
    while named and (header[named - 1] is None or not str(header[named - 1]).strip()):
        named -= 1  # empty cells after the last header name do not count
    if named > MAX_COLUMNS:
        return None, [
            Problem(file, 1, "", "", f"列数过多：{named} 列，上限 {MAX_COLUMNS} 列（多余的列请删除）")
        ]
    for i, raw in enumerate(header):
        text = str(raw).strip() if raw is not None else ""
        col = index.get(normalise_header(text))
        if col is not None:
            if col.name in columns:
                first = header[columns[col.name]]
                problems.append(
                    Problem(
                        file,
                        1,
                        text,
                        text,
                        f"表头重复：第{_column_letter(i)}列与第{_column_letter(columns[col.name])}列（{first}）都是「{col.zh}」",
                    )
                )
            columns[col.name] = i
            continue
        name = unicodedata.normalize("NFKC", text).strip() or f"列{_column_letter(i)}"
        if name in _RESERVED or name in extras:
            name = f"{name}_{_column_letter(i)}"
        extras[name] = i
    for col in table.columns:
        if col.required and col.name not in columns:
            problems.append(Problem(file, 1, col.zh, "", f"缺少必填列「{col.zh}」（或 {col.name}）"))
    for group in table.one_of:
        if not any(name in columns for name in group):
            zh = [table.column(name).zh for name in group]
            problems.append(
                Problem(file, 1, "/".join(zh), "", zh_series([f"「{z}」" for z in zh], "与") + "至少要有一列")
            )
    if problems:
        return None, problems
    return Sheet(table, file, columns, extras, width=len(header)), []


# ------------------------------------------------------------------------- CSV


def decode(data: bytes) -> str:
    """Text of a CSV file in any encoding Chinese users' tools save."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise ValueError(
            f"无法识别的文件编码（不是 UTF-8 也不是 GB18030/GBK），第 {e.start} 字节处出错"
        ) from e


def _delimiter(first_line: str) -> str:
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


#: How much of a CSV file is looked at for its header before the whole file is read.
_HEAD_BYTES = 1024 * 1024


def _header_first(path: Path, table: Table) -> list[Problem]:
    """The problems of a CSV file's header, found from its first line alone (so a large file
    with no usable header is refused without being read whole); [] when it looks usable."""
    file = path.name
    with path.open("rb") as f:
        head = f.read(_HEAD_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return []  # UTF-16: its lines are read with the whole file
    end = head.find(b"\n")
    if end < 0:
        if len(head) < _HEAD_BYTES:
            return []  # one line only: read as it is
        return [Problem(file, 1, "", "", "第一行超过 1 MB，不是台账表头；请检查文件是否为 CSV 表格")]
    try:
        line = decode(head[:end]).rstrip("\r")
    except ValueError:
        return []  # said when the whole file is decoded
    if "\x00" in line or not line.strip():
        return []
    header = next(csv.reader([line], delimiter=_delimiter(line)), [])
    if not any(h.strip() for h in header):
        return []  # no header: said when the whole file is read
    _, problems = map_headers(table, file, list(header))
    return problems


def read_csv(path: Path, table: Table) -> tuple[Sheet | None, list[Problem]]:
    file = path.name
    try:
        early = _header_first(path, table)
        if early:
            return None, early
        text = decode(path.read_bytes())
    except (OSError, ValueError) as e:
        return None, [Problem(file, 1, "", "", f"无法读取文件：{e}")]
    if "\x00" in text:
        return None, [Problem(file, 1, "", "", "文件含有空字节（NUL），不是文本表格；请另存为 CSV")]
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            return None, [Problem(file, 1, "", "", "文件为空或没有表头")]
        sheet, problems = map_headers(table, file, list(header))
        if sheet is None:
            return None, problems
        rows = sheet.rows
        for n, cells in enumerate(reader, start=2):
            if not n & 4095:
                checkpoint()
            if "".join(cells).strip():  # blank rows carry nothing a user typed
                rows.append((n, cells))
    except csv.Error as e:
        return None, [Problem(file, reader.line_num, "", "", f"CSV 格式错误：{e}")]
    return sheet, []


# ------------------------------------------------------------------------ XLSX


def _xlsx_cell(v: Cell) -> Cell:
    if isinstance(v, str):
        return v
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    return v


def read_xlsx(path: Path) -> tuple[list[Sheet], list[Problem]]:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not zipfile.is_zipfile(path):
        return [], [Problem(path.name, 1, "", "", _NOT_A_WORKBOOK)]
    try:
        check_workbook(path)
    except LimitExceeded as e:
        return [], [Problem(path.name, 1, "", "", str(e))]
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, Exception) as e:  # noqa: BLE001 - any unreadable file
        return [], [Problem(path.name, 1, "", "", f"无法读取工作簿：{type(e).__name__}: {e}")]
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    budget = [MAX_CELLS]
    try:
        for ws in wb.worksheets:
            where = f"{path.name}#{ws.title}"
            try:
                sheet = _read_sheet(ws, where, seen, problems, budget)
            except LimitExceeded as e:  # the whole workbook is refused: nothing of it is read further
                return [], [Problem(where, 1, "", "", str(e))]
            except Exception as e:  # noqa: BLE001 - a damaged sheet (XML cut short …) is refused whole
                problems.append(Problem(where, 1, "", ws.title, f"无法读取工作表：{type(e).__name__}: {e}"))
                continue
            if sheet is not None:
                sheets.append(sheet)
    finally:
        wb.close()
    if not sheets and not problems:  # openpyxl silently skips a sheet whose part is missing
        problems.append(
            Problem(
                path.name,
                1,
                "",
                "",
                "工作簿中没有可导入的台账工作表（文件也可能已损坏）；工作表名应为 "
                + "、".join(f"{t.name}/{t.zh}" for t in TABLES.values()),
            )
        )
    return sheets, problems


_NOT_A_WORKBOOK = "不是 Excel 工作簿（.xlsx）；若是 CSV 文件，请把扩展名改为 .csv"


def _real_rows(ws, budget: list[int]):  # noqa: ANN001, ANN202
    """A worksheet's rows as its cells are, not as its declared dimension says (a sheet may
    declare A1:XFD1048576 and hold two cells), each costing its width from ``budget``."""
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        budget[0] -= len(row) or 1
        if budget[0] < 0:
            raise LimitExceeded(f"工作簿的单元格过多（上限 {MAX_CELLS:,} 个，含行内空格）；请拆分或改用 CSV")
        if not n & 4095:
            checkpoint()
        yield row


def _read_sheet(  # noqa: ANN001
    ws, where: str, seen: dict[str, str], problems: list[Problem], budget: list[int]
) -> Sheet | None:
    """One worksheet as a Sheet, or None (unknown, repeated, empty or refused: said in ``problems``)."""
    rows = _real_rows(ws, budget)
    table = table_for_sheet(ws.title)
    if table is None:
        if any(any(c not in (None, "") for c in r) for r in rows):
            problems.append(
                Problem(
                    where,
                    1,
                    "",
                    ws.title,
                    "未知的工作表名，未导入；应为 " + "、".join(f"{t.name}/{t.zh}" for t in TABLES.values()),
                )
            )
        return None
    if table.name in seen:
        problems.append(Problem(where, 1, "", ws.title, f"与工作表「{seen[table.name]}」是同一张表，未导入"))
        return None
    seen[table.name] = ws.title
    header = next(rows, None)
    if header is None or not any(h not in (None, "") for h in header):
        if any(True for _ in rows):
            problems.append(Problem(where, 1, "", "", "工作表没有表头"))
        return None
    sheet, errs = map_headers(table, where, list(header))
    if sheet is None:
        problems.extend(errs)
        return None
    widest = len(header)
    for n, cells in enumerate(rows, start=2):
        if any(c is not None and str(c).strip() for c in cells):
            sheet.rows.append((n, [_xlsx_cell(c) for c in cells]))
            widest = max(widest, len(cells))
    if widest > len(header):  # cells right of the header: columns without a name, as Excel shows them
        wider, errs = map_headers(sheet.table, where, [*header, *[None] * (widest - len(header))])
        if wider is None:
            problems.extend(errs)
            return None
        wider.rows = sheet.rows
        sheet = wider
    return sheet


# --------------------------------------------------------------------- dataset


def read_dataset(path: str | Path) -> Dataset:
    """Read a dataset folder or workbook; unreadable parts become problems, not exceptions."""
    p = Path(path)
    if p.is_dir():
        sheets: list[Sheet] = []
        problems: list[Problem] = []
        ignored: list[str] = []
        by_table: dict[str, Path] = {}
        for f in sorted(p.iterdir()):
            if f.name.startswith((".", "~$")) or not f.is_file():
                continue
            if f.suffix.lower() != ".csv":
                ignored.append(f.name)
                continue
            table = table_for_sheet(f.name)
            if table is None:
                # a .csv of another name: most likely a ledger misnamed
                problems.append(
                    Problem(
                        f.name,
                        1,
                        "",
                        f.name,
                        "未知的文件名，未导入；应为 " + "、".join(t.file for t in TABLES.values()),
                    )
                )
                continue
            if table.name in by_table:
                problems.append(
                    Problem(f.name, 1, "", f.name, f"与 {by_table[table.name].name} 是同一张表，未导入")
                )
                continue
            by_table[table.name] = f
            sheet, errs = read_csv(f, table)
            problems.extend(errs)
            if sheet is not None:
                sheets.append(sheet)
        if not by_table and not problems:
            raise DatasetError(f"{p} 中没有台账文件（{', '.join(t.file for t in TABLES.values())}）")
        return Dataset(sheets, problems, ignored)
    if p.is_file() and p.suffix.lower() in (".xlsx", ".xlsm"):
        sheets, problems = read_xlsx(p)
        return Dataset(sheets, problems)
    if p.is_file() and p.suffix.lower() == ".csv":
        table = table_for_sheet(p.name)
        if table is None:
            raise DatasetError(f"{p.name}：未知的文件名；应为 " + "、".join(t.file for t in TABLES.values()))
        sheet, errs = read_csv(p, table)
        return Dataset([sheet] if sheet else [], errs)
    if not p.exists():
        raise DatasetError(f"找不到 {p}")
    raise DatasetError(f"{p} 不是台账文件夹，也不是 .xlsx 工作簿")
