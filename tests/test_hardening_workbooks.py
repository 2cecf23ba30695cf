"""Hardening, second round (issue 18, findings 2 and 3): a workbook's declared dimension does
not drive the work, every container gets the same limits, and an ingest can be stopped."""

from __future__ import annotations

import re
import socket
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from gongjian.api import create_app
from gongjian.api.routers import ingest as ingest_router
from gongjian.ingest import limits, read
from gongjian.ingest.limits import Stopped, checkpoint, stop_when
from gongjian.ingest.read import read_dataset
from tests.test_api_support import TOKENS, LiveServer

AREAS = [
    ["区划代码", "名称", "层级", "上级代码"],
    ["530000000000", "云南省", "省", ""],
]


def _book(path: Path, rows: list[list[object]] = AREAS, title: str = "区划") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _rewrite(path: Path, member: str, change) -> None:  # noqa: ANN001
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_declared_dimension_does_not_drive_the_work(tmp_path: Path) -> None:
    book = _book(tmp_path / "台账.xlsx")
    _rewrite(
        book,
        "xl/worksheets/sheet1.xml",
        lambda x: re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', x),
    )
    assert book.stat().st_size < 10_000
    started = time.monotonic()
    dataset = read_dataset(book)
    assert time.monotonic() - started < 5
    assert not dataset.problems
    (sheet,) = dataset.sheets
    assert [n for n, _ in sheet.rows] == [2]
    assert len(sheet.rows[0][1]) == 4


def test_a_workbook_over_the_unpacked_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _book(tmp_path / "台账.xlsx")
    monkeypatch.setattr(limits, "MAX_UNPACKED", 1000)
    dataset = read_dataset(book)
    assert not dataset.sheets and "解压后超过上限" in dataset.problems[0].reason


def _with_strings(book: Path, n: int) -> Path:
    """The workbook with a shared strings part of ``n`` strings, named by the content types (as
    openpyxl finds it)."""
    strings = b"<sst>" + b"".join(b"<si><t>s%d</t></si>" % i for i in range(n)) + b"</sst>"
    with zipfile.ZipFile(book, "a") as z:
        z.writestr("xl/strs.xml", strings)
    _rewrite(
        book,
        "[Content_Types].xml",
        lambda x: x.replace(
            b"</Types>",
            b'<Override PartName="/xl/strs.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
    )
    return book


def test_a_workbook_with_too_many_shared_strings_is_refused_unparsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _with_strings(_book(tmp_path / "台账.xlsx"), 40)
    monkeypatch.setattr(limits, "MAX_STRINGS", 30)
    monkeypatch.setattr(openpyxl, "load_workbook", _never)
    dataset = read_dataset(book)
    assert not dataset.sheets and "文本过多" in dataset.problems[0].reason


@pytest.mark.parametrize("bomb", ["strings", "unpacked", "cells"])
def test_workbook_bombs_through_the_api_write_nothing(
    store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bomb: str,  # noqa: ANN001
) -> None:
    """The same bombs uploaded to POST /api/ingest, on each store: 422 with the reason in
    Chinese, and the need in the workbook never written."""
    from tests.test_api_support import auth, client_for

    rows = [
        ["需求编码", "需求标题", "所在区划", "提出日期"],
        ["N-BOMB", "楼道灯坏了", "530111001001", "2025-03-01"],
    ]
    book = _book(tmp_path / "台账.xlsx", rows, title="需求清单")
    if bomb == "strings":
        _with_strings(book, 40)
        monkeypatch.setattr(limits, "MAX_STRINGS", 30)
        reason = "文本过多"
    elif bomb == "unpacked":
        monkeypatch.setattr(limits, "MAX_UNPACKED", 1000)
        reason = "解压后超过上限"
    else:
        monkeypatch.setattr(read, "MAX_CELLS", 5)
        reason = "单元格过多"
    for api in client_for(store, monkeypatch):
        r = api.post("/api/ingest", headers=auth("admin"), content=book.read_bytes())
        assert r.status_code == 422, r.text
        assert reason in r.text and r.json()["written"] is False
        assert api.get("/api/needs/N-BOMB", headers=auth("admin")).status_code == 404
    assert store.get_node("Need", "N-BOMB") is None


def _never(*args: object, **kwargs: object) -> None:
    raise AssertionError("the workbook was parsed")


def test_a_workbook_with_too_many_sheets_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    for i in range(5):
        wb.create_sheet(f"s{i}")
    wb.save(tmp_path / "台账.xlsx")
    monkeypatch.setattr(limits, "MAX_FILES", 3)
    dataset = read_dataset(tmp_path / "台账.xlsx")
    assert "工作表过多" in dataset.problems[0].reason


def test_a_workbook_with_too_many_cells_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = AREAS + [[f"5301{i:08d}", f"社区{i}", "社区", "530000000000"] for i in range(100)]
    book = _book(tmp_path / "台账.xlsx", rows)
    monkeypatch.setattr(read, "MAX_CELLS", 200)
    dataset = read_dataset(book)
    assert not dataset.sheets and "单元格过多" in dataset.problems[0].reason


def test_a_cell_far_to_the_right_costs_its_width(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = _book(tmp_path / "台账.xlsx", AREAS + [["530100000000", "昆明市", "市", "530000000000"]])
    _rewrite(
        book,
        "xl/worksheets/sheet1.xml",
        lambda x: x.replace(
            b"</sheetData>", b'<row r="9"><c r="XFD9" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        ),
    )
    monkeypatch.setattr(read, "MAX_CELLS", 10_000)
    dataset = read_dataset(book)
    assert "单元格过多" in dataset.problems[0].reason


def test_too_many_columns_are_refused(tmp_path: Path) -> None:
    header = "区划代码,名称,层级,上级代码," + ",".join(f"x{i}" for i in range(limits.MAX_COLUMNS))
    (tmp_path / "areas.csv").write_text(header + "\n530000000000,云南省,省,\n", encoding="utf-8")
    dataset = read_dataset(tmp_path)
    assert "列数过多" in dataset.problems[0].reason


def test_a_csv_named_xlsx_says_so(tmp_path: Path) -> None:
    (tmp_path / "台账.xlsx").write_text("区划代码,名称\n1,2\n", encoding="utf-8")
    dataset = read_dataset(tmp_path / "台账.xlsx")
    assert (
        "不是 Excel 工作簿" in dataset.problems[0].reason and "BadZipFile" not in dataset.problems[0].reason
    )


def test_a_csv_with_an_unusable_header_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "areas.csv").write_bytes(b"garbage,more\n" + b"x" * 3_000_000)

    def whole(self: Path) -> bytes:
        raise AssertionError("read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)
    dataset = read_dataset(tmp_path)
    assert "缺少必填列" in dataset.problems[0].reason


def test_an_ingest_told_to_stop_stops() -> None:
    stop = threading.Event()
    with stop_when(stop):
        checkpoint()
        stop.set()
        with pytest.raises(Stopped):
            checkpoint()
    checkpoint()  # outside the block: nothing to stop


def test_an_api_ingest_stops_when_its_client_goes_away(store, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    stopped = threading.Event()

    def endless(data: bytes, store: object, dry_run: bool, skip_invalid: bool, stop: threading.Event) -> dict:
        with stop_when(stop):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    checkpoint()
                except Stopped:
                    stopped.set()
                    raise
                time.sleep(0.01)
        return {}

    monkeypatch.setattr(ingest_router, "_ingest", endless)
    with LiveServer(create_app(store, TOKENS)) as server:
        token = next(t for t, r in TOKENS.items() if r == "admin")
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(
            f"POST /api/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
            "Content-Length: 4\r\n\r\nPK\x03\x04".encode()
        )
        time.sleep(0.5)
        s.close()
        assert stopped.wait(5), "the ingest went on after its client left"
