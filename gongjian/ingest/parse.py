"""What a cell means: dates, numbers, enums, codes, multi-value cells — driven by the model.

Each parser takes the raw cell and returns the normalised value or raises
:class:`CellError` with the reason in the users' words.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gongjian.ingest.classify import classify
from gongjian.ingest.codes import id_number_problem, looks_like_uscc, uscc_problem
from gongjian.ingest.limits import checkpoint
from gongjian.ingest.read import Cell, Problem, Sheet
from gongjian.model import CATEGORY, Column, Table, content_key, zh_series


class CellError(ValueError):
    """A cell's value is not acceptable; the message says why."""


_SPACE = re.compile(r"\s")
MULTI_SEP = re.compile(r"[;；、,，\n]+")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Integers and numbers must stay below this: both stores keep integers in 64 bits (as the CSV
#: reader's 18-digit limit already ensured; a workbook's numeric cell may hold any size).
MAX_NUMBER = 10**18
_INT = re.compile(r"^[+]?\d{1,3}(?:,\d{3})+$|^[+-]?\d+(?:\.0+)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)$")
_PHONE = re.compile(
    r"^(?:\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8}|400-?\d{3}-?\d{4}|1\d{4})$"
)


def as_text(v: Cell) -> str:
    """A cell as text, with surrounding (also full-width) spaces trimmed."""
    if type(v) is str:  # every CSV cell: the fast path
        return v.strip()
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def fold(s: str) -> str:
    """Full-width letters, digits and punctuation to their plain forms (ＡＢ１２ → AB12)."""
    return s.strip() if s.isascii() else unicodedata.normalize("NFKC", s).strip()


def visible(text: str) -> bool:
    """Whether ``text`` holds a character one can see (not only spaces, zero-width or bidi marks)."""
    if text.isascii() and text.isprintable():  # the common case: visible unless only spaces
        return not text.isspace() and bool(text)
    if text.isprintable():  # Chinese text: no control, format or separator but the ASCII space,
        seen = text.lstrip(" ")  # so its first other character is visible unless it is a mark
        if seen and unicodedata.category(seen[0]) not in _MARKS:
            return True
    return any(not ch.isspace() and unicodedata.category(ch) not in _INVISIBLE for ch in text)


_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
_MARKS = ("Mn", "Me")


def parse_date(v: Cell) -> str:
    if v.__class__ is str and len(v) == 10 and v[4] == "-" and v[7] == "-":  # 2023-05-01: the common case
        try:
            return dt.date.fromisoformat(v).isoformat()
        except ValueError:
            pass  # the full parser below says why
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, int | float) and not isinstance(v, bool):
        return _excel_serial(float(v))
    s = fold(as_text(v))
    m = _DATE.match(s) or _DATE8.match(s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError as e:
            raise CellError(f"日期不存在：{s}") from e
    if re.fullmatch(r"\d{1,5}(?:\.\d+)?", s):
        return _excel_serial(float(s))
    raise CellError("日期格式无法识别；可用 2023-05-01、2023/5/1、2023.05.01、2023年5月1日")


def _excel_serial(n: float) -> str:
    if not 1 <= n < 2958466:
        raise CellError(f"不是有效的 Excel 日期序号：{n:g}")
    return (_EXCEL_EPOCH + dt.timedelta(days=int(n))).isoformat()


def parse_int(v: Cell) -> int:
    if isinstance(v, bool):
        raise CellError("应为整数")
    if isinstance(v, int):
        n = v
    elif isinstance(v, float):
        if not v.is_integer():
            raise CellError("应为整数")
        n = int(v)
    else:
        s = fold(as_text(v))
        if not _INT.match(s) or len(s) > 18:
            raise CellError("应为整数")
        n = int(float(s.replace(",", ""))) if "." in s else int(s.replace(",", ""))
    if n < 0:
        raise CellError("不能为负数")
    if n >= MAX_NUMBER:
        raise CellError("数值过大（应小于10的18次方）")
    return n


def parse_number(v: Cell) -> float:
    if isinstance(v, int | float) and not isinstance(v, bool):
        if isinstance(v, int) and abs(v) >= MAX_NUMBER:
            raise CellError("数值过大（应小于10的18次方）")
        n = float(v)
    else:
        s = fold(as_text(v))
        if not _NUMBER.match(s) or len(s) > 24:
            raise CellError("应为数字")
        n = float(s)
    if n < 0:
        raise CellError("不能为负数")
    if n != n or n in (float("inf"),):
        raise CellError("应为数字")
    if n >= MAX_NUMBER:
        raise CellError("数值过大（应小于10的18次方）")
    return int(n) if n.is_integer() else n


def parse_id(v: Cell) -> str:
    """A key: folded, no inner spaces; an 18-character unit id must be a valid credit code."""
    s = v.strip() if v.__class__ is str and v.isascii() else fold(as_text(v))
    if _SPACE.search(s):
        raise CellError("编码中不能有空格")
    if "/" in s:
        raise CellError("编码中不能有“/”（接口地址以它分隔）")
    if len(s) > 100:
        raise CellError("编码过长（超过100个字符）")
    return s


def split_multi(v: Cell) -> list[str]:
    return [p.strip() for p in MULTI_SEP.split(as_text(v)) if p.strip()]


def _long_number_hint(v: Cell) -> str:
    if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) >= 1e14:
        return "（Excel 把长数字存成了数值，末位已丢失；请把该列设为文本后重新录入）"
    return ""


def check_personal(col: Column, v: Cell) -> str:
    s = as_text(v)
    if col.personal == "id_number":
        s = fold(s).upper()
        problem = id_number_problem(s)
        if problem:
            raise CellError(problem + _long_number_hint(v))
    elif col.personal == "phone":
        digits = fold(s).replace(" ", "")
        for part in split_multi(digits):
            if not _PHONE.match(part):
                raise CellError("电话号码格式不对（手机11位，座机如 0871-63123456）")
        s = digits
    return s


@dataclass(slots=True)
class Record:
    """A row that passed its own checks; references are resolved later against the dataset and store."""

    row: int
    key: str
    props: dict[str, Any]
    refs: dict[str, list[str]] = field(default_factory=dict)


@functools.cache
def parser(col: Column) -> Callable[[Cell], Any]:
    """The parser of a column's cells."""
    if col.kind == "id":
        if col.credit_code:

            def credit_code(v: Cell) -> str:
                s = parse_id(v)
                if looks_like_uscc(s):
                    s = s.upper()
                    problem = uscc_problem(s)
                    if problem:
                        raise CellError(problem + "；不是信用代码的本地编码请勿用18位")
                return s

            return credit_code
        return parse_id
    if col.kind == "int":
        return parse_int
    if col.kind == "number":
        return parse_number
    if col.kind == "date":
        return parse_date
    if col.kind == "enum":
        enum = col.enum
        assert enum is not None

        def parse_enum(v: Cell) -> str:
            code = enum.parse(fold(as_text(v)))
            if code is None:
                raise CellError(f"应为以下之一：{enum.words()}")
            return code

        return parse_enum
    if col.kind == "category":

        def parse_category(v: Cell) -> str:
            code = CATEGORY.parse(fold(as_text(v)))
            if code is None:
                raise CellError(f"未知类别；应为以下之一：{CATEGORY.words()}")
            return code

        return parse_category
    if col.kind == "categories":
        return lambda v: [CATEGORY.parse(fold(w)) or classify(w) for w in split_multi(v)]
    if col.kind == "period":
        from gongjian.rules.assessment import parse_period

        def period(v: Cell) -> str:
            try:
                return parse_period(as_text(v))
            except ValueError as e:
                raise CellError(str(e)) from None

        return period
    if col.kind == "ref":
        return parse_id
    if col.kind == "refs":
        return lambda v: [parse_id(w) for w in split_multi(v)]
    if col.kind == "words":
        return lambda v: [fold(w) for w in split_multi(v)]
    if col.personal and col.personal != "name":  # a name is text: nothing to check
        return lambda v: check_personal(col, v)
    return as_text


_TEXT, _REF, _REFS, _CATEGORIES, _OTHER = "text", "ref", "refs", "categories", "other"


def _spec(col: Column, index: int) -> tuple:
    """What parse_sheet needs of a column, looked up once per sheet instead of per cell."""
    parse = parser(col)
    role = {"ref": _REF, "refs": _REFS, "categories": _CATEGORIES}.get(col.kind, _OTHER)
    if parse is as_text:
        role = _TEXT
    # a cell's value by its text, for columns whose values recur (codes of a few areas and
    # units, enum words, dates, counts); the value must be immutable, as the rows share it
    memo: dict[str, Any] | None = {} if col.kind in _RECURRING else None
    return (col.name, index, parse, role, col.required, col.default_value, col.zh, memo)


_RECURRING = ("ref", "enum", "category", "int", "number", "date")


def parse_sheet(sheet: Sheet) -> tuple[list[Record], list[Problem], dict[str, Problem]]:
    """Check every row of a sheet on its own: required cells, types, enums, codes, duplicates.

    Returns the records that passed, the problems, and the keys of rejected rows
    (so rows referencing them can say so).
    """
    table = sheet.table
    cols = [_spec(table.column(name), i) for name, i in sheet.columns.items()]
    extras = list(sheet.extras.items())
    records: list[Record] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    width = sheet.width
    file = sheet.file
    key_col = table.key_column
    key_index = sheet.columns.get(key_col.name) if key_col else None
    rejected_keys: dict[str, Problem] = {}
    for row, cells in sheet.rows:
        if not row & 4095:
            checkpoint()
        n = len(cells)
        props: dict[str, Any] = {}
        refs: dict[str, list[str]] = {}
        bad: Problem | None = None
        bads: list[Problem] = []  # every bad cell of the row, each reported
        for name, i, parse, role, required, default, zh, memo in cols:
            raw = cells[i] if i < n else None
            if raw.__class__ is str and raw and not visible(raw):  # NUL: the reader refuses the file
                if required:
                    bads.append(Problem(file, row, zh, "", "必填项为空（只有零宽、方向控制等不可见字符）"))
                    continue
                raw = None
            if raw is None or (raw.__class__ is str and (not raw or raw.isspace())):
                if required:
                    bads.append(Problem(file, row, zh, "", "必填项为空"))
                    continue
                props[name] = default
                continue
            if role is _TEXT and raw.__class__ is str:
                props[name] = raw.strip()
                continue
            if memo is not None and raw.__class__ is str:  # text only: 1, 1.0 and True are one key
                value = memo.get(raw)
                if value is not None:
                    if role is _REF:
                        refs[name] = [value]
                    props[name] = value
                    continue
            try:
                value = parse(raw)
            except CellError as e:  # not kept: a bad cell is reported again where it recurs
                bads.append(Problem(file, row, zh, as_text(raw)[:200], str(e)))
                continue
            if memo is not None and raw.__class__ is str:
                memo[raw] = value
            if role is _REF:
                refs[name] = [value]
            elif role is _REFS:
                refs[name] = value
            elif role is _CATEGORIES and any(CATEGORY.parse(fold(w)) is None for w in split_multi(raw)):
                props["categories_text"] = as_text(raw)  # words that are no category are kept as typed
            props[name] = value
        if bads:
            bad = bads[0]
        if bad is None and n > width and any(as_text(c) for c in cells[width:]):
            j = next(k for k in range(width, n) if as_text(cells[k]))
            bad = Problem(
                file, row, f"第{j + 1}列", as_text(cells[j])[:200], "该单元格没有表头；请补上表头或删除"
            )
        if bad is None:
            for name, i in extras:
                v = as_text(cells[i]) if i < n else ""
                if v:
                    props[name] = v
            bad = _row_rules(table, file, row, props)
        if bad is None and table.key_prefix and not table.key_columns:  # known by its content
            props.update(table.constants)  # the same row twice, one record
            records.append(Record(row, content_key(table.key_prefix, props), props, refs))
            continue
        if bad is None and table.key_columns:  # known by some of its content (an evaluation)
            props.update(table.constants)
            key = content_key(table.key_prefix, {k: props.get(k) for k in table.key_columns})
            first = seen.get(key)
            if first is not None:
                what = "+".join(table.column(k).zh for k in table.key_columns)
                value = "/".join(str(props.get(k) or "") for k in table.key_columns)
                problems.append(
                    Problem(file, row, what, value, f"与第{first}行重复（同一文件中{what}不能重复）")
                )
                continue
            seen[key] = row
            records.append(Record(row, key, props, refs))
            continue
        if bad is None:
            key = props[key_col.name] if key_col else f"{props[table.link_src]}→{props[table.link_dst]}"
            first = seen.get(key)
            if first is not None:
                what = (
                    key_col.zh
                    if key_col
                    else f"{table.column(table.link_src).zh}+{table.column(table.link_dst).zh}"
                )
                bad = Problem(file, row, what, key, f"与第{first}行重复（同一文件中{what}不能重复）")
            else:
                seen[key] = row
        if bad is not None:
            problems.extend(bads or [bad])
            if key_index is not None and key_index < n:
                rejected_keys.setdefault(fold(as_text(cells[key_index])), bad)
            continue
        records.append(Record(row, key, props, refs))
    return records, problems, rejected_keys


def _row_rules(table: Table, file: str, row: int, props: dict[str, Any]) -> Problem | None:
    """The table's rules across cells of one row: ordered dates, one of a group filled."""
    for earlier, later in table.ordered_dates:
        first, then = props.get(earlier), props.get(later)
        if first and then and then < first:
            a, b = table.column(earlier), table.column(later)
            return Problem(file, row, b.zh, then, f"{b.zh}早于{a.zh}（{first}）")
    for group in table.one_of:
        if not any(props.get(name) for name in group):
            zh = [table.column(name).zh for name in group]
            return Problem(file, row, "/".join(zh), "", f"{table.zh}须填写{zh_series(zh, '或')}之一")
    return None
