"""Hardening: whatever a ledger holds, ingest answers with a report — and drops no row silently.

Property tests (hypothesis) over every reader and validator: random bytes as a CSV
file, random text in every encoding users save (UTF-8, UTF-8 with BOM, UTF-16,
GB18030), huge cells, empty and header-only files, duplicate headers and keys,
random rows of every table, workbooks with odd cell types. Each run must give an
:class:`IngestReport` (never an exception, except DatasetError for a path that is
not a dataset at all), every problem must name file, row, column and reason, and
every non-blank data row must be either accepted or named in ``rejected``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
import orjson
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from gongjian.graph.embedded import EmbeddedStore
from gongjian.ingest.load import IngestReport, ingest
from gongjian.ingest.parse import CellError, parser
from gongjian.ingest.read import DatasetError, decode, read_csv, read_dataset
from gongjian.model import CATEGORY, LOAD_ORDER, TABLES, Column, Table, table_for_sheet
from tests.conftest import LEDGER

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030"]

# ------------------------------------------------------------------ the fixture


def _fixture_rows() -> dict[str, list[dict[str, str]]]:
    """The fixture ledger's rows per table, by model column name."""
    out: dict[str, list[dict[str, str]]] = {}
    for name, table in TABLES.items():
        with open(LEDGER / table.file, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        by_header = {h: c.name for c in table.columns for h in c.headers}
        names = [by_header[h] for h in rows[0]]
        out[name] = [dict(zip(names, r, strict=True)) for r in rows[1:]]
    return out


FIXTURE = _fixture_rows()
#: Ids of the fixture ledger per label: references to them resolve, reusing them makes duplicates.
POOL: dict[str, list[str]] = {
    t.label: [r[t.key_column.name] for r in FIXTURE[name]] + [f"X-{t.label}-{i}" for i in range(3)]
    for name, t in TABLES.items()
    if t.label and t.key_column
}

# ------------------------------------------------------------------ strategies

#: Any text a user (or a broken export) may put in a cell: every plane, no NUL, no lone surrogate.
junk = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=24)
blank = st.sampled_from(["", " ", "　", "\t"])
words = st.sampled_from(
    [
        "佴家湾社区",
        "官渡区人民医院",
        "免费体检",
        "法律咨询",
        "ＡＢ１２",
        "  a b  ",
        "𠀀𪚥",
        "=1+1",
        "'",
        '"',
        ";",
    ]
)


def _date_text(d: dt.date) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            d.isoformat(),
            f"{d.year}/{d.month}/{d.day}",
            f"{d.year}.{d.month:02d}.{d.day:02d}",
            f"{d.year}年{d.month}月{d.day}日",
            d.strftime("%Y%m%d"),
            str((d - dt.date(1899, 12, 30)).days),
        ]
    )


def _enum_words(col: Column) -> list[str]:
    enum = col.enum if col.kind == "enum" else CATEGORY
    assert enum is not None
    return [w for c in enum.choices for w in (c.code, c.zh, *c.aliases)]


def value_of(col: Column) -> st.SearchStrategy[str]:
    """A cell for a column: often plausible, sometimes junk, sometimes blank."""
    if col.kind == "id" or col.kind == "ref":
        labels = col.refs or ()
        pool = [i for lab in labels for i in POOL.get(lab, [])] or [i for ids in POOL.values() for i in ids]
        good = st.sampled_from(pool)
    elif col.kind == "refs":
        good = st.lists(st.sampled_from(POOL[col.refs[0]]), max_size=3).map("；".join)
    elif col.kind == "int":
        good = st.one_of(st.integers(-5, 10**20).map(str), st.sampled_from(["1,000", "３", "2.0", "1e3"]))
    elif col.kind == "number":
        good = st.one_of(
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
            st.integers(-(10**25), 10**25).map(str),
            st.sampled_from(["16.5", ".5", "5.", "9" * 24]),
        )
    elif col.kind == "date":
        good = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).flatmap(_date_text)
    elif col.kind in ("enum", "category"):
        good = st.sampled_from(_enum_words(col))
    elif col.kind == "period":
        good = st.sampled_from(["2025", "2025H1", "2025年下半年", "2025Q3", "2025年第四季度", "2025Q5", "25"])
    elif col.kind == "categories":
        good = st.lists(st.sampled_from(_enum_words(col) + ["楼道", "未知领域"]), max_size=3).map("、".join)
    elif col.personal == "phone":
        good = st.sampled_from(["13812345678", "0871-63123456", "138 1234 5678", "+86 13812345678", "12345"])
    elif col.personal == "id_number":
        good = st.sampled_from(["11010519491231002X", "110105194912310021", "11010519491231002x", "1" * 18])
    else:
        good = words
    return st.one_of(good, good, junk, blank)


@st.composite
def header_of(draw: st.DrawFn, table: Table) -> list[Column | str]:
    """A header row: the table's columns in any order, any accepted spelling; optional ones may be
    missing; sometimes an unknown column, a duplicate column or a missing required one."""
    cols: list[Column | str] = [c for c in table.columns if c.required or draw(st.integers(0, 4)) > 0]
    if draw(st.integers(0, 9)) == 0 and len(cols) > 1:
        cols.pop(draw(st.integers(0, len(cols) - 1)))  # maybe a required one: the file is refused
    if draw(st.booleans()):
        cols.append(draw(st.sampled_from(["备注", "remark", "", "  ", "id", "label", "备注"])))
    if draw(st.integers(0, 14)) == 0:
        cols.append(draw(st.sampled_from(table.columns)))  # a duplicate header: the file is refused
    return draw(st.permutations(cols))


def header_text(col: Column | str, draw: st.DrawFn) -> str:
    if isinstance(col, str):
        return col
    text = draw(st.sampled_from(col.headers))
    return draw(st.sampled_from([text, f" {text} ", f"*{text}", text.upper()]))


@st.composite
def table_rows(draw: st.DrawFn, table: Table, header: list[Column | str]) -> list[list[str]]:
    """The fixture's rows of the table in this header's order, with random rows mixed in."""

    def fixture_row(r: dict[str, str]) -> list[str]:
        return [r.get(c.name, "") if isinstance(c, Column) else "" for c in header]

    rows = [fixture_row(r) for r in FIXTURE[table.name] if draw(st.integers(0, 3)) > 0]
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(value_of(c)) if isinstance(c, Column) else draw(st.one_of(junk, blank)) for c in header]
        if draw(st.integers(0, 9)) == 0:
            row.append(draw(junk))  # a cell under no header
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]  # a short row
        rows.insert(draw(st.integers(0, len(rows))), row)
    if rows and draw(st.integers(0, 5)) == 0:
        rows.insert(draw(st.integers(0, len(rows))), list(rows[draw(st.integers(0, len(rows) - 1))]))  # a dup
    if draw(st.integers(0, 5)) == 0:
        rows.insert(draw(st.integers(0, len(rows))), [""] * len(header))  # a blank row
    return rows


def csv_bytes(header: list[str], rows: list[list[str]], encoding: str, delimiter: str, quoting: int) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerows([header, *rows])
    return buf.getvalue().encode(encoding)


# -------------------------------------------------------------- the invariants


def nonblank(rows: list[list[Any]]) -> list[int]:
    """Spreadsheet numbers (header = 1) of the rows holding anything a user typed."""
    return [
        n for n, cells in enumerate(rows, start=2) if any(c is not None and str(c).strip() for c in cells)
    ]


def check_problems(report: IngestReport) -> None:
    """Every rejected row says where (file, row, column) and why."""
    assert isinstance(report, IngestReport)
    for p in report.rejected:
        assert isinstance(p.file, str) and p.file, p
        assert isinstance(p.row, int) and p.row >= 1, p
        assert isinstance(p.column, str) and isinstance(p.value, str), p
        assert isinstance(p.reason, str) and p.reason.strip(), p
        assert len(p.value) <= 1000, p  # a huge cell is quoted, not echoed whole


def check_accounting(report: IngestReport, files: dict[str, tuple[str, list[int]]]) -> None:
    """Per file (file → table, non-blank row numbers): refused whole with a reason at row 1,
    or every non-blank row accepted or rejected, once."""
    check_problems(report)
    if currently_in_test_context():
        event(f"rows accepted: {sum(report.accepted.values()) > 0}, rows rejected: {bool(report.rejected)}")
    for file, (table, rows) in files.items():
        mine = [p for p in report.rejected if p.file == file]
        if any(p.row == 1 for p in mine):  # the file (sheet) is refused as a whole, with a reason
            assert report.accepted.get(table, 0) == 0, (file, report.as_dict())
            continue
        named = {p.row for p in mine}
        # a row may have several bad cells, each reported once
        cells = {(p.row, p.column) for p in mine}
        assert len(cells) == len(mine), f"a cell reported twice in {file}: {mine}"
        assert named <= set(rows), f"{file}: rejected rows {sorted(named - set(rows))} are blank or absent"
        assert report.accepted.get(table, 0) == len(rows) - len(named), (
            f"{file}: {len(rows)} non-blank rows, {report.accepted.get(table, 0)} accepted, "
            f"{len(named)} rejected: {mine}"
        )


def check_store(report: IngestReport, store: EmbeddedStore) -> None:
    """What a fresh store holds after the ingest is exactly what the report accepted."""
    counts = store.counts()
    if not report.written:
        assert sum(counts["nodes"].values()) == 0 and sum(counts["relationships"].values()) == 0
        return
    for name, n in report.accepted.items():
        t = TABLES[name]
        if t.key_prefix:  # known by content, one node for equal rows; needs add their own events
            assert counts["nodes"][t.label] >= min(n, 1), (name, n, counts)
        elif t.label:
            assert counts["nodes"][t.label] == n, (name, n, counts)
        else:
            assert counts["relationships"][t.link] == n, (name, n, counts)
    assert store.integrity() == "ok"


@contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="gj-hard-") as d:
        yield Path(d)


def run_ingest(path: Path, db: Path, mode: str) -> IngestReport:
    with EmbeddedStore(db) as store:
        report = ingest(path, store, skip_invalid=mode == "skip_invalid", dry_run=mode == "dry_run")
        if mode == "all_or_nothing":
            assert report.written == (not report.rejected)
        check_store(report, store)
    return report


MODES = st.sampled_from(["skip_invalid", "all_or_nothing", "dry_run"])

# ------------------------------------------------------------------ the tests


@SETTINGS
@given(data=st.data(), encoding=st.sampled_from(ENCODINGS), mode=MODES)
def test_random_rows_of_every_table(data: st.DataObject, encoding: str, mode: str) -> None:
    """A whole dataset: every table's header in any spelling and order, fixture rows and random
    rows, in any encoding and delimiter: every non-blank row is accepted or named."""
    with scratch() as tmp:
        ds = tmp / "ds"
        ds.mkdir()
        files: dict[str, tuple[str, list[int]]] = {}
        delimiter = data.draw(st.sampled_from([",", "\t"]))
        for name in {"areas", *data.draw(st.sets(st.sampled_from(LOAD_ORDER)))}:
            table = TABLES[name]
            header = data.draw(header_of(table))
            head = [header_text(c, data.draw) for c in header]
            rows = data.draw(table_rows(table, header))
            quoting = data.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
            raw = csv_bytes(head, rows, encoding, delimiter, quoting)
            text = raw.decode(encoding)
            assume(decode(raw) == text.removeprefix("\ufeff"))  # GB18030 bytes that are also UTF-8
            file = data.draw(st.sampled_from([table.file, f"{table.zh}.csv", table.file.upper()]))
            (ds / file).write_bytes(raw)
            files[file] = (name, nonblank(rows))
        report = run_ingest(ds, tmp / "g.db", mode)
        check_accounting(report, files)


@SETTINGS
@given(raw=st.binary(max_size=2000), name=st.sampled_from(["units.csv", "需求清单.csv", "areas.csv"]))
def test_random_bytes_as_a_csv_file(raw: bytes, name: str) -> None:
    """Random bytes: an unreadable file is one problem at row 1; a readable one is read row by row."""
    with scratch() as tmp:
        ds = tmp / "ds"
        ds.mkdir()
        (ds / name).write_bytes(raw)
        report = run_ingest(ds, tmp / "g.db", "skip_invalid")
        table = table_for_sheet(name)
        assert table is not None
        sheet, errs = read_csv(ds / name, table)
        if sheet is None:
            assert errs and all(p.row == 1 for p in errs)
            assert [p for p in report.rejected if p.file == name] == errs
        else:
            check_accounting(report, {name: (sheet.table.name, [n for n, _ in sheet.rows])})
        assert read_dataset(ds).problems == errs


@SETTINGS
@given(
    data=st.data(),
    encoding=st.sampled_from(["gb18030", "utf-16", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-8"]),
)
def test_random_text_in_every_encoding(data: st.DataObject, encoding: str) -> None:
    """Valid headers and random text rows, saved in each encoding (UTF-16 without BOM is
    not one users' tools save: it must be refused with a reason or read, never crash)."""
    table = TABLES[data.draw(st.sampled_from(LOAD_ORDER))]
    head = [c.zh for c in table.columns]
    rows = data.draw(st.lists(st.lists(st.one_of(junk, blank), max_size=len(head) + 1), max_size=8))
    raw = csv_bytes(head, rows, encoding, ",", csv.QUOTE_ALL)
    if encoding.startswith("utf-16-"):
        raw = data.draw(
            st.sampled_from(
                [raw, (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + raw]
            )
        )
    with scratch() as tmp:
        ds = tmp / "ds"
        ds.mkdir()
        (ds / table.file).write_bytes(raw)
        report = run_ingest(ds, tmp / "g.db", "skip_invalid")
        check_problems(report)
        try:
            faithful = decode(raw) == raw.decode(encoding).removeprefix("\ufeff")
        except (ValueError, UnicodeDecodeError):
            faithful = False
        if faithful:
            check_accounting(report, {table.file: (table.name, nonblank(rows))})


@pytest.mark.parametrize("where", ["name", "id", "extra", "description"])
def test_huge_cells(tmp_path: Path, where: str) -> None:
    """A 1 MB cell: read, kept or refused with a short quote of it, never a crash."""
    big = "佴" * (1 << 20)
    head = ["需求编码", "需求标题", "需求描述", "所在区划", "提出日期", "备注"]
    row = ["N-BIG", "标题", "描述", "530111001001", "2025-01-01", "x"]
    row[{"name": 1, "id": 0, "extra": 5, "description": 2}[where]] = big
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "areas.csv").write_bytes((LEDGER / "areas.csv").read_bytes())
    (ds / "needs.csv").write_bytes(csv_bytes(head, [row], "utf-8", ",", csv.QUOTE_MINIMAL))
    report = run_ingest(ds, tmp_path / "g.db", "skip_invalid")
    check_accounting(report, {"needs.csv": ("needs", [2])})
    if where == "id":
        assert [p.column for p in report.rejected] == ["需求编码"]
    else:
        assert report.accepted["needs"] == 1


@pytest.mark.parametrize(
    "content",
    [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\n\n\n", b",,,\n", b" \t \n"],
    ids=["empty", "bom-only", "utf16-bom-only", "newlines", "commas", "spaces"],
)
def test_empty_files_are_reported(tmp_path: Path, content: bytes) -> None:
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "units.csv").write_bytes(content)
    report = run_ingest(ds, tmp_path / "g.db", "skip_invalid")
    check_problems(report)
    assert [(p.file, p.row) for p in report.rejected] == [("units.csv", 1)]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", list(LOAD_ORDER))
def test_header_only_files_accept_nothing_and_reject_nothing(
    tmp_path: Path, encoding: str, name: str
) -> None:
    table = TABLES[name]
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / table.file).write_bytes(
        csv_bytes([c.zh for c in table.columns], [], encoding, ",", csv.QUOTE_MINIMAL)
    )
    report = run_ingest(ds, tmp_path / "g.db", "all_or_nothing")
    assert report.ok and report.accepted == {name: 0}


def test_duplicate_headers_refuse_the_file(tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    ds.mkdir()
    head = ["单位编码", "单位名称", "单位类型", "所在区划", "name"]
    (ds / "units.csv").write_bytes(
        csv_bytes(head, [["U1", "a", "机关", "530111001001", "b"]], "utf-8", ",", 0)
    )
    report = run_ingest(ds, tmp_path / "g.db", "skip_invalid")
    check_accounting(report, {"units.csv": ("units", [2])})
    assert [(p.row, p.column) for p in report.rejected] == [(1, "name")]


def test_duplicate_keys_within_a_file(tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "areas.csv").write_bytes((LEDGER / "areas.csv").read_bytes())
    head = ["单位编码", "单位名称", "单位类型", "所在区划"]
    rows = [
        ["U1", "a", "机关", "530111001001"],
        ["Ｕ１", "b", "机关", "530111001001"],  # the same key, full-width
        ["U1 ", "c", "机关", "530111001001"],
        ["U2", "d", "机关", "530111001001"],
    ]
    (ds / "units.csv").write_bytes(csv_bytes(head, rows, "utf-8", ",", 0))
    report = run_ingest(ds, tmp_path / "g.db", "skip_invalid")
    check_accounting(report, {"units.csv": ("units", [2, 3, 4, 5])})
    assert [p.row for p in report.rejected] == [3, 4] and report.accepted["units"] == 2


# ---------------------------------------------------------------- workbooks

#: Cells of every type a workbook holds: text, numbers (also huge), booleans, dates and times,
#: formulas without a cached value (read as empty), error values.
odd_cell = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n"), max_size=16),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.times(),
    st.sampled_from(["=1+1", "=A1", "#N/A", "#VALUE!", "#REF!", "=", "'0123"]),
)


def as_read(v: Any) -> Any:
    """What a cell written with ``v`` reads back as, for blankness: a formula has no cached value."""
    if isinstance(v, str) and len(v) > 1 and v.startswith("="):
        return None
    return v


@SETTINGS
@given(data=st.data(), mode=MODES)
def test_workbooks_with_odd_cell_types(data: st.DataObject, mode: str) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    sheets: dict[str, tuple[str, list[int]]] = {}
    for name in ["areas", *data.draw(st.lists(st.sampled_from(LOAD_ORDER[1:]), max_size=4, unique=True))]:
        table = TABLES[name]
        title = data.draw(st.sampled_from([table.name, table.zh]))
        ws = wb.create_sheet(title)
        header = data.draw(header_of(table))
        ws.append([header_text(c, data.draw) for c in header])
        rows: list[list[Any]] = [
            [r.get(c.name) or None if isinstance(c, Column) else None for c in header] for r in FIXTURE[name]
        ]
        for _ in range(data.draw(st.integers(0, 5))):
            rows.insert(
                data.draw(st.integers(0, len(rows))),
                data.draw(st.lists(odd_cell, min_size=len(header), max_size=len(header) + 1)),
            )
        for r in rows:
            ws.append(r)
        sheets[f"wb.xlsx#{title}"] = (name, nonblank([[as_read(v) for v in r] for r in rows]))
    if data.draw(st.booleans()):
        wb.create_sheet("说明").append(["本工作簿由测试生成"])  # an unknown sheet with content
    with scratch() as tmp:
        path = tmp / "wb.xlsx"
        wb.save(path)
        report = run_ingest(path, tmp / "g.db", mode)
        check_accounting(report, sheets)


@pytest.mark.parametrize("damage", ["truncate-sheet", "garbage-sheet", "drop-sheet", "random-bytes", "empty"])
def test_damaged_workbooks_are_reported(tmp_path: Path, damage: str) -> None:
    """A workbook whose zip or sheet XML is damaged: a problem naming the file, never an exception."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "区划"
    for row in csv.reader(io.StringIO((LEDGER / "areas.csv").read_text(encoding="utf-8"))):
        ws.append(row)
    good = tmp_path / "good.xlsx"
    wb.save(good)
    bad = tmp_path / "bad.xlsx"
    if damage == "random-bytes":
        bad.write_bytes(bytes(range(256)) * 8)
    elif damage == "empty":
        bad.write_bytes(b"")
    else:
        with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
            for item in zin.infolist():
                content = zin.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    if damage == "drop-sheet":
                        continue
                    content = content[: len(content) // 2] if damage == "truncate-sheet" else b"<x>\x01<<"
                zout.writestr(item, content)
    report = run_ingest(bad, tmp_path / "g.db", "skip_invalid")
    check_problems(report)
    assert report.rejected and all(p.file.startswith("bad.xlsx") for p in report.rejected)
    assert sum(report.accepted.values()) == 0


# ------------------------------------------------------ validators one by one

any_cell = st.one_of(
    junk,
    st.sampled_from(
        [10**18, 2**63, 2**64, 10**30, 1e18, 1e300, -1e300, 9.999e17, "9" * 18, "9" * 24, "1" + "0" * 18]
    ),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.times(),
)


@pytest.mark.parametrize(
    "table,col", [(t, c) for t in TABLES.values() for c in t.columns], ids=lambda x: getattr(x, "name", "")
)
@settings(max_examples=50, deadline=None)
@given(cell=any_cell)
def test_every_column_validator(table: Table, col: Column, cell: Any) -> None:
    """Each column's parser gives a value a store can hold (JSON, 64-bit integers) or CellError."""
    try:
        value = parser(col)(cell)
    except CellError as e:
        assert str(e).strip()
        return
    orjson.dumps(value)  # raises on what neither store can hold (an integer beyond 64 bits, NaN is null)
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, int):
            assert -(2**63) <= v < 2**63, (col.name, cell, v)
        if isinstance(v, float):
            assert v == v and abs(v) != float("inf"), (col.name, cell, v)


# ------------------------------------------------------- not a dataset at all


@pytest.mark.parametrize("what", ["missing", "empty-dir", "txt-file", "dir-of-others", "unknown-csv", "json"])
def test_not_a_dataset_is_a_dataset_error(tmp_path: Path, what: str) -> None:
    path = tmp_path / "x"
    if what == "empty-dir":
        path.mkdir()
    elif what == "txt-file":
        path = tmp_path / "x.txt"
        path.write_text("区划代码\n1\n", encoding="utf-8")
    elif what == "dir-of-others":
        path.mkdir()
        (path / "README.md").write_text("hi", encoding="utf-8")
        (path / "data.json").write_text("{}", encoding="utf-8")
    elif what == "unknown-csv":
        path = tmp_path / "其他.csv"
        path.write_text("a,b\n1,2\n", encoding="utf-8")
    elif what == "json":
        path = tmp_path / "areas.json"
        path.write_text("[]", encoding="utf-8")
    with EmbeddedStore(tmp_path / "g.db") as store, pytest.raises(DatasetError) as e:
        ingest(path, store)
    assert str(e.value).strip()
