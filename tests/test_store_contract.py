"""The store contract, on both stores: same writes, same answers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from gongjian.graph.embedded import EmbeddedStore
from gongjian.graph.store import ChangeSet, Conflict, NotFound, Rel, RelClear, Store
from gongjian.ingest.load import ingest
from gongjian.queries.dispatch import claim_project
from gongjian.queries.linkage import need_context
from gongjian.queries.match import path_joins, rank
from gongjian.rules.spelling import spell
from tests.conftest import LEDGER, make_store

EXPECTED_NODES = {
    "Area": 12, "Unit": 6, "PartyOrg": 6, "Platform": 3, "Person": 2,
    "Agreement": 2, "Need": 5, "Resource": 6, "Project": 1, "Event": 8, "Evaluation": 2, "Document": 0,
}  # fmt: skip


def snapshot(store: Store) -> tuple[dict, dict]:
    nodes = {(n.label, n.id): n.props for n in store.iter_nodes()}
    rels = {(r.type, r.src, r.dst): r.props for r in store.iter_rels()}
    return nodes, rels


def test_counts_cover_every_label_and_type(store: Store) -> None:
    counts = store.counts()
    assert counts["nodes"] == EXPECTED_NODES
    rels = counts["relationships"]
    assert rels["PART_OF"] == 11
    assert rels["MEMBER_OF"] == 6
    assert rels["SIGNED"] == 4
    assert rels["BUILT_IN"] == 6
    assert rels["WORKS_AT"] == 0  # every model type is listed, even when absent


def test_nodes_keep_normalised_properties(store: Store) -> None:
    unit = store.get_node("Unit", "91350100M000100Y43")
    assert unit is not None
    assert unit.props["name"] == "官渡区人民医院"
    assert unit.props["type"] == "institution"
    assert unit.props["area"] == "530111001000"
    platform = store.get_node("Platform", "PF-GX")
    assert platform and platform.props["founded"] == "2021-06-01"
    need = store.get_node("Need", "N-02")
    assert need and need.props["category"] == "infrastructure" and need.props["category_inferred"] is True
    assert need.props["status"] == "open" and need.props["urgency"] == "medium"
    assert store.get_node("Need", "N-01").props["category_inferred"] is False
    assert store.get_node("Unit", "nope") is None


def test_relationship_properties(store: Store) -> None:
    _, rels = snapshot(store)
    former = rels[("MEMBER_OF", ("Unit", "U-PROP-01"), ("Platform", "PF-EJW"))]
    assert former == {"role": "成员单位", "since": "2021-03-01", "until": "2023-12-31"}
    assert rels[("SIGNED", ("PartyOrg", "PO-GX"), ("Agreement", "AG-01"))] == {"side": "a"}
    assert rels[("SIGNED", ("Unit", "U-POW-01"), ("Agreement", "AG-01"))] == {"side": "b"}
    assert rels[("REGISTERED_WITH", ("Person", "PS-002"), ("Area", "530111001001"))]["hours"] == 16.5


def test_get_nodes_and_labels_of(store: Store) -> None:
    found = store.get_nodes("Area", ["530111001001", "missing"])
    assert list(found) == ["530111001001"]
    assert found["530111001001"]["level"] == "community"
    assert store.labels_of(["PO-EJW", "U-LAW-01", "missing"]) == {
        "PO-EJW": ["PartyOrg"],
        "U-LAW-01": ["Unit"],
    }


def test_relationships_at_some_nodes(store: Store) -> None:
    """The relationships of one type at some nodes, either end, sorted by (src, dst): whole answers."""
    members = store.relationships_at("MEMBER_OF", "src", [("Unit", "U-PROP-01"), ("PartyOrg", "PO-HOSP")])
    assert members == [
        Rel(
            "MEMBER_OF",
            ("PartyOrg", "PO-HOSP"),
            ("Platform", "PF-EJW"),
            {"role": "兼职委员", "since": "2021-03-01"},
        ),
        Rel(
            "MEMBER_OF",
            ("Unit", "U-PROP-01"),
            ("Platform", "PF-EJW"),
            {"role": "成员单位", "since": "2021-03-01", "until": "2023-12-31"},
        ),
    ]
    into = store.relationships_at(
        "BUILT_IN", "dst", [("Area", "530111001101"), ("Unit", "U-EDU-01"), ("Area", "530111001102")]
    )
    assert into == [
        Rel("BUILT_IN", ("PartyOrg", "PO-EDU"), ("Unit", "U-EDU-01"), {}),
        Rel("BUILT_IN", ("PartyOrg", "PO-GRID1"), ("Area", "530111001101"), {}),
    ]
    signed = store.relationships_at("SIGNED", "dst", [("Agreement", "AG-01"), ("Agreement", "AG-01")])
    assert signed == [
        Rel("SIGNED", ("PartyOrg", "PO-GX"), ("Agreement", "AG-01"), {"side": "a"}),
        Rel("SIGNED", ("Unit", "U-POW-01"), ("Agreement", "AG-01"), {"side": "b"}),
    ]  # a repeated ref counts once
    assert store.relationships_at("MEMBER_OF", "dst", [("Unit", "U-LAW-01")]) == []  # wrong end
    assert store.relationships_at("MEMBER_OF", "src", [("Unit", "missing"), ("Nolabel", "x")]) == []
    assert store.relationships_at("MEMBER_OF", "src", []) == []
    every = store.relationships("MEMBER_OF")
    assert store.relationships_at("MEMBER_OF", "src", [r.src for r in every]) == every


def test_relationships_at_many_nodes(store: Store) -> None:
    """Thousands of nodes asked about (a whole province's units) give the same answer as the
    few that have such relationships: the embedded store joins them all to its index in one
    statement per label, Neo4j asks in batches."""
    absent = [("Unit", f"U-ABSENT-{i:05d}") for i in range(3000)]
    few = [("Unit", "U-PROP-01"), ("PartyOrg", "PO-HOSP")]
    assert store.relationships_at("MEMBER_OF", "src", absent + few + absent) == store.relationships_at(
        "MEMBER_OF", "src", few
    )
    built = [("Area", "530111001101"), ("Unit", "U-EDU-01")]
    assert [r.src for r in store.relationships_at("BUILT_IN", "dst", built + absent)] == [
        ("PartyOrg", "PO-EDU"),
        ("PartyOrg", "PO-GRID1"),
    ]
    every = store.relationships("MEMBER_OF")
    assert store.relationships_at("MEMBER_OF", "src", absent + [r.src for r in every]) == every


def test_neighbourhood_two_steps_deep(store: Store) -> None:
    """A node under the first label it exists under, its neighbours and theirs: what
    neighbours() answers, step by step."""
    hood = store.neighbourhood(
        "PF-EJW", ("Area", "Platform"), ("AT", "LEADS", "MEMBER_OF"), "both", ("BUILT_IN",), "out"
    )
    assert hood is not None and hood.node == store.get_node("Platform", "PF-EJW")
    assert hood.around == store.neighbours("Platform", "PF-EJW", ("AT", "LEADS", "MEMBER_OF"))
    assert {n.ref for _, n in hood.around} == {
        ("Area", "530111001001"),
        ("PartyOrg", "PO-EJW"),
        ("PartyOrg", "PO-HOSP"),
        ("Unit", "U-LAW-01"),
        ("Unit", "U-PROP-01"),
        ("Person", "PS-001"),
    }
    assert hood.beyond == {
        n.ref: store.neighbours(n.label, n.id, ("BUILT_IN",), "out") for _, n in hood.around
    }
    assert [n.id for _, n in hood.beyond[("PartyOrg", "PO-HOSP")]] == ["91350100M000100Y43"]
    assert hood.beyond[("PartyOrg", "PO-EJW")][0][0] == Rel(
        "BUILT_IN", ("PartyOrg", "PO-EJW"), ("Area", "530111001001"), {}
    )
    area = store.neighbourhood("530111001001", ("Platform", "Area"), ("AT",), "in")
    assert area is not None and area.node.label == "Area" and area.beyond == {}
    assert [n.id for _, n in area.around] == ["PF-EJW"]
    everything = store.neighbourhood("PO-HOSP", ("PartyOrg",), then=("NOT_A_TYPE",))
    assert everything is not None and everything.around == store.neighbours("PartyOrg", "PO-HOSP")
    assert everything.beyond == {n.ref: [] for _, n in everything.around}
    assert store.neighbourhood("PF-EJW", ("Area", "Unit")) is None
    assert store.neighbourhood("nope", ("Platform",), ("AT",)) is None


def test_find_nodes_by_area_follows_writes(store: Store, store_kind: str) -> None:
    """Nodes by area, before and after a unit moves and one is added: whole answers, and on the
    embedded store the same as a store opened afresh on its file (which kept nothing)."""

    def units_in(s: Store, areas: list[str]) -> list[str]:
        return [n.id for n in s.find_nodes("Unit", areas=areas)[1]]

    street = ["530111001000", "530111001001", "530111001002"]
    assert units_in(store, street) == ["91350100M000100Y43", "U-EDU-01", "U-LAW-01", "U-PROP-01"]
    assert units_in(store, ["530111001001", "530111001001"]) == ["U-LAW-01", "U-PROP-01"]
    assert store.find_nodes("Unit", {"type": "institution"}, areas=street)[0] == 2
    store.apply(
        ChangeSet(
            nodes={
                "Unit": {
                    "U-LAW-01": {"area": "530111002001"},
                    "U-NEW-01": {
                        "id": "U-NEW-01",
                        "name": "新单位",
                        "type": "enterprise",
                        "area": "530111001002",
                    },
                }
            }
        )
    )
    assert units_in(store, street) == ["91350100M000100Y43", "U-EDU-01", "U-NEW-01", "U-PROP-01"]
    assert units_in(store, ["530111002001"]) == ["U-FAR-01", "U-LAW-01"]
    if store_kind == "embedded":
        assert isinstance(store, EmbeddedStore)
        afresh = EmbeddedStore(store.path)
        try:
            for areas in (street, ["530111002001"], []):
                assert units_in(afresh, areas) == units_in(store, areas)
        finally:
            afresh.close()


def test_reingest_changes_nothing(store: Store) -> None:
    before = snapshot(store)
    report = ingest(LEDGER, store)
    assert report.ok and report.written
    assert snapshot(store) == before


def test_merge_patch_semantics(empty_store: Store) -> None:
    s = empty_store
    s.apply(ChangeSet(nodes={"Unit": {"U1": {"name": "甲", "phone": "13800000000"}}}))
    s.apply(ChangeSet(nodes={"Unit": {"U1": {"name": "乙", "phone": None, "tier": "区直"}}}))
    assert s.get_node("Unit", "U1").props == {"name": "乙", "tier": "区直"}


def _spelled(s: Store, latin: str) -> list[tuple[str, str, str]] | None:
    """What ``names_spelled`` finds for ``latin``, sorted (None: the store does not narrow),
    each row's pinyin checked against the name's."""
    rows = s.names_spelled(latin, latin)
    if rows is None:
        return None
    assert all((full, initials) == spell(text) for _, _, text, full, initials in rows)
    return sorted((label, i, text) for label, i, text, *_ in rows)


def test_names_and_counts_follow_every_write(empty_store: Store) -> None:
    """The embedded store keeps names for search in a table of their own, with their pinyin: a
    rename, a short name dropped, a title and a clear show in names() and names_spelled() as in
    the nodes themselves."""
    s = empty_store
    s.apply(
        ChangeSet(nodes={"Unit": {"U1": {"name": "昆明市第一人民医院", "aliases": ["市一院"]}, "U2": {}}})
    )
    s.apply(ChangeSet(nodes={"Need": {"N1": {"title": "加装扶手"}}}))
    first = [("Unit", "U1", "市一院"), ("Unit", "U1", "昆明市第一人民医院")]
    assert sorted(s.names()) == [("Need", "N1", "加装扶手"), *first]
    assert sorted(s.names(("Unit", "Area"))) == first and s.names(("Area",)) == []
    narrows = _spelled(s, "syy") is not None  # the embedded store does
    if narrows:  # every row of each node spelled so, by a short name (市一院) or its name
        assert _spelled(s, "syy") == first and _spelled(s, "kunmingshidiyi") == first
        assert _spelled(s, "jzfs") == [("Need", "N1", "加装扶手")] and _spelled(s, "xyz") == []
    s.apply(
        ChangeSet(nodes={"Unit": {"U1": {"name": "昆明市第一医院", "aliases": None}, "U2": {"name": "乙"}}})
    )
    assert sorted(s.names()) == [
        ("Need", "N1", "加装扶手"),
        ("Unit", "U1", "昆明市第一医院"),
        ("Unit", "U2", "乙"),
    ]
    if narrows:  # the short name and the old name are no longer spelled; the new ones are
        assert _spelled(s, "syy") == [] and _spelled(s, "renmin") == []
        assert _spelled(s, "kmsdyyy") == [("Unit", "U1", "昆明市第一医院")] and _spelled(s, "yi") == [
            ("Unit", "U1", "昆明市第一医院"),
            ("Unit", "U2", "乙"),
        ]
    assert s.counts()["nodes"]["Unit"] == 2
    s.apply(ChangeSet(nodes={"Need": {"N1": {"title": None}}}))
    assert ("Need", "N1", "加装扶手") not in s.names()
    if narrows:
        assert _spelled(s, "jzfs") == []  # its title cleared
    s.clear()
    assert s.names() == [] and s.counts()["nodes"]["Unit"] == 0
    assert _spelled(s, "yi") in (None, [])


def test_a_relationship_given_twice_is_one_patched_in_order(empty_store: Store) -> None:
    s = empty_store
    member = (("Unit", "U1"), ("Platform", "P1"))
    s.apply(
        ChangeSet(
            nodes={"Unit": {"U1": {"name": "甲"}}, "Platform": {"P1": {"name": "乙"}}},
            rels=[
                Rel("MEMBER_OF", *member, {"role": "成员", "since": "2020-01-01"}),
                Rel("MEMBER_OF", *member, {"role": "牵头", "since": None, "until": "2030-01-01"}),
            ],
        )
    )
    assert [(r.src, r.dst, r.props) for r in s.relationships("MEMBER_OF")] == [
        (*member, {"role": "牵头", "until": "2030-01-01"})
    ]
    s.apply(ChangeSet(rels=[Rel("MEMBER_OF", *member, {"until": None})]))  # existing ends: merged
    assert [r.props for r in s.relationships("MEMBER_OF")] == [{"role": "牵头"}]


def test_clear_then_add_replaces_a_reference(empty_store: Store) -> None:
    s = empty_store
    nodes = {"Area": {"A1": {"name": "一"}, "A2": {"name": "二"}}, "PartyOrg": {"P": {"name": "党"}}}
    s.apply(ChangeSet(nodes=nodes, rels=[Rel("BUILT_IN", ("PartyOrg", "P"), ("Area", "A1"))]))
    s.apply(
        ChangeSet(
            clears=[RelClear("BUILT_IN", "src", [("PartyOrg", "P")], other_labels=("Area",))],
            rels=[Rel("BUILT_IN", ("PartyOrg", "P"), ("Area", "A2"))],
        )
    )
    _, rels = snapshot(s)
    assert set(rels) == {("BUILT_IN", ("PartyOrg", "P"), ("Area", "A2"))}


def test_clear_narrowed_by_property(empty_store: Store) -> None:
    s = empty_store
    s.apply(
        ChangeSet(
            nodes={"Agreement": {"G": {}}, "PartyOrg": {"A": {}, "B": {}}},
            rels=[
                Rel("SIGNED", ("PartyOrg", "A"), ("Agreement", "G"), {"side": "a"}),
                Rel("SIGNED", ("PartyOrg", "B"), ("Agreement", "G"), {"side": "b"}),
            ],
        )
    )
    s.apply(ChangeSet(clears=[RelClear("SIGNED", "dst", [("Agreement", "G")], where=(("side", "a"),))]))
    _, rels = snapshot(s)
    assert set(rels) == {("SIGNED", ("PartyOrg", "B"), ("Agreement", "G"))}


def test_graph_for_algorithms(store: Store) -> None:
    g = store.graph()
    assert g.number_of_nodes() == sum(EXPECTED_NODES.values())
    assert g.has_edge(("Area", "530111001001"), ("Area", "530111001000"), "PART_OF")
    assert g.nodes[("Area", "530111001001")]["name"] == "佴家湾社区"


def test_clear_empties_the_store(store: Store) -> None:
    store.clear()
    counts = store.counts()
    assert sum(counts["nodes"].values()) == 0 and sum(counts["relationships"].values()) == 0


def test_reopen_gives_the_same_graph(store: Store, store_kind: str, tmp_path: Path) -> None:
    before = snapshot(store)
    store.close()
    again = make_store(store_kind, tmp_path) if store_kind == "embedded" else None
    if again is None:
        from gongjian.graph.neo4j import Neo4jStore
        from tests.conftest import neo4j_uri

        again = Neo4jStore(neo4j_uri())
    try:
        assert snapshot(again) == before
        assert again.find_nodes("Need", {"status": "open"})[0] == 4  # listings work after reopening too
    finally:
        again.close()


@pytest.mark.parametrize("n", [1, 12_000])
def test_batches_of_any_size(empty_store: Store, n: int) -> None:
    nodes = {"Area": {f"A{i}": {"name": f"区{i}", "level": "grid"} for i in range(n)}}
    rels = [Rel("PART_OF", ("Area", f"A{i}"), ("Area", "A0")) for i in range(1, n)]
    empty_store.apply(ChangeSet(nodes=nodes, rels=rels))
    counts = empty_store.counts()
    assert counts["nodes"]["Area"] == n and counts["relationships"]["PART_OF"] == n - 1


# ---------------------------------------------------------------- need context and claims

TIES = ChangeSet(
    nodes={
        "Area": {
            "S": {"code": "S", "level": "street"},
            "C": {"code": "C", "level": "community"},
            "G": {"code": "G", "level": "grid"},
            "S2": {"code": "S2", "level": "street"},
        },
        "Platform": {"P": {"kind": "big_committee"}, "A": {"kind": "alliance"}},
        "PartyOrg": {"O": {"name": "单位党支部"}, "OC": {"name": "社区党委"}},
        "Unit": {"U": {"name": "甲"}, "U2": {"name": "乙"}},
        "Agreement": {"AG1": {"signed": "2020-01-01"}, "AG2": {"signed": "2020-01-01"}},
        "Resource": {"R": {"title": "资源", "capacity": 2}, "R2": {"title": "远处资源"}},
        "Need": {"N": {"title": "需求", "status": "open"}},
    },
    # the longer walks go in first: a store that kept the first walk it found would keep them
    rels=[
        Rel("PART_OF", ("Area", "C"), ("Area", "S")),
        Rel("PART_OF", ("Area", "G"), ("Area", "C")),
        Rel("AT", ("Platform", "P"), ("Area", "C")),
        Rel("AT", ("Platform", "A"), ("Area", "S")),
        Rel("BUILT_IN", ("PartyOrg", "O"), ("Unit", "U")),
        Rel("BUILT_IN", ("PartyOrg", "OC"), ("Area", "C")),
        Rel("MEMBER_OF", ("PartyOrg", "O"), ("Platform", "P"), {"since": "2020-01-01"}),
        Rel("MEMBER_OF", ("Unit", "U"), ("Platform", "P"), {"since": "2020-01-01"}),
        Rel("MEMBER_OF", ("PartyOrg", "O"), ("Platform", "A")),
        Rel("MEMBER_OF", ("Unit", "U"), ("Platform", "A"), {"until": "2099-12-31"}),
        Rel("SIGNED", ("PartyOrg", "OC"), ("Agreement", "AG2"), {"side": "a"}),
        Rel("SIGNED", ("PartyOrg", "O"), ("Agreement", "AG2"), {"side": "b"}),
        Rel("SIGNED", ("Area", "C"), ("Agreement", "AG1"), {"side": "a"}),
        Rel("SIGNED", ("Unit", "U"), ("Agreement", "AG1"), {"side": "b"}),
        Rel("LOCATED_IN", ("Unit", "U"), ("Area", "C")),
        Rel("LOCATED_IN", ("Unit", "U2"), ("Area", "S2")),
        Rel("OFFERS", ("Unit", "U"), ("Resource", "R")),
        Rel("OFFERS", ("Unit", "U2"), ("Resource", "R2")),
        Rel("SERVES", ("Resource", "R"), ("Area", "G")),  # a service scope, but U sits in the street
        Rel("SERVES", ("Resource", "R2"), ("Area", "S")),
        Rel("SERVES", ("Resource", "R2"), ("Area", "C")),  # the nearer scope wins
        Rel("RAISED_IN", ("Need", "N"), ("Area", "G")),
    ],
)


def test_need_context_keeps_the_shortest_walk_whatever_the_order(empty_store: Store) -> None:
    empty_store.apply(TIES)
    ctx = need_context(empty_store, "N", "2026-11-21")
    assert ctx is not None and [a.id for a in ctx.areas] == ["G", "C", "S"]
    got = {(c.resource.id, c.kind): [ref[1] for ref in c.path] for c in ctx.candidates}
    assert got == {
        ("R", "agreement"): ["N", "G", "C", "AG1", "U", "R"],  # the community signed itself
        ("R", "alliance"): ["N", "G", "C", "S", "A", "U", "R"],  # the unit is a member itself
        ("R", "big_committee"): ["N", "G", "C", "P", "U", "R"],
        ("R", "proximity"): ["N", "G", "C", "S", "C", "U", "R"],  # in the street before in a scope
        ("R2", "proximity"): ["N", "G", "C", "R2", "U2"],
    }
    assert [(c.resource.id, c.kind) for c in ctx.candidates] == sorted(got)
    assert ctx.done == {"U": 0, "U2": 0} and ctx.active == {"R": 0, "R2": 0}
    assert need_context(empty_store, "nope", "2026-11-21") is None


def test_the_joins_a_store_gives_with_a_need_are_those_joining_answers(empty_store: Store) -> None:
    empty_store.apply(TIES)
    empty_store.apply(ChangeSet(rels=[Rel("REGISTERED_WITH", ("Unit", "U"), ("Area", "C"))]))
    ctx = need_context(empty_store, "N", "2026-11-21")
    assert ctx is not None
    truth = empty_store.joining({pair for c in ctx.candidates for pair in pairwise(c.path)})
    assert truth[(("Area", "C"), ("Unit", "U"))] == (("LOCATED_IN", False), ("REGISTERED_WITH", False))
    assert truth[(("Need", "N"), ("Area", "G"))] == (("RAISED_IN", True),)
    matches = rank(ctx)
    shown = {pair for m in matches for pair in pairwise(m.candidate.path)}
    assert path_joins(empty_store, matches, ctx) == {pair: truth[pair] for pair in shown}
    assert all(empty_store.joining([pair]) == {pair: joins} for pair, joins in ctx.joins.items())


def _handle(store: Store) -> Store:
    """A second, independent handle on the same store (another planner's process)."""
    if isinstance(store, EmbeddedStore):
        return EmbeddedStore(store.path)
    from gongjian.graph.neo4j import Neo4jStore

    return Neo4jStore(store.uri)


def _race(store: Store, needs: dict, go: Callable[[Store, str], None]) -> None:
    """Run ``go(handle, need)`` for each need at once, each on its own handle on ``store``."""
    handles = [_handle(store) for _ in needs]
    barrier = threading.Barrier(len(handles))

    def start(handle: Store, need: str) -> None:
        barrier.wait()
        go(handle, need)

    threads = [threading.Thread(target=start, args=(h, n)) for h, n in zip(handles, needs, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for h in handles:
        h.close()


def test_concurrent_claims_never_exceed_capacity(empty_store: Store) -> None:
    needs = {f"N{i}": {"title": f"需求{i}", "status": "open"} for i in range(6)}
    empty_store.apply(
        ChangeSet(
            nodes={**TIES.nodes, "Need": {**TIES.nodes["Need"], **needs}},
            rels=TIES.rels + [Rel("RAISED_IN", ("Need", n), ("Area", "C")) for n in needs],
        )
    )
    outcomes: dict[str, str] = {}

    def go(handle: Store, need: str) -> None:
        try:
            claim_project(handle, need, "R", f"PJ-{need}", {"name": need})
            outcomes[need] = "won"
        except Conflict:
            outcomes[need] = "conflict"

    _race(empty_store, needs, go)
    assert sorted(outcomes.values()) == ["conflict"] * 4 + ["won"] * 2  # R has capacity 2
    users = {n.id for _, n in empty_store.neighbours("Resource", "R", ("USES",), "in")}
    assert users == {f"PJ-{n}" for n, o in outcomes.items() if o == "won"}
    assert need_context(empty_store, "N", "2026-11-21").active["R"] == 2
    for need, outcome in outcomes.items():
        assert empty_store.get_node("Need", need).props["status"] == (
            "claimed" if outcome == "won" else "open"
        )


def test_highest_number_of_an_id_scheme(empty_store: Store) -> None:
    empty_store.apply(
        ChangeSet(
            nodes={
                "Project": {i: {} for i in ("PJ-01", "PJ000007", "PJ12", "PJx99", "PJ" + "9" * 19, "XPJ50")},
                "Need": {"PJ000099": {"title": "编码像项目的需求"}},
            }
        )
    )
    assert empty_store.highest_number("Project", "PJ") == 12  # PJ12 > PJ000007; 19 digits are no number
    assert empty_store.highest_number("Need", "PJ") == 99
    assert empty_store.highest_number("Project", "PJ0") == 7
    assert empty_store.highest_number("Project", "R") == 0
    assert empty_store.highest_number("Project", "P*") == 0  # the prefix is literal


def test_concurrent_claims_number_their_projects_one_after_another(empty_store: Store) -> None:
    """Six planners claim at once (R has room for all): six projects PJ000005 … PJ000010, after
    the ledger's PJ000004, none of them merged into another or into the ledger's."""
    from gongjian.queries.dispatch import claim

    needs = {f"N{i}": {"title": f"需求{i}", "status": "open"} for i in range(6)}
    empty_store.apply(
        ChangeSet(
            nodes={
                **TIES.nodes,
                "Need": {**TIES.nodes["Need"], **needs},
                "Resource": {**TIES.nodes["Resource"], "R": {"title": "资源", "capacity": 10}},
                "Project": {"PJ000004": {"name": "台账里的项目", "status": "done"}},
            },
            rels=TIES.rels + [Rel("RAISED_IN", ("Need", n), ("Area", "C")) for n in needs],
        )
    )
    made: dict[str, str] = {}

    def go(handle: Store, need: str) -> None:
        made[need] = claim(handle, need, "R", on="2026-11-21")["project"]["id"]

    _race(empty_store, needs, go)
    assert sorted(made.values()) == [f"PJ{n:06d}" for n in range(5, 11)], made
    for need, project in made.items():
        assert empty_store.get_node("Project", project).props["needs"] == [need]
    assert empty_store.get_node("Project", "PJ000004").props == {"name": "台账里的项目", "status": "done"}


def test_claim_writes_the_project_and_refuses_as_the_embedded_store_does(empty_store: Store) -> None:
    s = empty_store
    s.apply(TIES)
    s.apply(ChangeSet(nodes={"Resource": {"R3": {"status": "retired"}}}))
    revision = s.revision
    claim_project(s, "N", "R", "PJ-1", {"name": "项目", "started": "2026-11-21"})
    assert s.revision > revision
    project = s.get_node("Project", "PJ-1")
    assert project is not None and project.props == {
        "name": "项目",
        "started": "2026-11-21",
        "status": "claimed",
        "needs": ["N"],
        "resources": ["R"],
        "unit": "U",
        "area": "G",
    }
    rels = {(r.type, r.dst) for r, _ in s.neighbours("Project", "PJ-1", direction="out")}
    assert rels == {
        ("ADDRESSES", ("Need", "N")),
        ("USES", ("Resource", "R")),
        ("CLAIMED_BY", ("Unit", "U")),
        ("LOCATED_IN", ("Area", "G")),
    }
    assert s.get_node("Need", "N").props["status"] == "claimed"
    with pytest.raises(NotFound, match="需求 N-404"):
        claim_project(s, "N-404", "R-404", "PJ-2", {})
    with pytest.raises(NotFound, match="资源 R-404"):
        claim_project(s, "N", "R-404", "PJ-2", {})
    with pytest.raises(Conflict, match="已不是待认领状态（已认领）"):
        claim_project(s, "N", "R", "PJ-2", {})
    s.apply(ChangeSet(nodes={"Need": {"N": {"status": "open"}}}))
    with pytest.raises(Conflict, match="状态为停用"):
        claim_project(s, "N", "R3", "PJ-2", {})
    with pytest.raises(Conflict, match="项目编码 PJ-1 已存在"):
        claim_project(s, "N", "R", "PJ-1", {})
    claim_project(s, "N", "R", "PJ-2", {"status": "in_progress"})  # R's second unit of capacity
    s.apply(ChangeSet(nodes={"Need": {"N": {"status": "open"}}}))
    with pytest.raises(Conflict, match="服务容量已用完"):
        claim_project(s, "N", "R", "PJ-3", {"started": "2026-11-30"})
    # capacity is orders a month: in December, November's claims hold none of it
    claim_project(s, "N", "R", "PJ-3", {"started": "2026-12-01"})
    assert need_context(s, "N", "2026-12-01").active["R"] == 2  # PJ-2 has no start date: it counts
    assert need_context(s, "N", "2026-11-30").active["R"] == 2  # PJ-1 and PJ-2
    assert s.find_nodes("Project")[0] == 3


def test_read_here_says_whether_a_read_can_go_ahead_at_once(
    store: Store, store_kind: str, tmp_path: Path
) -> None:
    with store.read_here() as here:
        assert here is (store_kind == "embedded")  # Neo4j's reads wait on the server: never here
    if store_kind != "embedded":
        return
    assert isinstance(store, EmbeddedStore)
    writing, done = threading.Event(), threading.Event()

    def write() -> None:
        with store.transaction():
            writing.set()
            done.wait(10)

    writer = threading.Thread(target=write)
    writer.start()
    assert writing.wait(10)
    with store.read_here() as here:
        assert not here  # a write of another thread holds the store
    done.set()
    writer.join(10)
    revision = store.revision
    other = EmbeddedStore(store.path)  # another process's commit, as far as the file can tell
    other.apply(ChangeSet(nodes={"Area": {"530111001001": {"name": "改名"}}}))
    other.close()
    with store.read_here() as here:
        assert here  # nothing to reload: reads go to the file
        assert store.get_node("Area", "530111001001").props["name"] == "改名"
    assert store.revision != revision  # what was kept from the file (the name index) is read again


def test_every_read_answers_what_the_file_holds_and_a_failed_write_never_shows(tmp_path: Path) -> None:
    """The embedded store reads the file itself: what each read answers is what the file
    holds, through big writes, small ones and a failed one, and a read may go ahead at once."""
    path = tmp_path / "mirror.db"
    store = EmbeddedStore(path)
    try:
        revision = store.revision
        ingest(LEDGER, store)
        assert store.revision != revision  # the name index and its kind look again at once
        with store.read_here() as here:
            assert here is True
        assert store.get_node("Need", "N-02").props["status"] == "open"
        many = {f"U-M{i:05}": {"name": f"单位{i}", "type": "enterprise"} for i in range(3000)}
        store.apply(ChangeSet(nodes={"Unit": many}))
        with store.read_here() as here:
            assert here is True  # nothing to mirror after a big write either
        store.apply(ChangeSet(nodes={"Need": {"N-02": {"status": "claimed"}}}))
        with pytest.raises(TypeError):  # not JSON: the file refuses it and rolls back
            store.apply(ChangeSet(nodes={"Need": {"N-02": {"status": "open", "bad": object()}}}))
        store.apply(ChangeSet(rels=[Rel("MEMBER_OF", ("Unit", "U-M00001"), ("Platform", "PF-GX"), {})]))
        need = store.get_node("Need", "N-02").props
        assert need["status"] == "claimed" and "bad" not in need
        assert ("Unit", "U-M00001") in dict(
            ((n.label, n.id), r) for r, n in store.neighbours("Platform", "PF-GX", ("MEMBER_OF",))
        )
        with store.read_here() as here:
            assert here is True
        assert store.counts()["nodes"]["Unit"] == EXPECTED_NODES["Unit"] + 3000
        live = snapshot(store)
        with EmbeddedStore(path) as again:
            assert snapshot(again) == live
    finally:
        store.close()
