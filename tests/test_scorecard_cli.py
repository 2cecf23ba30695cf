"""``gongjian scorecard`` as users run it, and the ranking report's files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongjian.viz.scorecard_report import ranking_csv, ranking_xlsx
from tests.test_cli import gj

PERIOD = ("--from", "2025-01-01", "--to", "2025-12-31")
UNIT_PARTS = {
    "platforms",
    "agreements_in_force",
    "projects_claimed",
    "projects_done",
    "projects_on_time",
    "projects_late",
    "projects_overdue",
    "beneficiaries",
    "rated",
    "satisfaction_rate",
    "registered_people",
    "service_hours",
    "idle_resources",
    "evaluations",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import LEDGER

    path = tmp_path_factory.mktemp("cli") / "g.db"
    r = gj("ingest", str(LEDGER), "--json", store=path)
    assert r.returncode == 0, r.stderr
    return path


def test_unit_area_and_rank_commands(db: Path) -> None:
    r = gj("scorecard", "unit", "U-LAW-01", *PERIOD, "--json", store=db)
    assert r.returncode == 0, r.stderr
    card = json.loads(r.stdout)
    assert {"id", "name", "period", "score", "parts"} <= set(card) and set(card["parts"]) == UNIT_PARTS
    assert card["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    assert card["parts"]["projects_done"] == 1 and card["parts"]["satisfaction_rate"] == 1.0
    human = gj("scorecard", "unit", "U-LAW-01", *PERIOD, store=db)
    assert "得分" in human.stdout and "所在平台" in human.stdout
    area = json.loads(gj("scorecard", "area", "530111001001", *PERIOD, "--json", store=db).stdout)
    assert area["parts"]["raised"] == 2 and "committee_members" in area["parts"]
    ranked = json.loads(gj("scorecard", "rank", "--area", "530111000000", *PERIOD, "--json", store=db).stdout)
    assert set(ranked) >= {"area", "kind", "ranking"} and ranked["kind"] == "unit"
    assert ranked["ranking"][0]["id"] == "U-LAW-01" and ranked["ranking"][0]["board"] == "red"
    assert {"rank", "id", "name", "score", "parts"} <= set(ranked["ranking"][0])
    communities = json.loads(
        gj(
            "scorecard", "rank", "--area", "530111000000", "--kind", "community", *PERIOD, "--json", store=db
        ).stdout
    )
    assert all(r["id"].startswith("5301110") for r in communities["ranking"])


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("unit", "NOPE", *PERIOD), 1, "不存在"),
        (("unit", "U-LAW-01", "--from", "2025-13-01", "--to", "2025-12-31"), 2, "开始日期"),
        (("unit", "U-LAW-01", "--from", "2025-12-31", "--to", "2025-01-01"), 2, "晚于"),
        (("rank", "--area", "530111000000", "--kind", "street", *PERIOD), 2, "排名对象"),
        (("rank", "--area", "530111000000", *PERIOD, "-f", "doc"), 2, "报表格式"),
    ],
)
def test_errors_are_one_chinese_line(db: Path, args: tuple[str, ...], code: int, says: str) -> None:
    r = gj("scorecard", *args, store=db)
    assert r.returncode == code and says in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_rank_reports(db: Path, tmp_path: Path) -> None:
    for fmt, magic in (("xlsx", b"PK"), ("csv", b"\xef\xbb\xbf"), ("png", b"\x89PNG"), ("pdf", b"%PDF")):
        path = tmp_path / f"r.{fmt}"
        r = gj("scorecard", "rank", "--area", "530111000000", *PERIOD, "-f", fmt, "-o", str(path), store=db)
        assert r.returncode == 0, r.stderr
        assert path.read_bytes().startswith(magic)
    wb = load_workbook(tmp_path / "r.xlsx")
    rows = list(wb["排名"].values)
    assert rows[0][:5] == ("名次", "红黑榜", "编码", "名称", "得分")
    assert rows[1][1] == "红榜" and rows[-1][1] == "黑榜"
    assert "官渡区" in wb["说明"]["B2"].value and "2025-01-01 至 2025-12-31" in wb["说明"]["B2"].value


def test_report_cells_are_formula_safe() -> None:
    ranking = {
        "area": {"id": "S", "name": "=HYPERLINK(1)"},
        "kind": "unit",
        "period": {"from": "2025-01-01", "to": "2025-12-31"},
        "weights": {"platforms": 0.1},
        "ranking": [
            {
                "rank": 1,
                "id": "+U1",
                "name": "=cmd|' /C calc'!A0",
                "score": 10.0,
                "board": "red",
                "parts": {"platforms": 1, "evaluations": {"good": 1}},
            },
        ],
    }
    rows = list(csv.reader(io.StringIO(ranking_csv(ranking).decode("utf-8-sig"))))
    assert rows[0][0].startswith("'=")  # the title too
    assert rows[2][2] == "'+U1" and rows[2][3].startswith("'=")
    wb = load_workbook(io.BytesIO(ranking_xlsx(ranking)))
    assert wb["排名"]["D2"].value.startswith("'=") and wb["排名"]["C2"].value == "'+U1"


def test_scorecards_over_http(store, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from tests.test_api_support import auth, client_for

    for api in client_for(store, monkeypatch):
        q = "from=2025-01-01&to=2025-12-31"
        r = api.get(f"/api/scorecards/units/U-LAW-01?{q}", headers=auth("viewer"))
        assert r.status_code == 200, r.text
        assert r.json()["parts"]["projects_done"] == 1
        assert api.get(f"/api/scorecards/units/U-LAW-01?{q}").status_code == 401
        assert api.get(f"/api/scorecards/units/NOPE?{q}", headers=auth("viewer")).status_code == 404
        bad = api.get("/api/scorecards/units/U-LAW-01?from=2025-12-31&to=2025-01-01", headers=auth("planner"))
        assert bad.status_code in (400, 422) and "晚于" in bad.text
        area = api.get(f"/api/scorecards/areas/530111001001?{q}", headers=auth("planner")).json()
        assert area["parts"]["raised"] == 2
        ranked = api.get(f"/api/scorecards/ranking?area=530111000000&{q}", headers=auth("viewer")).json()
        assert ranked["ranking"][0]["id"] == "U-LAW-01"
        xlsx = api.get(f"/api/scorecards/ranking.xlsx?area=530111000000&{q}", headers=auth("viewer"))
        assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
        assert "attachment" in xlsx.headers["content-disposition"]
        png = api.get(f"/api/scorecards/ranking.png?area=530111000000&{q}", headers=auth("viewer"))
        assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
        assert (
            api.get(f"/api/scorecards/ranking.doc?area=530111000000&{q}", headers=auth("viewer")).status_code
            == 422
        )
