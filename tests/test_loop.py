"""The loop (闭环) on both stores: escalation by each policy, history, verdicts, figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongjian.graph.store import ChangeSet, Conflict, NotFound, Rel, Store
from gongjian.queries.dispatch import claim_project, set_project_status
from gongjian.queries.loop import history, rate, report, run
from gongjian.rules.loop import Days, Monthly

AREAS = {
    "K": {"code": "K", "name": "示范区", "level": "county"},
    "S": {"code": "S", "name": "示范街道", "level": "street", "parent": "K"},
    "C": {"code": "C", "name": "佴家湾社区", "level": "community", "parent": "S"},
    "G": {"code": "G", "name": "第一网格", "level": "grid", "parent": "C"},
    "B": {"code": "B", "name": "1栋", "level": "block", "parent": "C"},  # a block without a grid
    "BG": {"code": "BG", "name": "2栋", "level": "block", "parent": "G"},
}
NEEDS = {
    "N10": ("G", "2026-03-10", "open"),  # in March's cycle: grid until 3-10
    "N11": ("G", "2026-03-11", "open"),  # after the 10th: April's cycle
    "NOLD": ("BG", "2025-01-02", "open"),  # far past every deadline: up to the county
    "NB": ("B", "2026-03-01", "open"),  # a block without a grid starts at the community
    "NCL": ("G", "2026-01-02", "claimed"),  # claimed: never moves
    "NDONE": ("G", "2026-01-02", "done"),
}


def world() -> ChangeSet:
    rels = [Rel("PART_OF", ("Area", c), ("Area", a["parent"])) for c, a in AREAS.items() if "parent" in a]
    needs = {}
    for nid, (area, raised, status) in NEEDS.items():
        needs[nid] = {"title": nid, "area": area, "raised": raised, "status": status, "category": "health"}
        rels.append(Rel("RAISED_IN", ("Need", nid), ("Area", area)))
    needs["NDONE"]["done_on"] = "2026-01-20"
    return ChangeSet(
        nodes={
            "Area": {c: dict(a) for c, a in AREAS.items()},
            "Need": needs,
            "Unit": {"U": {"name": "市第三人民医院", "area": "S"}},
            "Resource": {"R": {"title": "义诊", "category": "health", "unit": "U", "capacity": 5}},
            "Project": {
                "PCL": {"name": "旧项目", "status": "claimed", "started": "2026-01-05", "needs": ["NCL"]}
            },
        },
        rels=rels
        + [
            Rel("LOCATED_IN", ("Unit", "U"), ("Area", "S")),
            Rel("OFFERS", ("Unit", "U"), ("Resource", "R")),
            Rel("ADDRESSES", ("Project", "PCL"), ("Need", "NCL")),
        ],
    )


@pytest.fixture
def loop_store(empty_store: Store) -> Store:
    empty_store.apply(world())
    return empty_store


def moves(result: dict) -> list[tuple[str, str, str, str]]:
    return [(e["need"], e["from"], e["to"], e["date"]) for e in result["escalated"]]


def test_monthly_escalation_is_exact(loop_store: Store) -> None:
    got = run(loop_store, "2026-03-12")
    assert got["policy"]["name"] == "monthly"
    assert sorted(moves(got)) == sorted(
        [
            ("N10", "grid", "community", "2026-03-10"),  # raised on the 10th: March's cycle
            ("NOLD", "grid", "community", "2025-01-10"),
            ("NOLD", "community", "street", "2025-01-15"),
            ("NOLD", "street", "county", "2025-01-25"),
        ]
    )  # N11 waits for April's cycle; NB's community has it until 3-15; claimed and done never move
    assert loop_store.get_node("Need", "NOLD").props["level"] == "county"
    assert loop_store.get_node("Need", "N11").props.get("level") is None


def test_a_block_without_grid_starts_at_the_community(loop_store: Store) -> None:
    got = [m for m in moves(run(loop_store, "2026-03-16")) if m[0] == "NB"]
    assert got == [("NB", "community", "street", "2026-03-15")]
    assert history(loop_store, "NB")["level"] == "street"


def test_run_twice_for_one_day_writes_nothing_the_second_time(loop_store: Store) -> None:
    first = run(loop_store, "2026-04-20")
    assert first["escalated"]
    revision = loop_store.revision
    again = run(loop_store, "2026-04-20")
    assert again["escalated"] == [] and loop_store.revision == revision
    events = history(loop_store, "NOLD")["events"]
    assert [e["action"] for e in events] == ["escalated"] * 3
    assert [e["level"] for e in events] == ["community", "street", "county"]


def test_dry_run_changes_nothing(loop_store: Store) -> None:
    revision = loop_store.revision
    assert run(loop_store, "2026-04-20", dry_run=True)["escalated"]
    assert loop_store.revision == revision and loop_store.get_node("Need", "NOLD").props.get("level") is None


def test_days_policy_counts_from_reaching_each_level(loop_store: Store) -> None:
    policy = Days({"grid": 3, "community": 7, "street": 15, "county": 30})
    got = [m for m in moves(run(loop_store, "2026-03-25", policy)) if m[0] in ("N10", "N11")]
    assert got == [
        ("N10", "grid", "community", "2026-03-13"),
        ("N10", "community", "street", "2026-03-20"),
        ("N11", "grid", "community", "2026-03-14"),
        ("N11", "community", "street", "2026-03-21"),
    ]
    assert history(loop_store, "N10", policy=policy)["deadline"] == "2026-04-04"  # 15 days at the street


def test_claimed_needs_past_due_are_overdue(loop_store: Store) -> None:
    got = run(loop_store, "2026-03-12")
    assert got["overdue"] == [{"need": "NCL", "project": "PCL", "due": "2026-02-04", "days_over": 36}]


def test_claims_and_project_moves_append_events(loop_store: Store) -> None:
    claim_project(loop_store, "N11", "R", "PJ-1", {"name": "义诊", "started": "2026-03-12"})
    set_project_status(loop_store, "PJ-1", "done", on="2026-03-20")
    h = history(loop_store, "N11")
    assert [(e["date"], e["action"], e["actor"]) for e in h["events"]] == [
        ("2026-03-12", "claimed", "U"),
        ("2026-03-20", "done", "U"),
    ]
    assert h["status"] == "done" and loop_store.get_node("Need", "N11").props["done_on"] == "2026-03-20"


def test_a_dissatisfied_verdict_sends_the_need_back(loop_store: Store) -> None:
    h = rate(loop_store, "NDONE", "不满意", on="2026-02-01", comment="没修好")
    assert h["status"] == "in_progress" and h["deadline"] == "2026-03-03"
    assert [(e["action"], e.get("rating")) for e in h["events"]] == [
        ("rated", "dissatisfied"),
        ("returned", None),
    ]
    assert {"need": "NDONE", "project": None, "due": "2026-03-03", "days_over": 7} in run(
        loop_store, "2026-03-10"
    )["overdue"]


@pytest.mark.parametrize(
    ("need", "rating", "day", "error", "words"),
    [
        ("NOPE", "满意", "2026-02-01", NotFound, "需求 NOPE 不存在"),
        ("N10", "满意", "2026-04-01", Conflict, "尚未办结"),
        ("NDONE", "满意", "2026-01-19", Conflict, "早于"),
        ("NDONE", "还行", "2026-02-01", ValueError, "未知的评价 还行"),
    ],
)
def test_bad_verdicts_are_refused_and_change_nothing(
    loop_store: Store, need: str, rating: str, day: str, error: type, words: str
) -> None:
    revision = loop_store.revision
    with pytest.raises(error, match=words):
        rate(loop_store, need, rating, on=day)
    assert loop_store.revision == revision


def test_report_gives_the_figures_planners_supervise(loop_store: Store) -> None:
    run(loop_store, "2026-03-12")
    rate(loop_store, "NDONE", "满意", on="2026-01-21")
    got = report(loop_store, "S", "2025-01-01", "2026-12-31", on="2026-03-12")
    figures = {k: v for k, v in got.items() if k not in ("area", "children", "from", "to", "months")}
    assert figures == {
        "raised": 6,
        "done": 1,
        "closed": 0,
        "done_rate": round(1 / 6, 4),
        "mean_days_to_done": 18.0,
        "escalated": 2,
        "highest_level": {"grid": 3, "community": 2, "street": 0, "county": 1},
        "solved_at_grid": 1,
        "open": 4,
        "overdue": 1,
        "rated": 1,
        "satisfaction_rate": 1.0,
    }
    assert [c["area"]["id"] for c in got["children"]] == ["C"] and got["children"][0]["raised"] == 6


def test_report_counts_needs_raised_and_done_per_month(loop_store: Store) -> None:
    got = report(loop_store, "S", "2026-01-01", "2026-03-31", on="2026-03-12")
    assert got["months"] == [
        {"month": "2026-01", "raised": 2, "done": 1},  # NCL and NDONE; NDONE done on 01-20
        {"month": "2026-02", "raised": 0, "done": 0},
        {"month": "2026-03", "raised": 3, "done": 0},
    ]
    # a need of the period done after it ends: its month is added
    claim_project(loop_store, "N11", "R", "PJ-1", {"name": "义诊", "started": "2026-03-12"})
    set_project_status(loop_store, "PJ-1", "done", on="2026-05-02")
    got = report(loop_store, "S", "2026-03-01", "2026-03-31", on="2026-05-02")
    assert got["months"] == [
        {"month": "2026-03", "raised": 3, "done": 0},
        {"month": "2026-04", "raised": 0, "done": 0},
        {"month": "2026-05", "raised": 0, "done": 1},
    ]
    assert sum(m["done"] for m in got["months"]) == got["done"]
    assert sum(m["raised"] for m in got["months"]) == got["raised"]


def test_the_loop_commands(tmp_path: Path) -> None:
    from gongjian.graph.embedded import EmbeddedStore

    db = tmp_path / "g.db"
    with EmbeddedStore(db) as s:
        s.apply(world())

    def gj(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "gongjian.cli", "loop", *args, "--store", str(db)]
        return subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"}
        )

    first = json.loads(gj("run", "--as-of", "2026-03-12", "--json").stdout)
    assert (
        set(first) == {"as_of", "policy", "dry_run", "escalated", "overdue"} and len(first["escalated"]) == 4
    )
    assert json.loads(gj("run", "--as-of", "2026-03-12", "--json").stdout)["escalated"] == []
    h = json.loads(gj("history", "NOLD", "--json").stdout)
    assert set(h) == {"need", "status", "level", "deadline", "events"} and h["level"] == "county"
    assert set(h["events"][0]) == {"date", "action", "level", "actor", "note", "rating"}
    text = gj("history", "NOLD").stdout
    assert "上报" in text and "县" in text and "escalated" not in text
    rated = gj("rate", "NDONE", "不满意", "--date", "2026/2/1", "--json")
    assert rated.returncode == 0 and json.loads(rated.stdout)["status"] == "in_progress"
    refused = gj("rate", "N10", "满意")
    assert refused.returncode == 1 and "尚未办结" in refused.stderr and "Traceback" not in refused.stderr
    bad_day = gj("run", "--as-of", "2026-02-30")
    assert bad_day.returncode == 2 and "日期不存在" in bad_day.stderr
    assert gj("rate", "NOPE", "满意").returncode == 1
    report = json.loads(
        gj("report", "--area", "K", "--from", "2025-01-01", "--to", "2026-12-31", "--json").stdout
    )
    assert report["raised"] == 6 and [c["area"]["id"] for c in report["children"]] == ["S"]
    days = json.loads(
        gj("run", "--as-of", "2026-03-25", "--policy", "days", "--days", "网格=3", "--json").stdout
    )
    assert days["policy"] == {"name": "days", "days": {"grid": 3, "community": 7, "street": 15, "county": 30}}


def test_the_loop_over_http(loop_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_api_support import auth, client_for

    api = next(client_for(loop_store, monkeypatch))
    viewer, planner = auth("viewer"), auth("planner")
    assert api.post("/api/loop/run", json={"as_of": "2026-03-12"}, headers=viewer).status_code == 403
    dry = api.post("/api/loop/run", json={"as_of": "2026/3/12", "dry_run": True}, headers=planner).json()
    assert len(dry["escalated"]) == 4 and loop_store.get_node("Need", "NOLD").props.get("level") is None
    days = api.post(
        "/api/loop/run", json={"as_of": "2026-03-25", "days": {"网格": 3}}, headers=planner
    ).json()
    assert days["policy"]["days"]["grid"] == 3 and days["escalated"]
    h = api.get("/api/needs/NOLD/history", headers=viewer).json()
    assert h["need"]["id"] == "NOLD" and [e["action"] for e in h["events"]] == ["escalated"] * 3
    assert api.get("/api/needs/NOPE/history", headers=viewer).status_code == 404
    r = api.post(
        "/api/needs/NDONE/feedback", json={"rating": "不满意", "date": "2026-02-01"}, headers=planner
    )
    assert r.status_code == 201 and r.json()["status"] == "in_progress"
    assert api.post("/api/needs/N10/feedback", json={"rating": "满意"}, headers=planner).status_code == 409
    bad = api.post("/api/needs/NDONE/feedback", json={"rating": "还行"}, headers=planner)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "rating"]
    report = api.get("/api/loop/report?area=K&from=2025-01-01&to=2026-12-31", headers=viewer).json()
    assert report["raised"] == 6 and report["children"][0]["area"]["id"] == "S"
    assert api.get("/api/loop/report?area=K&from=2025-13-01&to=2026-12-31", headers=viewer).status_code == 422
    late = api.get("/api/loop/overdue?as_of=2026-03-12", headers=viewer).json()
    assert late["overdue"][0]["need"] == "NCL"


def test_the_server_escalates_once_a_day(loop_store: Store) -> None:
    from contextlib import nullcontext

    from gongjian.api.escalation import DailyEscalation

    days = iter(["2026-03-12", "2026-03-12", "2026-03-16"])
    daily = DailyEscalation(lambda: nullcontext(loop_store), Monthly(), clock=lambda: next(days))
    first = daily.run_due()
    assert first is not None and len(first["escalated"]) == 4
    revision = loop_store.revision
    assert daily.run_due() is None and loop_store.revision == revision  # the same date: not again
    assert [e["need"] for e in daily.run_due()["escalated"]] == ["N10", "NB"]  # a new date: 3-15 passed


def _dataset(folder: Path, **tables: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_ingest_takes_events_and_verdicts_with_row_errors(store: Store, tmp_path: Path) -> None:
    from gongjian.ingest.load import ingest

    assert store.get_node("Need", "N-04").props["done_on"] == "2025-02-01"  # its done project's finish
    assert [e["action"] for e in history(store, "N-04")["events"]] == ["raised", "done", "rated"]
    assert store.get_node("Need", "N-02").props["level"] == "community"  # its history's latest
    bad = ingest(
        _dataset(
            tmp_path / "bad",
            events="需求,日期,动作,层级\nN-404,2026-01-01,上报,社区\nN-01,2026-01-01,飞走,社区\n",
            feedback="需求,评价日期,满意度\nN-01,2026-01-02,满意\nN-04,2025-01-01,满意\nN-04,2025-03-01,还行\n",
        ),
        store,
    )
    reasons = {(p.file, p.row): p.reason for p in bad.rejected}
    assert "不存在" in reasons[("events.csv", 2)] and "动作" in bad.rejected[1].column
    assert "尚未办结" in reasons[("feedback.csv", 2)] and "早于" in reasons[("feedback.csv", 3)]
    assert ("feedback.csv", 4) in reasons and not bad.written
    good = ingest(
        _dataset(
            tmp_path / "good",
            events="需求,日期,动作,层级,说明\nN-01,2026-01-10,上报,街道,网格未解决\nN-01,2026-01-10,上报,街道,网格未解决\n",
            feedback="需求,评价日期,满意度,意见\nN-04,2025-02-03,满意,好\nN-04,2025-02-05,不满意,又坏了\n",
        ),
        store,
    )
    assert good.ok and good.written
    assert [e["action"] for e in history(store, "N-01")["events"]].count(
        "escalated"
    ) == 1  # the same row twice
    n4 = store.get_node("Need", "N-04").props
    assert (n4["status"], n4["rating"], n4["due"]) == ("in_progress", "dissatisfied", "2025-03-07")
    assert [e["action"] for e in history(store, "N-04")["events"]][-3:] == ["rated", "rated", "returned"]
    again = ingest(tmp_path / "good", store)
    assert again.ok and len(history(store, "N-04")["events"]) == 6  # ingesting again appends nothing


def test_a_need_registered_over_http_starts_its_history(
    loop_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_api_support import auth, client_for

    api = next(client_for(loop_store, monkeypatch))
    made = api.post(
        "/api/needs",
        json={"title": "楼道灯坏了", "area": "BG", "raised": "2026-03-01"},
        headers=auth("planner"),
    )
    assert made.status_code == 201, made.text
    h = api.get(f"/api/needs/{made.json()['id']}/history", headers=auth("viewer")).json()
    assert h["level"] == "grid" and [(e["date"], e["action"], e["level"]) for e in h["events"]] == [
        ("2026-03-01", "raised", "grid")
    ]


def test_a_verdict_on_an_earlier_completion_is_taken_from_the_history(store: Store, tmp_path: Path) -> None:
    """N-04, done on 2025-02-01, is sent back on 02-05 by a 不满意 and done again on 03-01: the
    verdict of 02-05 (and one of 02-04, against the history already stored) stands, one given
    while it was being done again does not, and the old 不满意 sends nothing back."""
    from gongjian.ingest.load import ingest

    first = ingest(
        _dataset(
            tmp_path / "a",
            needs="需求编码,需求标题,所在区划,提出日期,状态,办结日期\n"
            "N-04,邻里纠纷调解,530111002001,2025-01-10,已办结,2025-03-01\n",
            events="需求,日期,动作,层级\nN-04,2025-02-05,退回,社区\nN-04,2025-03-01,办结,社区\n",
            feedback="需求,评价日期,满意度\nN-04,2025-02-05,不满意\nN-04,2025-02-10,基本满意\n",
        ),
        store,
        skip_invalid=True,
    )
    assert [(p.file, p.row) for p in first.rejected] == [("feedback.csv", 3)], first.rejected
    assert "早于" in first.rejected[0].reason and "没有此前的办结" in first.rejected[0].reason
    n4 = store.get_node("Need", "N-04").props
    assert (n4["status"], n4["rating"], n4["rated_on"]) == ("done", "dissatisfied", "2025-02-05")
    actions = [e["action"] for e in history(store, "N-04")["events"]]
    assert actions == ["raised", "done", "rated", "rated", "returned", "done"]
    second = ingest(
        _dataset(
            tmp_path / "b", feedback="需求,评价日期,满意度\nN-04,2025-02-04,基本满意\nN-04,2025-03-05,满意\n"
        ),
        store,
    )
    assert second.ok, second.rejected
    n4 = store.get_node("Need", "N-04").props
    assert (n4["status"], n4["rating"], n4["rated_on"]) == ("done", "satisfied", "2025-03-05")
