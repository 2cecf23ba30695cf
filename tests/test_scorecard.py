"""Two-way assessment (双向考核) on both stores: hand-made cases, each part exact."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gongjian.graph.embedded import EmbeddedStore
from gongjian.graph.store import ChangeSet, NotFound, Rel, Store
from gongjian.ingest.load import ingest
from gongjian.queries.scorecard import area_scorecard, boards, rank, unit_scorecard
from gongjian.rules.assessment import (
    UNIT_WEIGHTS,
    parse_period,
    period_inside,
    period_span,
    project_timing,
)
from tests.conftest import LEDGER

FROM, TO, TODAY = "2025-01-01", "2025-12-31", "2026-11-21"

AREAS = {
    "K": {"name": "示范区", "level": "county"},
    "S": {"name": "示范街道", "level": "street", "parent": "K"},
    "C": {"name": "佴家湾社区", "level": "community", "parent": "S"},
    "C2": {"name": "关兴社区", "level": "community", "parent": "S"},
    "K2": {"name": "别区", "level": "county"},
}


def world() -> ChangeSet:
    nodes: dict[str, dict[str, dict]] = {
        "Area": {c: {"code": c, **a} for c, a in AREAS.items()},
        "Unit": {
            "UA": {"name": "甲医院", "area": "S"},
            "UB": {"name": "乙公司", "area": "S"},
            "UC": {"name": "丙律所", "area": "C2"},
            "UD": {"name": "丁集团", "area": "K2"},  # outside, registered with C through its party org
            "UE": {"name": "戊公司", "area": "K2"},  # outside, not linked
        },
        "PartyOrg": {
            "PA": {"name": "甲医院党委", "unit": "UA"},
            "PSUP": {"name": "卫健党工委", "area": "K"},
            "PC": {"name": "佴家湾社区党委", "area": "C"},
            "PD": {"name": "丁集团党支部", "unit": "UD"},
        },
        "Platform": {
            "PFC": {"name": "佴家湾社区大党委", "kind": "big_committee", "area": "C"},
            "PFX": {"name": "卫健联席会议", "kind": "joint_conference", "area": "K"},
        },
        "Agreement": {
            "AG1": {"name": "到期协议", "signed": "2024-01-01", "expires": "2025-06-30"},
            "AG2": {"name": "新协议", "signed": "2025-03-01"},
        },
        "Person": {
            "PS1": {"name": "张三", "unit": "UA"},
            "PS2": {"name": "李四", "party_org": "PA"},
            "PS3": {"name": "王五", "unit": "UA"},
        },
        "Need": {
            "N1": {
                "title": "体检",
                "area": "C",
                "raised": "2025-01-20",
                "status": "done",
                "beneficiaries": 10,
                "rating": "satisfied",
                "done_on": "2025-02-20",
            },
            "N2": {
                "title": "线路",
                "area": "C",
                "raised": "2025-03-20",
                "status": "in_progress",
                "beneficiaries": 5,
                "rating": "dissatisfied",
                "done_on": "2025-06-01",
            },
            "N3": {
                "title": "法律",
                "area": "C2",
                "raised": "2025-02-01",
                "status": "done",
                "beneficiaries": 7,
                "rating": "fair",
                "done_on": "2025-02-10",
            },
        },
        "Resource": {
            "R1": {"title": "空闲会议室", "status": "idle", "unit": "UA"},
            "R2": {"title": "义诊", "status": "available", "unit": "UA"},
        },
        "Project": {
            "P1": {
                "name": "体检",
                "status": "done",
                "started": "2025-02-01",
                "due": "2025-03-01",
                "finished": "2025-02-20",
                "needs": ["N1"],
                "unit": "UA",
            },
            "P2": {
                "name": "线路",
                "status": "done",
                "started": "2025-04-01",
                "finished": "2025-06-01",
                "needs": ["N2"],
                "unit": "UA",
            },  # due 30 days after start: late
            "P3": {
                "name": "逾期",
                "status": "in_progress",
                "started": "2025-11-01",
                "due": "2025-11-20",
                "unit": "UA",
            },
            "P4": {"name": "刚开始", "status": "claimed", "started": "2025-12-20", "unit": "UA"},
            "P5": {
                "name": "去年",
                "status": "done",
                "started": "2024-03-01",
                "finished": "2024-04-01",
                "unit": "UA",
            },
            "P6": {
                "name": "法律咨询",
                "status": "done",
                "started": "2025-02-01",
                "finished": "2025-02-10",
                "needs": ["N3"],
                "unit": "UC",
            },
        },
        "Evaluation": {
            "E1": {"evaluator": "S", "evaluated": "UA", "period": "2025", "grade": "good"},
            "E2": {"evaluator": "S", "evaluated": "PA", "period": "2025H2", "grade": "fair"},
            "E3": {"evaluator": "S", "evaluated": "UA", "period": "2024", "grade": "poor"},  # outside
            "E4": {"evaluator": "C", "evaluated": "UA", "period": "2026Q1", "grade": "poor"},  # outside
            "E5": {"evaluator": "UA", "evaluated": "C", "period": "2025", "grade": "good"},
            "E6": {"evaluator": "UC", "evaluated": "PC", "period": "2025Q2", "grade": "average"},
            "E7": {"evaluator": "S", "evaluated": "C", "period": "2025", "grade": "poor"},  # not a unit's
        },
    }
    rels = [Rel("PART_OF", ("Area", c), ("Area", a["parent"])) for c, a in AREAS.items() if "parent" in a]
    rels += [Rel("LOCATED_IN", ("Unit", u), ("Area", p["area"])) for u, p in nodes["Unit"].items()]
    rels += [
        Rel("BUILT_IN", ("PartyOrg", "PA"), ("Unit", "UA")),
        Rel("BUILT_IN", ("PartyOrg", "PD"), ("Unit", "UD")),
        Rel("BUILT_IN", ("PartyOrg", "PSUP"), ("Area", "K")),
        Rel("BUILT_IN", ("PartyOrg", "PC"), ("Area", "C")),
        Rel("SUBORDINATE_TO", ("PartyOrg", "PA"), ("PartyOrg", "PSUP")),
        Rel("AT", ("Platform", "PFC"), ("Area", "C")),
        Rel("AT", ("Platform", "PFX"), ("Area", "K")),
        # the unit sits on the committee only through its party org
        Rel(
            "MEMBER_OF", ("PartyOrg", "PA"), ("Platform", "PFC"), {"role": "兼职委员", "since": "2021-03-01"}
        ),
        Rel("MEMBER_OF", ("Unit", "UC"), ("Platform", "PFC"), {"role": "成员单位", "since": "2025-05-01"}),
        Rel("MEMBER_OF", ("Unit", "UB"), ("Platform", "PFC"), {"since": "2020-01-01", "until": "2024-12-31"}),
        # the party org's superior is on another platform: not the unit's
        Rel("MEMBER_OF", ("PartyOrg", "PSUP"), ("Platform", "PFX"), {"since": "2020-01-01"}),
        Rel("SIGNED", ("Area", "C"), ("Agreement", "AG1"), {"side": "a"}),
        Rel("SIGNED", ("Unit", "UA"), ("Agreement", "AG1"), {"side": "b"}),
        Rel("SIGNED", ("PartyOrg", "PC"), ("Agreement", "AG2"), {"side": "a"}),
        Rel("SIGNED", ("PartyOrg", "PA"), ("Agreement", "AG2"), {"side": "b"}),
        Rel("WORKS_AT", ("Person", "PS1"), ("Unit", "UA")),
        Rel("WORKS_AT", ("Person", "PS3"), ("Unit", "UA")),
        Rel("BELONGS_TO", ("Person", "PS2"), ("PartyOrg", "PA")),
        Rel("REGISTERED_WITH", ("Person", "PS1"), ("Area", "C"), {"date": "2024-05-01", "hours": 10}),
        Rel("REGISTERED_WITH", ("Person", "PS2"), ("Area", "C"), {"date": "2025-03-01", "hours": 5.5}),
        Rel("REGISTERED_WITH", ("Person", "PS3"), ("Area", "C"), {"date": "2026-01-01", "hours": 8}),
        Rel("REGISTERED_WITH", ("PartyOrg", "PA"), ("Area", "C"), {"date": "2022-01-01", "hours": 100}),
        Rel("REGISTERED_WITH", ("PartyOrg", "PD"), ("Area", "C"), {"date": "2022-01-01", "hours": 1}),
        Rel("OFFERS", ("Unit", "UA"), ("Resource", "R1")),
        Rel("OFFERS", ("Unit", "UA"), ("Resource", "R2")),
    ]
    rels += [Rel("RAISED_IN", ("Need", n), ("Area", p["area"])) for n, p in nodes["Need"].items()]
    for pid, p in nodes["Project"].items():
        rels.append(Rel("CLAIMED_BY", ("Project", pid), ("Unit", p["unit"])))
        rels += [Rel("ADDRESSES", ("Project", pid), ("Need", n)) for n in p.get("needs", ())]
    for eid, e in nodes["Evaluation"].items():
        for role, rel in (("evaluator", "EVALUATED_BY"), ("evaluated", "EVALUATES")):
            ref = e[role]
            label = "Area" if ref in AREAS else "PartyOrg" if ref.startswith("P") else "Unit"
            rels.append(Rel(rel, ("Evaluation", eid), (label, ref)))
    return ChangeSet(nodes=nodes, rels=rels)


@pytest.fixture
def card_store(empty_store: Store) -> Store:
    empty_store.apply(world())
    return empty_store


def test_a_units_scorecard_is_exact(card_store: Store) -> None:
    got = unit_scorecard(card_store, "UA", FROM, TO, on=TODAY)
    assert (got["id"], got["name"], got["period"]) == ("UA", "甲医院", {"from": FROM, "to": TO})
    assert got["parts"] == {
        "platforms": 1,  # through its party org only; its superior's platform does not count
        "agreements_in_force": 1,  # AG1 expired inside the period, AG2 (its party org's) holds
        "projects_claimed": 4,
        "projects_done": 2,
        "projects_on_time": 1,
        "projects_late": 1,  # no due date: 30 days after it started
        "projects_overdue": 1,
        "beneficiaries": 15,
        "rated": 2,
        "satisfaction_rate": 0.5,  # one dissatisfied verdict
        "registered_people": 2,  # PS3 registered after the period
        "service_hours": 115.5,
        "idle_resources": 1,
        "evaluations": {"good": 1, "fair": 1, "average": 0, "poor": 0},  # 2024 and 2026Q1 ignored
    }
    behind = got["behind"]
    assert [(p["id"], p["roles"][0]["through"], p["roles"][0]["role"]) for p in behind["platforms"]] == [
        ("PFC", "PA", "兼职委员")
    ]
    assert [(a["id"], a["through"]) for a in behind["agreements"]] == [("AG2", "PA")]
    assert [(r["subject"]["id"], r["area"]["id"]) for r in behind["registrations"]] == [
        ("PA", "C"),
        ("PS1", "C"),
        ("PS2", "C"),
    ]
    assert got["weights"] == UNIT_WEIGHTS
    assert got["normalised"]["on_time_rate"] == 0.5
    assert got["normalised"]["projects_overdue"] == 0.5
    # every part of the score is shown: the score is the weighted sum of the normalised parts
    n, w = got["normalised"], got["weights"]
    total = sum((-w[k] if k in got["penalties"] else w[k]) * n[k] for k in w)
    gain = sum(v for k, v in w.items() if k not in got["penalties"])
    assert got["score"] == round(100 * total / gain, 2)


def test_the_period_end_decides_memberships_and_overdue(card_store: Store) -> None:
    got = unit_scorecard(card_store, "UA", "2025-01-01", "2025-06-30", on=TODAY)
    assert got["parts"]["agreements_in_force"] == 2  # AG1 in force on its last day
    assert got["parts"]["projects_overdue"] == 0  # P3 not yet due
    assert got["parts"]["projects_claimed"] == 2
    assert got["parts"]["evaluations"] == {"good": 0, "fair": 0, "average": 0, "poor": 0}
    early = unit_scorecard(card_store, "UA", FROM, TO, on="2025-11-15")  # today before the due date
    assert early["parts"]["projects_overdue"] == 0


def test_a_unit_without_activity_and_errors(card_store: Store) -> None:
    got = unit_scorecard(card_store, "UB", FROM, TO, on=TODAY)
    assert got["parts"]["platforms"] == 0  # a former member
    assert got["score"] == 0
    with pytest.raises(NotFound):
        unit_scorecard(card_store, "NOPE", FROM, TO)
    with pytest.raises(ValueError):
        unit_scorecard(card_store, "UA", TO, FROM)


def test_an_areas_scorecard(card_store: Store) -> None:
    got = area_scorecard(card_store, "C", FROM, TO, on=TODAY)
    parts = got["parts"]
    assert (parts["raised"], parts["done"], parts["rated"]) == (2, 1, 2)
    assert parts["committee_members"] == 2  # PA and UC; UB left
    assert (parts["agreements_in_force"], parts["agreements_signed"]) == (1, 1)
    # UA graded the community, UC its party org; the street's grade is not a unit's
    assert parts["evaluations"] == {"good": 1, "fair": 0, "average": 1, "poor": 0}
    assert [p["id"] for p in got["behind"]["platforms"]] == ["PFC"]


def test_ranking_units_of_an_area(card_store: Store) -> None:
    got = rank(card_store, "S", "unit", FROM, TO, on=TODAY)
    assert (got["area"]["id"], got["kind"]) == ("S", "unit")
    ids = [r["id"] for r in got["ranking"]]
    assert set(ids) == {"UA", "UB", "UC", "UD"}  # UD sits outside but registered with C; UE is not linked
    assert ids[-1] == "UB" or got["ranking"][-1]["score"] == got["ranking"][-2]["score"]
    for row in got["ranking"]:  # the ranking scores each unit as its own scorecard does
        card = unit_scorecard(card_store, row["id"], FROM, TO, on=TODAY)
        assert (row["parts"], row["normalised"], row["score"]) == (
            card["parts"],
            card["normalised"],
            card["score"],
        )
    assert [r["rank"] for r in got["ranking"]][0] == 1
    communities = rank(card_store, "S", "community", FROM, TO, on=TODAY)
    assert {r["id"] for r in communities["ranking"]} == {"C", "C2"}


def test_boards() -> None:
    assert boards(1) == (0, 0)
    assert boards(4) == (1, 1)
    assert boards(300) == (10, 10)


def test_an_active_unit_ranks_above_an_idle_one_under_any_sane_weights(card_store: Store) -> None:
    rnd = random.Random(15)
    for _ in range(20):
        weights = {k: rnd.uniform(0, 1) for k in UNIT_WEIGHTS}
        weights[rnd.choice(["projects_done", "on_time_rate", "satisfaction_rate"])] += 0.05
        good = unit_scorecard(card_store, "UC", FROM, TO, on=TODAY, weights=weights)
        idle = unit_scorecard(card_store, "UB", FROM, TO, on=TODAY, weights=weights)
        assert good["score"] > idle["score"], weights


@pytest.mark.parametrize(
    ("text", "code", "span"),
    [
        ("2025", "2025", ("2025-01-01", "2025-12-31")),
        ("2025年度", "2025", ("2025-01-01", "2025-12-31")),
        ("2025H1", "2025H1", ("2025-01-01", "2025-06-30")),
        ("2025年下半年", "2025H2", ("2025-07-01", "2025-12-31")),
        ("2025Q3", "2025Q3", ("2025-07-01", "2025-09-30")),
        ("2025年第四季度", "2025Q4", ("2025-10-01", "2025-12-31")),
        ("2024-Q1", "2024Q1", ("2024-01-01", "2024-03-31")),
    ],
)
def test_periods(text: str, code: str, span: tuple[str, str]) -> None:
    assert parse_period(text) == code
    assert period_span(code) == span


def test_period_inside_and_timing() -> None:
    assert period_inside("2025H2", FROM, TO)
    assert not period_inside("2025", "2025-01-01", "2025-06-30")
    assert not period_inside("垃圾", FROM, TO)
    for bad in ("25", "2025H3", "2025Q5", "上半年"):
        with pytest.raises(ValueError):
            parse_period(bad)
    assert (
        project_timing({"status": "done", "started": "2025-01-01", "finished": "2025-01-31"}, TO, TODAY)
        == "on_time"
    )
    assert (
        project_timing({"status": "done", "started": "2025-01-01", "finished": "2025-02-01"}, TO, TODAY)
        == "late"
    )
    assert project_timing({"status": "cancelled", "started": "2024-01-01"}, TO, TODAY) is None
    assert project_timing({"started": "2025-12-01"}, TO, TODAY) is None
    assert project_timing({"started": "2025-11-01"}, TO, TODAY) == "overdue"


def test_weights_from_the_settings_file() -> None:
    from gongjian.settings import scorecard_weights

    assert scorecard_weights("unit", {}) == UNIT_WEIGHTS
    got = scorecard_weights("unit", {"scorecard": {"unit": {"platforms": 0.5}}})
    assert got["platforms"] == 0.5 and got["projects_done"] == UNIT_WEIGHTS["projects_done"]
    for bad in ({"nope": 1}, {"platforms": -1}, {"platforms": "x"}):
        with pytest.raises(ValueError):
            scorecard_weights("unit", {"scorecard": {"unit": bad}})


def test_ingest_of_evaluations_with_row_errors(store: Store, tmp_path) -> None:
    from gongjian.ingest.load import ingest

    def dataset(name: str, text: str):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "evaluations.csv").write_text(text, encoding="utf-8")
        return folder

    bad = ingest(
        dataset(
            "bad",
            "评议方,被评议方,年度,等次,意见\n"
            "530111001000,U-LAW-01,2025,好,\n"
            "530111001000,U-NOPE,2025,好,\n"
            "530111001000,U-LAW-01,2025H3,好,\n"
            "530111001000,U-LAW-01,2025年,较好,\n"
            "530111001000,U-LAW-01,2025Q1,优中,\n",
        ),
        store,
    )
    reasons = {p.row: (p.column, p.reason) for p in bad.rejected}
    assert set(reasons) == {3, 4, 5, 6} and not bad.written
    assert "不存在" in reasons[3][1]
    assert reasons[4][0] == "年度" and "期间" in reasons[4][1]
    assert "重复" in reasons[5][1]
    assert reasons[6][0] == "等次"
    good = ingest(
        dataset("good", "评议方,被评议方,年度,等次,意见\n530111001000,U-LAW-01,2025年上半年,较好,积极\n"),
        store,
    )
    assert good.ok, good.rejected
    again = ingest(dataset("again", "评议方,被评议方,期间,等次\n530111001000,U-LAW-01,2025H1,好\n"), store)
    assert again.ok
    _, found = store.find_nodes("Evaluation")
    assert sorted(
        (e.props["evaluator"], e.props["evaluated"], e.props["period"], e.props["grade"]) for e in found
    ) == [
        ("530111001000", "U-LAW-01", "2025H1", "good"),  # the same key twice: the grade replaced
        ("530111001001", "U-LAW-01", "2025", "good"),  # the fixture ledger's
        ("U-LAW-01", "530111001001", "2025H1", "fair"),
    ]
    card = unit_scorecard(store, "U-LAW-01", "2025-01-01", "2025-12-31", on="2026-11-21")
    assert card["parts"]["evaluations"] == {"good": 2, "fair": 0, "average": 0, "poor": 0}
    area = area_scorecard(store, "530111001001", "2025-01-01", "2025-12-31", on="2026-11-21")
    assert area["parts"]["evaluations"] == {"good": 0, "fair": 1, "average": 0, "poor": 0}


def match_world() -> ChangeSet:
    areas = {
        "S": {"code": "S", "name": "街道", "level": "street"},
        "C": {"code": "C", "name": "社区", "level": "community", "parent": "S"},
    }
    nodes: dict[str, dict[str, dict]] = {
        "Area": areas,
        "Platform": {"PF": {"name": "社区大党委", "kind": "big_committee", "area": "C"}},
        "Unit": {"U1": {"name": "好评医院", "area": "S"}, "U2": {"name": "差评医院", "area": "S"}},
        "Resource": {
            "R1": {"title": "上门义诊", "category": "health", "unit": "U1", "capacity": 5},
            "R2": {"title": "上门义诊", "category": "health", "unit": "U2", "capacity": 5},
        },
        "Need": {
            "NX": {
                "title": "老人需要上门义诊",
                "category": "health",
                "area": "C",
                "raised": "2026-01-01",
                "status": "open",
            },
            "NS": {
                "title": "体检",
                "area": "C",
                "raised": "2025-01-01",
                "status": "done",
                "rating": "satisfied",
            },
            "ND": {
                "title": "体检",
                "area": "C",
                "raised": "2025-01-01",
                "status": "in_progress",
                "rating": "dissatisfied",
            },
        },
        "Project": {
            "P1": {"name": "体检", "status": "done", "unit": "U1", "needs": ["NS"]},
            "P2": {"name": "体检", "status": "done", "unit": "U2", "needs": ["ND"]},
        },
    }
    rels = [
        Rel("PART_OF", ("Area", "C"), ("Area", "S")),
        Rel("AT", ("Platform", "PF"), ("Area", "C")),
        *(Rel("RAISED_IN", ("Need", n), ("Area", "C")) for n in ("NX", "NS", "ND")),
        Rel("MEMBER_OF", ("Unit", "U1"), ("Platform", "PF"), {"since": "2020-01-01"}),
        Rel("MEMBER_OF", ("Unit", "U2"), ("Platform", "PF"), {"since": "2020-01-01"}),
        Rel("LOCATED_IN", ("Unit", "U1"), ("Area", "S")),
        Rel("LOCATED_IN", ("Unit", "U2"), ("Area", "S")),
        Rel("OFFERS", ("Unit", "U1"), ("Resource", "R1")),
        Rel("OFFERS", ("Unit", "U2"), ("Resource", "R2")),
        Rel("CLAIMED_BY", ("Project", "P1"), ("Unit", "U1")),
        Rel("CLAIMED_BY", ("Project", "P2"), ("Unit", "U2")),
        Rel("ADDRESSES", ("Project", "P1"), ("Need", "NS")),
        Rel("ADDRESSES", ("Project", "P2"), ("Need", "ND")),
    ]
    return ChangeSet(nodes=nodes, rels=rels)


def test_satisfaction_feeds_the_track_record_of_matching(empty_store: Store) -> None:
    from gongjian.queries.loop import rate
    from gongjian.queries.match import match_need

    empty_store.apply(match_world())
    walks = empty_store.need_walks("NX", ["C", "S"], 0, 1, frozenset({"health"}))
    assert walks.verdicts == {"U1": {("done", "satisfied"): 1}, "U2": {("done", "dissatisfied"): 1}}
    got = match_need(empty_store, "NX", on="2026-02-01")["matches"]
    assert [m["unit"]["id"] for m in got] == ["U1", "U2"]  # the same in all but residents' verdicts
    one, two = (m["parts"] for m in got)
    assert (one["satisfaction"], two["satisfaction"]) == (1.0, 0.5)
    assert (one["track_record"], two["track_record"]) == (round(1 / 3, 4), round(1 / 3 * 0.5, 4))
    # a verdict written now counts at the next match (the embedded store's memo forgets)
    empty_store.apply(ChangeSet(nodes={"Need": {"ND": {"status": "done", "done_on": "2025-02-01"}}}))
    rate(empty_store, "ND", "满意", on="2026-01-15")
    again = match_need(empty_store, "NX", on="2026-02-01")["matches"]
    assert [m["parts"]["satisfaction"] for m in again] == [1.0, 1.0]


def test_the_contracts_assessment_reads(card_store: Store) -> None:
    """area_units and unit_activity, whole answers, the same on both stores."""
    assert card_store.area_units(["S", "C", "C2"]) == ["UA", "UB", "UC", "UD"]
    assert card_store.area_units(["C"]) == ["UA", "UB", "UC", "UD"]  # linked only
    assert card_store.area_units(["K2"]) == ["UD", "UE"]
    assert card_store.area_units(["NOPE"]) == []
    assert card_store.unit_activity(["NOPE"]) == []
    (ua,) = card_store.unit_activity(["UA", "NOPE"])
    assert (ua.unit.id, ua.unit.props["name"]) == ("UA", "甲医院")
    assert [o.id for o in ua.orgs] == ["PA"] and ua.people == ["PS1", "PS2", "PS3"]
    assert [(r.type, r.src, r.dst, n.ref) for r, n in ua.links] == [
        ("EVALUATES", ("Evaluation", "E1"), ("Unit", "UA"), ("Evaluation", "E1")),
        ("EVALUATES", ("Evaluation", "E2"), ("PartyOrg", "PA"), ("Evaluation", "E2")),
        ("EVALUATES", ("Evaluation", "E3"), ("Unit", "UA"), ("Evaluation", "E3")),
        ("EVALUATES", ("Evaluation", "E4"), ("Unit", "UA"), ("Evaluation", "E4")),
        ("MEMBER_OF", ("PartyOrg", "PA"), ("Platform", "PFC"), ("Platform", "PFC")),
        ("REGISTERED_WITH", ("PartyOrg", "PA"), ("Area", "C"), ("Area", "C")),
        ("REGISTERED_WITH", ("Person", "PS1"), ("Area", "C"), ("Area", "C")),
        ("REGISTERED_WITH", ("Person", "PS2"), ("Area", "C"), ("Area", "C")),
        ("REGISTERED_WITH", ("Person", "PS3"), ("Area", "C"), ("Area", "C")),
        ("SIGNED", ("PartyOrg", "PA"), ("Agreement", "AG2"), ("Agreement", "AG2")),
        ("SIGNED", ("Unit", "UA"), ("Agreement", "AG1"), ("Agreement", "AG1")),
    ]
    assert ua.links[5][0].props == {"date": "2022-01-01", "hours": 100}
    assert [(p.id, needs) for p, needs in ua.projects] == [
        ("P1", ["N1"]), ("P2", ["N2"]), ("P3", []), ("P4", []), ("P5", [])
    ]  # fmt: skip
    assert sorted(ua.needs) == ["N1", "N2"] and ua.needs["N1"]["beneficiaries"] == 10
    assert [r.id for r in ua.resources] == ["R1", "R2"]


def test_unit_activity_of_many_units_is_each_unit_s(card_store: Store) -> None:
    """Asking about every unit at once answers for each what asking about it alone does."""
    _, units = card_store.find_nodes("Unit")
    ids = [u.id for u in units] + ["U-NOT-THERE"]
    together = card_store.unit_activity(ids)
    assert [a.unit.id for a in together] == sorted(u.id for u in units)
    assert together == [a for i in sorted(ids) for a in card_store.unit_activity([i])]
    for part in ("orgs", "people", "links", "projects", "resources", "needs"):
        assert any(getattr(a, part) for a in together), part  # the fixture exercises each part


def test_unit_activity_reads_as_many_statements_for_all_units_as_for_one(tmp_path: Path) -> None:
    """The embedded store reads a province's 47,000 units by relationship type, not unit by unit."""
    with EmbeddedStore(tmp_path / "g.db") as s:
        assert ingest(LEDGER, s).ok
        ids = [u.id for u in s.find_nodes("Unit")[1]]
        counts = []
        for asked in (ids[:1], ids):
            statements: list[str] = []
            s._con.set_trace_callback(statements.append)
            s.unit_activity(asked)
            s._con.set_trace_callback(None)
            counts.append(len(statements))
    assert len(ids) > 5 and counts[0] == counts[1]
