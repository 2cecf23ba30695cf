"""The loop's figures for a report (GET /api/loop/report.xlsx and .png) and the overdue list
for 督办 by area (GET /api/loop/overdue?area=), over the app on both stores."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from PIL import Image

from gongjian.graph.store import ChangeSet, Rel, Store
from gongjian.queries.loop import rate, run
from gongjian.viz import font as fontmod
from gongjian.viz.loop_report import reached, report_figure
from tests.test_api_support import auth, client_for
from tests.test_loop import world

EVIL = '=HYPERLINK("http://x","点我")'
PERIOD = "area=K&from=2025-01-01&to=2026-12-31"


@pytest.fixture
def api(empty_store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """test_loop's world, run on 2026-03-12, NDONE rated, plus a street whose name is a formula."""
    empty_store.apply(world())
    empty_store.apply(
        ChangeSet(
            nodes={"Area": {"S2": {"code": "S2", "name": EVIL, "level": "street", "parent": "K"}}},
            rels=[Rel("PART_OF", ("Area", "S2"), ("Area", "K"))],
        )
    )
    run(empty_store, "2026-03-12")
    rate(empty_store, "NDONE", "满意", on="2026-01-21")
    yield from client_for(empty_store, monkeypatch)


def test_the_report_as_a_workbook(api: TestClient) -> None:
    r = api.get(f"/api/loop/report.xlsx?{PERIOD}", headers=auth("viewer"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    disposition = r.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="loop-report-K-2025-01-01-2026-12-31.xlsx"')
    assert "filename*=UTF-8''%E7%A4%BA%E8%8C%83%E5%8C%BA" in disposition  # 示范区-需求办理情况-…
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["汇总", "下级区划", "按月"]

    summary = {row[0]: row[1] for row in wb["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["区划"] == "示范区" and summary["提出日期"] == "2025-01-01 至 2026-12-31"
    assert summary["提出"] == 6 and summary["办结"] == 1 and summary["上报"] == 2
    assert summary["办结率"] == pytest.approx(1 / 6, abs=1e-4) and summary["满意率"] == 1
    assert summary["平均用时（天）"] == 18 and summary["网格解决"] == 1 and summary["逾期"] == 1
    assert [summary[f"最高至{lv}级"] for lv in ("网格", "社区", "街道", "县")] == [3, 2, 0, 1]
    rate_cell = next(row[1] for row in wb["汇总"].iter_rows(min_row=2) if row[0].value == "办结率")
    assert rate_cell.number_format == "0.0%"

    rows = list(wb["下级区划"].iter_rows(values_only=True))
    assert rows[0][:6] == ("区划", "区划代码", "提出", "办结", "关闭", "办结率")
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["S"][0] == "示范街道" and by_code["S"][2] == 6
    assert by_code["S2"][0] == "'" + EVIL and by_code["S2"][2] == 0  # a formula is text, never run
    assert by_code["S2"][5] is None  # no rate without needs
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f" and not str(cell.value or "").startswith("=")

    months = list(wb["按月"].iter_rows(values_only=True))
    assert months[0] == ("月份", "提出", "办结") and len(months) == 1 + 24
    assert ("2026-01", 2, 1) in months and ("2026-03", 3, 0) in months


def test_the_report_as_a_picture(api: TestClient) -> None:
    r = api.get(f"/api/loop/report.png?{PERIOD}", headers=auth("viewer"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/png"
    assert 'filename="loop-report-K-2025-01-01-2026-12-31.png"' in r.headers["content-disposition"]
    assert r.content.startswith(b"\x89PNG\r\n\x1a\n")
    Image.open(io.BytesIO(r.content)).verify()
    grey = np.asarray(Image.open(io.BytesIO(r.content)).convert("L"))
    h, w = grey.shape
    assert (w, h) == (1300, 800)
    assert (grey < 128).sum() > w * h * 0.002 and np.median(grey) == 255  # drawn, on white


def test_every_character_of_the_picture_has_a_glyph(api: TestClient) -> None:
    report = api.get(f"/api/loop/report?{PERIOD}", headers=auth("viewer")).json()
    from matplotlib.text import Text

    texts = [t.get_text() for t in report_figure(report).findobj(Text) if t.get_text()]
    drawn = "".join(texts)
    for expected in (
        "示范区 需求办理情况",
        "办结率",
        "满意率",
        "每月提出与办结",
        "上报漏斗",
        "县级",
        "止于本级",
    ):
        assert expected in drawn
    have = fontmod.covered_codepoints()
    assert not {ch for ch in drawn if ord(ch) not in have and ch != " "}


def test_the_funnel_counts_needs_that_reached_each_level() -> None:
    assert reached({"grid": 3, "community": 2, "street": 0, "county": 1}) == [
        ("grid", 6),
        ("community", 3),
        ("street", 1),
        ("county", 1),
    ]


@pytest.mark.parametrize("ext", ["xlsx", "png"])
def test_report_files_refuse_what_the_report_refuses(api: TestClient, ext: str) -> None:
    assert api.get(f"/api/loop/report.{ext}?{PERIOD}").status_code == 401
    bad_day = api.get(f"/api/loop/report.{ext}?area=K&from=2025-13-01&to=2026-12-31", headers=auth("viewer"))
    assert bad_day.status_code == 422 and bad_day.json()["detail"][0]["loc"] == ["query", "from"]
    missing = api.get(f"/api/loop/report.{ext}?from=2025-01-01&to=2026-12-31", headers=auth("viewer"))
    assert missing.status_code == 422
    unknown = api.get(
        f"/api/loop/report.{ext}?area=NOPE&from=2025-01-01&to=2026-12-31", headers=auth("viewer")
    )
    assert unknown.status_code == 404


def test_overdue_by_area_with_names(api: TestClient) -> None:
    everywhere = api.get("/api/loop/overdue?as_of=2026-03-12", headers=auth("viewer")).json()
    assert everywhere["area"] is None
    assert everywhere["overdue"] == [
        {
            "need": "NCL",
            "project": "PCL",
            "due": "2026-02-04",
            "days_over": 36,
            "title": "NCL",
            "area": {"id": "G", "name": "第一网格"},
            "project_name": "旧项目",
        }
    ]
    inside = api.get("/api/loop/overdue?as_of=2026-03-12&area=C", headers=auth("viewer")).json()
    assert inside["area"] == "C" and [e["need"] for e in inside["overdue"]] == ["NCL"]
    elsewhere = api.get("/api/loop/overdue?as_of=2026-03-12&area=B", headers=auth("viewer")).json()
    assert elsewhere["overdue"] == []
    unknown = api.get("/api/loop/overdue?area=NOPE", headers=auth("viewer"))
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["query", "area"]
