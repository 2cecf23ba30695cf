"""List exports: CSV with BOM and XLSX, formula-looking cells neutralised, Chinese intact."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from gongjian.viz import export_rows
from gongjian.viz.tables import neutralise

COLUMNS = [
    ("name", "单位名称"),
    ("members", "党员人数"),
    ("signed", "签订日期"),
    ("tags", "共建领域"),
    ("ok", "在册"),
]
HOSTILE = ["=1+2", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","点我")']
ROWS = [
    {
        "name": "昆明市第一人民医院",
        "members": 120,
        "signed": dt.date(2024, 5, 1),
        "tags": ["医疗健康", "助老"],
        "ok": True,
    },
    {"name": "五华区人民检察院", "members": -3, "signed": None, "tags": [], "ok": False},
    *({"name": h, "members": None, "signed": None, "tags": [h, "正常"], "ok": None} for h in HOSTILE),
    {"name": "a\x01b", "members": 2.5, "signed": dt.datetime(2024, 5, 1, 8, 30), "tags": "单值"},
]


def _csv_rows(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel in China opens UTF-8 right
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def _sheet(raw: bytes):
    return openpyxl.load_workbook(io.BytesIO(raw)).active


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_prefixes_a_quote(text):
    assert neutralise(text) == "'" + text
    assert neutralise("正常文本") == "正常文本"
    assert neutralise("a=b") == "a=b"


def test_csv_round_trips_chinese_and_neutralises_formulas():
    rows = _csv_rows(export_rows(COLUMNS, ROWS, "csv"))
    assert rows[0] == ["单位名称", "党员人数", "签订日期", "共建领域", "在册"]
    assert rows[1] == ["昆明市第一人民医院", "120", "2024-05-01", "医疗健康；助老", "是"]
    assert rows[2] == ["五华区人民检察院", "-3", "", "", "否"]  # a number stays a number
    for row, hostile in zip(rows[3:], HOSTILE, strict=False):
        assert row[0] == "'" + hostile
        assert row[3] == f"'{hostile}；正常"
    assert rows[-1][2] == "2024-05-01 08:30:00"
    assert len(rows) == len(ROWS) + 1
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or cell == "-3"


def test_xlsx_round_trips_chinese_and_neutralises_formulas():
    ws = _sheet(export_rows(COLUMNS, ROWS, "xlsx", sheet="驻区单位清单"))
    assert ws.title == "驻区单位清单"
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0] == ["单位名称", "党员人数", "签订日期", "共建领域", "在册"]
    assert values[1] == ["昆明市第一人民医院", 120, "2024-05-01", "医疗健康；助老", "是"]
    assert values[2][1] == -3
    for row, hostile in zip(values[3:], HOSTILE, strict=False):
        # a carriage return comes back as written (openpyxl over lxml escapes it) or as a line feed
        assert row[0] in ("'" + hostile, "'" + hostile.replace("\r", "\n"))
    assert values[-1][0] == "a b"  # a control character XML cannot hold
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value


def test_xlsx_has_a_bold_frozen_header_and_sensible_widths():
    ws = _sheet(export_rows(COLUMNS, ROWS, "xlsx"))
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    widths = {col: ws.column_dimensions[col].width for col in "ABCDE"}
    assert widths["A"] >= 18  # 昆明市第一人民医院: nine wide characters
    assert all(8 <= w <= 60 for w in widths.values())
    assert ws.auto_filter.ref == f"A1:E{len(ROWS) + 1}"


def test_export_refuses_unknown_formats():
    with pytest.raises(ValueError):
        export_rows(COLUMNS, ROWS, "ods")  # type: ignore[arg-type]
