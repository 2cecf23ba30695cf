"""Domain queries on both stores: matching, dispatch, allocation, committee, explore."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from gongjian.graph.store import ChangeSet, Conflict, NotFound, Rel, RelClear, Store
from gongjian.queries import explore
from gongjian.queries.allocate import allocate
from gongjian.queries.committee import committee
from gongjian.queries.dispatch import claim, set_need_status, set_project_status
from gongjian.queries.explore import area_stats, neighbourhood, paths, search, search_page
from gongjian.queries.linkage import need_context
from gongjian.queries.match import match_need
from gongjian.rules.spelling import spell, spelled, unjoin
from tests.conftest import TODAY, make_store

DAY = TODAY.isoformat()


def ids(path: list[dict]) -> list[str]:
    return [p["id"] for p in path]


# ------------------------------------------------------------------ matching


def test_match_through_big_committee_with_path(store: Store) -> None:
    result = match_need(store, "N-01", on=DAY)
    assert result["need"]["id"] == "N-01" and result["need"]["category"] == "disability"
    assert result["need"]["area"]["id"] == "530111001001"
    [m] = result["matches"]  # R-02 (legal) does not fit a disability need; R-05 is retired
    assert m["resource"]["id"] == "R-01" and m["unit"]["id"] == "91350100M000100Y43"
    assert m["link"]["kind"] == "big_committee"
    assert ids(m["link"]["path"]) == [
        "N-01",
        "530111001001",
        "PF-EJW",
        "PO-HOSP",
        "91350100M000100Y43",
        "R-01",
    ]
    assert [p["label"] for p in m["link"]["path"]] == [
        "Need",
        "Area",
        "Platform",
        "PartyOrg",
        "Unit",
        "Resource",
    ]
    assert {"registration", "proximity"} <= set(m["other_links"])
    assert set(m["parts"]) == {
        "link",
        "category",
        "text",
        "capacity",
        "track_record",
        "urgency",
        "satisfaction",
    }
    assert 0 < m["score"] <= 1 and m["parts"]["category"] == 0.6  # health serves disability: related


def test_grid_level_need_belongs_to_its_community_and_idle_resources_match(store: Store) -> None:
    [m] = match_need(store, "N-02", on=DAY)["matches"]
    assert m["resource"]["id"] == "R-03" and m["resource"]["status"] == "idle"
    assert m["link"]["kind"] == "alliance"
    assert ids(m["link"]["path"]) == [
        "N-02", "530111001111", "530111001101", "530111001001", "530111001000", "PF-GS", "U-POW-01", "R-03",
    ]  # fmt: skip
    assert m["parts"]["capacity"] == 1.0


def test_agreement_in_force_outranks_alliance(store: Store) -> None:
    [m] = match_need(store, "N-05", on=DAY)["matches"]
    assert m["link"]["kind"] == "agreement"
    assert ids(m["link"]["path"]) == ["N-05", "530111001002", "PO-GX", "AG-01", "U-POW-01", "R-03"]
    assert "alliance" in m["other_links"]


def test_former_members_and_expired_agreements_never_link(store: Store) -> None:
    ctx = need_context(store, "N-01", DAY)
    assert not any(c.unit.id == "U-FAR-01" for c in ctx.candidates)  # AG-02 expired in 2020
    assert ("U-FAR-01", "agreement") in {
        (c.unit.id, c.kind) for c in need_context(store, "N-01", "2020-06-01").candidates
    }
    # U-PROP-01 left the committee on 2023-12-31; its one resource (culture) can serve children
    store.apply(
        ChangeSet(
            nodes={"Need": {"N-KIDS": {"title": "四点半课堂", "category": "children", "status": "open"}}},
            rels=[Rel("RAISED_IN", ("Need", "N-KIDS"), ("Area", "530111001001"))],
        )
    )
    now = {(c.unit.id, c.kind) for c in need_context(store, "N-KIDS", DAY).candidates}
    then = {(c.unit.id, c.kind) for c in need_context(store, "N-KIDS", "2023-06-01").candidates}
    assert ("U-PROP-01", "big_committee") not in now and ("U-PROP-01", "big_committee") in then


def test_a_need_is_offered_only_resources_that_can_serve_its_category(store: Store) -> None:
    ctx = need_context(store, "N-01", DAY)  # disability
    assert {c.resource.props.get("category") for c in ctx.candidates} <= {
        "disability",
        "health",
        "hardship",
        "elderly",
    }
    assert "R-01" in {c.resource.id for c in ctx.candidates}
    assert "R-02" not in {
        c.resource.id for c in ctx.candidates
    }  # legal, though U-LAW-01 sits on the committee
    assert set(ctx.done) == {c.unit.id for c in ctx.candidates}  # counted for the candidates only
    assert set(ctx.active) == {c.resource.id for c in ctx.candidates}


def test_a_resource_that_changes_category_is_offered_by_its_new_one(store: Store) -> None:
    assert "R-02" not in {c.resource.id for c in need_context(store, "N-01", DAY).candidates}
    store.apply(ChangeSet(nodes={"Resource": {"R-02": {"category": "health"}}}))  # read before, then written
    assert ("R-02", "big_committee") in {
        (c.resource.id, c.kind) for c in need_context(store, "N-01", DAY).candidates
    }


def test_no_candidate_is_an_empty_list(store: Store) -> None:
    result = match_need(store, "N-03", on=DAY)  # its only fitting resource R-04 is full
    assert result["matches"] == []
    with pytest.raises(NotFound):
        match_need(store, "N-404", on=DAY)


def test_need_context_is_the_same_on_both_stores(store: Store, tmp_path: Path) -> None:
    (tmp_path / "ref").mkdir()
    reference = make_store("embedded", tmp_path / "ref")
    from gongjian.ingest.load import ingest
    from tests.conftest import LEDGER

    ingest(LEDGER, reference)
    for need in ("N-01", "N-02", "N-03", "N-04", "N-05"):
        got, want = need_context(store, need, DAY), need_context(reference, need, DAY)
        assert [(c.kind, c.path, c.unit.id, c.resource.id) for c in got.candidates] == [
            (c.kind, c.path, c.unit.id, c.resource.id) for c in want.candidates
        ]
        assert got.done == want.done and got.active == want.active
        assert [a.id for a in got.areas] == [a.id for a in want.areas]
    reference.close()


def _context(store: Store, need: str) -> tuple:
    ctx = need_context(store, need, DAY)
    return (
        [(c.kind, c.path, c.unit.id, c.resource.id) for c in ctx.candidates],
        ctx.done,
        ctx.active,
        [a.id for a in ctx.areas],
    )


def test_a_warmed_up_store_answers_as_a_cold_one_through_writes(store: Store, tmp_path: Path) -> None:
    """What the embedded store keeps between needs (Memo) is renewed by each write it may
    depend on: a claim renews the counts, a new resource or membership the links."""
    from gongjian.ingest.load import ingest
    from tests.conftest import LEDGER

    needs = ("N-01", "N-02", "N-03", "N-04", "N-05")
    store.warm_up()
    (tmp_path / "ref").mkdir()
    reference = make_store("embedded", tmp_path / "ref")
    ingest(LEDGER, reference)
    writes: list = [
        lambda s: claim(s, "N-01", "R-01", on=DAY),  # a project: counts change, links stand
        lambda s: s.apply(  # a new resource of a committee member: links change
            ChangeSet(
                nodes={"Resource": {"R-NEW": {"title": "康复器具租借", "category": "disability"}}},
                rels=[Rel("OFFERS", ("Unit", "91350100M000100Y43"), ("Resource", "R-NEW"))],
            )
        ),
        lambda s: s.apply(  # a need moved to another community: only the need's own walk changes
            ChangeSet(
                clears=[RelClear("RAISED_IN", "src", [("Need", "N-05")])],
                rels=[Rel("RAISED_IN", ("Need", "N-05"), ("Area", "530111001001"))],
            )
        ),
    ]
    for write in [None, *writes]:
        if write is not None:
            write(store)
            write(reference)
            reference.close()
            reference = make_store("embedded", tmp_path / "ref")  # a new handle on the file: nothing kept
        for need in needs:
            assert _context(store, need) == _context(reference, need), need
    assert "R-NEW" in {c.resource.id for c in need_context(store, "N-01", DAY).candidates}
    reference.close()


# ------------------------------------------------------------------ dispatch


def test_claim_creates_the_project_and_uses_capacity(store: Store) -> None:
    assert need_context(store, "N-01", DAY).active["R-01"] == 0
    done = claim(store, "N-01", "R-01", on=DAY)
    pid = done["project"]["id"]
    assert done["need"]["status"] == "claimed" and done["project"]["status"] == "claimed"
    rels = {
        (r.type, r.dst) for r, _ in [(r, n) for r, n in store.neighbours("Project", pid, direction="out")]
    }
    assert rels == {
        ("ADDRESSES", ("Need", "N-01")),
        ("USES", ("Resource", "R-01")),
        ("CLAIMED_BY", ("Unit", "91350100M000100Y43")),
        ("LOCATED_IN", ("Area", "530111001001")),
    }
    assert need_context(store, "N-01", DAY).active["R-01"] == 1  # read before, counted again after
    with pytest.raises(Conflict):
        claim(store, "N-01", "R-01", on=DAY)  # no longer open
    with pytest.raises(Conflict):
        claim(store, "N-05", "R-01", on=DAY)  # not linked to 关兴社区's need
    with pytest.raises(NotFound):
        claim(store, "N-05", "R-404", on=DAY)


def test_two_planners_claim_the_last_capacity(store: Store, store_kind: str, tmp_path: Path) -> None:
    # R-03 has capacity 1 and fits both N-02 and N-05; two separate store handles race for it
    handles = [store, make_store(store_kind, tmp_path) if store_kind == "embedded" else _second(store)]
    if store_kind == "embedded":
        handles[1].close()
        from gongjian.graph.embedded import EmbeddedStore

        handles[1] = EmbeddedStore(store.path)
    results: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def go(handle: Store, need: str) -> None:
        barrier.wait()
        try:
            results[need] = claim(handle, need, "R-03", on=DAY)["project"]["id"]
        except Conflict as e:
            results[need] = e

    threads = [
        threading.Thread(target=go, args=(h, n)) for h, n in zip(handles, ["N-02", "N-05"], strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcomes = sorted(type(v).__name__ for v in results.values())
    assert outcomes == ["Conflict", "str"], results
    users = [n for _, n in store.neighbours("Resource", "R-03", ("USES",), "in")]
    assert len(users) == 1
    handles[1].close()


def _second(store: Store) -> Store:
    from gongjian.graph.neo4j import Neo4jStore

    return Neo4jStore(store.uri)


def test_status_changes_carry_needs_along(store: Store) -> None:
    pid = claim(store, "N-02", "R-03", on=DAY)["project"]["id"]
    before = need_context(store, "N-05", DAY)
    assert before.active["R-03"] == 1 and before.done["U-POW-01"] == 0
    set_project_status(store, pid, "实施中")
    assert store.get_node("Need", "N-02").props["status"] == "in_progress"
    done = set_project_status(store, pid, "done", on=DAY)
    assert done["status"] == "done" and done["finished"] == DAY
    assert store.get_node("Need", "N-02").props["status"] == "done"
    assert need_context(store, "N-05", DAY).active["R-03"] == 0  # capacity is free again
    assert need_context(store, "N-05", DAY).done["U-POW-01"] == 1  # and the unit has a track record
    assert set_need_status(store, "N-03", "已关闭")["status"] == "closed"
    other = claim(store, "N-01", "R-01", on=DAY)["project"]["id"]
    with pytest.raises(Conflict):
        set_need_status(store, "N-01", "待认领")  # its project still holds R-01's capacity
    set_project_status(store, other, "cancelled")
    assert store.get_node("Need", "N-01").props["status"] == "open"
    with pytest.raises(ValueError):
        set_need_status(store, "N-03", "whatever")
    with pytest.raises(NotFound):
        set_project_status(store, "PJ-404", "done")


def _nearby(store: Store, need: str) -> set[str]:
    """Units that are proximity candidates of a need because they sit in its street."""
    ctx = need_context(store, need, DAY)
    assert ctx is not None
    return {
        c.unit.id
        for c in ctx.candidates
        if c.kind == "proximity" and c.path[c.path.index(c.unit.ref) - 1][0] == "Area"
    }


def test_a_unit_that_moves_away_is_no_longer_nearby(store: Store) -> None:
    nearby = _nearby(store, "N-01")
    assert nearby
    unit = sorted(nearby)[0]
    street = need_context(store, "N-01", DAY).areas
    elsewhere = next(
        a.id for a in store.find_nodes("Area", {"level": "street"})[1] if a.id not in {x.id for x in street}
    )
    store.apply(
        ChangeSet(
            nodes={"Unit": {unit: {"area": elsewhere}}},
            clears=[RelClear("LOCATED_IN", "src", [("Unit", unit)])],
            rels=[Rel("LOCATED_IN", ("Unit", unit), ("Area", elsewhere))],
        )
    )
    assert _nearby(store, "N-01") == nearby - {unit}


# ---------------------------------------------------------------- allocation


def test_allocation_respects_capacity_and_explains_the_rest(store: Store) -> None:
    plan = allocate(store, "530111000000", on=DAY)
    assert plan["open_needs"] == 4 and plan["applied"] is False
    assigned = {p["need"]["id"]: p["resource"]["id"] for p in plan["plan"]}
    assert assigned["N-01"] == "R-01"
    assert sorted(n for n, r in assigned.items() if r == "R-03") in (["N-02"], ["N-05"])  # capacity 1
    reasons = {u["need"]["id"]: u["reason"] for u in plan["unassigned"]}
    assert set(reasons) == {"N-03", ({"N-02", "N-05"} - set(assigned)).pop()}
    assert "没有" in reasons["N-03"] and all(p["link"]["path"] for p in plan["plan"])
    assert store.find_nodes("Project")[0] == 1  # dry run wrote nothing
    applied = allocate(store, "530111000000", apply=True, on=DAY)
    assert len(applied["dispatched"]) == 2 and applied["conflicts"] == []
    assert store.find_nodes("Project")[0] == 3
    assert allocate(store, "530111001003", on=DAY)["plan"] == []  # an area with no open need


# ----------------------------------------------------------------- committee


def test_committee_by_platform_or_community(store: Store) -> None:
    by_id = committee(store, "PF-EJW", on=DAY)
    assert committee(store, "530111001001", on=DAY) == by_id
    assert by_id["platform"]["kind"] == "big_committee" and by_id["area"]["id"] == "530111001001"
    assert by_id["lead"]["id"] == "PO-EJW"
    members = {m["id"]: m for m in by_id["members"]}
    assert set(members) == {"PS-001", "PO-HOSP", "U-LAW-01"}
    assert (
        members["PO-HOSP"]["member_type"] == "party_org"
        and members["PO-HOSP"]["unit"]["id"] == "91350100M000100Y43"
    )
    assert members["PS-001"]["role"] == "书记" and by_id["members"][0]["id"] == "PS-001"
    assert [m["id"] for m in by_id["former_members"]] == ["U-PROP-01"]
    assert committee(store, "530111001000", on=DAY)["platform"]["id"] == "PF-GS"  # a street: its alliance
    with pytest.raises(NotFound):
        committee(store, "530111001003", on=DAY)  # 北站社区 has no big committee
    assert (
        committee(store, "Platform:PF-EJW", on=DAY) == committee(store, "Area:530111001001", on=DAY) == by_id
    )
    for wrong, said in (("Unit:PF-EJW", "单位 PF-EJW 不存在"), ("PF-NONE", "节点 PF-NONE 不存在")):
        with pytest.raises(NotFound, match=said):
            committee(store, wrong, on=DAY)


# ------------------------------------------------------------------- explore


@pytest.mark.parametrize("q", ["佴家湾", "ejw", "erjiawan", "EJW", "佴家湾社区"])
def test_search_by_name_and_pinyin(store: Store, q: str) -> None:
    hits = search(store, q)
    assert hits[0] == {
        "id": "530111001001",
        "label": "Area",
        "name": "佴家湾社区",
        "type_zh": "区划",
        "where": "关上街道",
    }


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("佴家湾社区", "erjiawanshequ", "ejwsq"),
        ("昆明市第三人民医院", "kunmingshidisanrenminyiyuan", "kmsdsrmyy"),
        ("重庆", "zhongqing", "zq"),  # each character its most common reading, not a phrase's
        ("A栋12号楼", "adong12haolou", "ad12hl"),  # other characters as themselves, lower case
        ("", "", ""),
    ],
)
def test_spell_reads_each_character(name: str, full: str, initials: str) -> None:
    assert spell(name) == (full, initials)
    assert spell(name) == (full, initials)  # the second time from the tables


def test_a_nodes_names_are_spelled_together_and_apart_again() -> None:
    """What the embedded store keeps beside a node's names (its name, then its short names)."""
    text = spelled("甲|乙", '["丙", 3, ""]')
    assert unjoin(text, ["甲|乙", "丙"]) == [("jia yi", "j y"), ("bing", "b")]
    assert "jiayi" not in text and "yibing" not in text  # a query never spans what is apart
    assert spelled(None, None) == "" and unjoin("", []) == []
    assert unjoin("written otherwise", ["甲"]) == [("jia", "j")]  # spelled afresh


def test_search_finds_short_names_and_says_where(store: Store) -> None:
    hits = search(store, "官渡医院")  # a short name: 官渡区人民医院
    assert hits and hits[0]["name"] == "官渡区人民医院" and hits[0]["where"] == "官渡区 关上街道"
    assert search(store, "院医渡官") == []  # the characters in the name's order only
    assert search_page(store, "社区", limit=1)[0] > 1  # the total, not only what was returned


#: Searches in characters: whole names, pieces, short names in the ledger and derived ones
#: (a place put as its level: 市供电局 for 昆明供电局), characters in order, ids, LIKE's own signs.
IN_CHARACTERS = [
    "佴家湾社区", "佴家湾", "家湾", "社区", "官渡医院", "官渡区人民医院", "区医院", "市三院", "昆明三院",
    "市供电局", "供电局", "关上街道", "关上", "530111001001", "PF-GS", "大党委", "院医渡官", "%", "_", "区",
]  # fmt: skip


#: Searches in pinyin: full and initials, across a name's characters, short names in the
#: ledger and derived ones (quyiyuan: 区医院 for 官渡区人民医院), upper case and spaces.
IN_PINYIN = [
    "ejw", "erjiawan", "EJW", "er jia wan", "quyiyuan", "qyy", "smll", "gongdianju",
    "shigongdianju", "sgdj", "qyy", "guandu", "shequ", "sq", "a", "zz", "PF", "xyz",
]  # fmt: skip


def test_a_search_answers_from_the_narrowed_names_as_from_the_whole_index(store: Store) -> None:
    """The embedded store narrows its names for a search in characters (Store.names_like) and
    in pinyin (Store.names_spelled, from the spelling kept as names are written); the answers
    are those the whole index (every name spelled, as for a store that cannot narrow) gives."""
    queries = IN_CHARACTERS + IN_PINYIN
    narrowed = {q: search_page(store, q, limit=50) for q in queries}
    for q in ("官渡医院", "佴家湾", "530111001001", "ejw", "quyiyuan", "shigongdianju", "smll"):
        assert narrowed[q][0], q
    everything = len(store.names())
    some = store.names_like("官渡医院", "官渡医院", "")
    assert some is None or 0 < len(some) < everything  # the embedded store narrows
    spelled = store.names_spelled("ejw", "ejw")
    assert spelled is None or 0 < len(spelled) < everything
    explore._entries(store)  # the whole index: used while the store is unchanged
    assert {q: search_page(store, q, limit=50) for q in queries} == narrowed


def test_search_finds_what_another_process_wrote(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name written through another connection to the same store (another process: an
    ingest, another server) is found: at once on the embedded store, whose revision follows
    the file; on Neo4j once what search keeps is KEEP_SECONDS old (here made 0)."""
    from gongjian.graph import store as contract
    from gongjian.graph.store import open_store

    monkeypatch.setattr(explore, "REBUILD_EVERY", 0.0)
    for q in ("兴旺便民", "xingwang", "xwbm"):
        assert search(store, q) == []  # what this process keeps of the store, made now
    other = open_store(store.uri)
    try:
        other.apply(ChangeSet(nodes={"Unit": {"U-XW": {"name": "兴旺便民超市"}}}))
    finally:
        other.close()
    if not store.revision_follows_others:
        monkeypatch.setattr(contract, "KEEP_SECONDS", 0.0)
    for q in ("兴旺便民", "xingwang", "xwbm"):
        assert [hit["id"] for hit in search(store, q)] == ["U-XW"], q


def test_search_misses_and_filters(store: Store) -> None:
    assert search(store, "不存在的名字") == []
    assert search(store, "   ") == []
    assert {h["label"] for h in search(store, "ejw", labels=("Platform",))} == {"Platform"}


def _steps(path: list[dict]) -> str:
    """A path as the page reads it: ids joined by their relationships' Chinese words."""
    out = path[0]["id"]
    for hop in path[1:]:
        words = ",".join(v["type_zh"] + ("→" if v["forward"] else "←") for v in hop["via"])
        out += f" {words} {hop['id']}"
    return out


def test_paths_between_nodes(store: Store) -> None:
    """The direct link first, then the committee the firm sits on (成员 → 覆盖), then longer ones
    through the platform; each step says which relationship it takes. Both stores alike."""
    assert [_steps(p) for p in paths(store, "U-LAW-01", "530111001001")] == [
        "U-LAW-01 位于→ 530111001001",
        "U-LAW-01 成员→ PF-EJW 覆盖→ 530111001001",
        "U-LAW-01 成员→ PF-EJW 牵头← PO-EJW 建在→ 530111001001",
    ]
    assert [_steps(p) for p in paths(store, "U-LAW-01", "530111001002", k=4)] == [
        "U-LAW-01 位于→ 530111001001 隶属区划→ 530111001000 隶属区划← 530111001002",  # 属地: the street
        "U-LAW-01 位于→ 530111001001 服务← R-01 服务→ 530111001002",  # a resource serving both
        "U-LAW-01 成员→ PF-EJW 覆盖→ 530111001001 隶属区划→ 530111001000 隶属区划← 530111001002",
        "U-LAW-01 成员→ PF-EJW 覆盖→ 530111001001 服务← R-01 服务→ 530111001002",
    ]
    assert len(paths(store, "U-LAW-01", "530111001002", k=1)) == 1
    assert paths(store, "U-LAW-01", "530111001002", k=1, max_hops=2) == []
    assert len(paths(store, "U-LAW-01", "530111001002", k=10, max_hops=4)) == 4  # none of 5 or 6
    assert paths(store, "U-FAR-01", "U-FAR-01") == [
        [{"id": "U-FAR-01", "label": "Unit", "name": "远方科技有限公司"}]
    ]


def test_documents_events_and_people_are_no_linkage_paths(store: Store) -> None:
    """A document mentioning the far firm and a community, a need's event, an evaluation, a
    person: none of them joins two nodes; a person is still an end."""
    store.apply(
        ChangeSet(
            nodes={
                "Document": {"D1": {"title": "经验"}},
                "Event": {"E1": {"need": "N-01", "action": "raised"}},
            },
            rels=[
                Rel("MENTIONS", ("Document", "D1"), ("Unit", "U-FAR-01")),
                Rel("MENTIONS", ("Document", "D1"), ("Area", "530111001001")),
                Rel("CONCERNS", ("Event", "E1"), ("Need", "N-01")),
                Rel("WORKS_AT", ("Person", "PS-001"), ("Unit", "U-FAR-01")),
            ],
        )
    )
    for p in paths(store, "U-FAR-01", "530111001001", k=10, max_hops=8):
        assert not {hop["label"] for hop in p[1:-1]} & {"Document", "Event", "Evaluation", "Person"}, p
    assert paths(store, "D1", "530111001001") == []
    assert _steps(paths(store, "PS-001", "U-FAR-01")[0]) == "PS-001 工作于→ U-FAR-01"


def test_neighbourhood(store: Store) -> None:
    hood = neighbourhood(store, "PF-EJW", depth=1)
    keys = {n["key"] for n in hood["nodes"]}
    assert {
        "Platform:PF-EJW",
        "PartyOrg:PO-EJW",
        "Area:530111001001",
        "Unit:U-PROP-01",
        "Person:PS-001",
    } <= keys
    assert all(link["source"] in keys and link["target"] in keys for link in hood["links"])
    assert len(neighbourhood(store, "PF-EJW", depth=2)["nodes"]) > len(keys)
    assert neighbourhood(store, "PF-EJW", depth=3, limit=5)["truncated"] is True


def test_area_stats(store: Store) -> None:
    stats = area_stats(store, "530111001000")
    assert stats["areas"] == {"street": 1, "community": 3, "grid": 2, "block": 1}
    assert stats["platforms"]["big_committee"] == 2 and stats["platforms"]["alliance"] == 1
    assert stats["needs"]["open"] == 4 and stats["units"] == 4


# ---------------------------------------------------------------------- gaps


def test_gaps_find_what_is_missing(store: Store) -> None:
    from gongjian.queries.gaps import gaps

    found = gaps(store, on=DAY)
    got = {k: [e["id"] for e in v] for k, v in found.items() if isinstance(v, list) and k != "summary"}
    assert got["communities_without_committee"] == ["530111001003", "530111002001"]
    assert got["grids_without_branch"] == ["530111001102"]
    assert got["units_without_platform"] == ["U-FAR-01", "U-PROP-01"]  # U-PROP-01 left its committee
    assert got["paper_agreements"] == ["AG-01"]  # in force since 2024, no project between its sides
    assert got["expired_agreements"] == ["AG-02"]
    assert got["idle_resources"] == ["R-03"]
    assert found["idle_resources"][0]["unit_name"] == "昆明供电局官渡分局"  # a name, not a code, for the page
    assert got["stale_needs"] == ["N-01", "N-02", "N-03", "N-05"]
    assert all(e["name"] for v in found.values() if isinstance(v, list) for e in v)
    # a project between the sides makes the agreement real
    claim(store, "N-05", "R-03", on=DAY)
    assert [e["id"] for e in gaps(store, on=DAY)["paper_agreements"]] == []


def test_gaps_within_an_area_and_summary(store: Store) -> None:
    from gongjian.queries.gaps import gaps

    found = gaps(store, "530111001000", on=DAY)
    assert [e["id"] for e in found["communities_without_committee"]] == ["530111001003"]
    assert [e["id"] for e in found["units_without_platform"]] == ["U-PROP-01"]
    rows = {r["id"]: r for r in found["summary"]}
    assert set(rows) == {"530111001001", "530111001002", "530111001003"}
    ejw = rows["530111001001"]
    assert (ejw["committees"], ejw["member_units"], ejw["part_time_members"]) == (1, 2, 2)
    assert (ejw["grids"], ejw["grid_branches"], ejw["registrations"], ejw["hours"]) == (2, 1, 2, 136.5)
    assert ejw["needs_open"] == 2


AREA_LISTS = (
    "communities_without_committee",
    "grids_without_branch",
    "units_without_platform",
    "paper_agreements",
    "expired_agreements",
    "idle_resources",
    "stale_needs",
)


def _area_of(store: Store, entry: dict) -> str:
    """Where a gap sits: an area's code; a unit's, a need's area; a resource's unit's; an
    agreement's side a (an area, or the area its party org is built on)."""
    label, id_ = entry["label"], entry["id"]
    if label == "Area":
        return id_
    props = store.get_node(label, id_).props
    if label == "Resource":
        return store.get_node("Unit", props["unit"]).props["area"]
    if label == "Agreement":
        [side_a] = [
            r.src for r, _ in store.neighbours(label, id_, ("SIGNED",), "in") if r.props["side"] == "a"
        ]
        return side_a[1] if side_a[0] == "Area" else store.get_node(*side_a).props["area"]
    return props["area"]


@pytest.mark.parametrize(
    "area", ["530111000000", "530111001000", "530111002000", "530111001001", "530111001002"]
)
def test_gaps_of_an_area_are_the_whole_answer_within_it(store: Store, area: str) -> None:
    """A county's (street's, community's) gaps list what the whole store's list inside it, in
    the same order: a planner drilling down from the city finds the same communities."""
    from gongjian.queries.gaps import gaps

    whole, part = gaps(store, on=DAY), gaps(store, area, on=DAY)
    inside = set(store.subtree(area))
    for key in AREA_LISTS:
        assert part[key] == [e for e in whole[key] if _area_of(store, e) in inside], key
    assert sum(len(part[key]) for key in AREA_LISTS) > 0


def test_health_and_emergency_relate_one_way() -> None:
    from gongjian.model import categories_related, categories_serving

    # a flood-relief team does not meet an ordinary health need; a clinic may meet an epidemic-prevention one
    assert not categories_related("health", "emergency") and "emergency" not in categories_serving("health")
    assert categories_related("emergency", "health") and "health" in categories_serving("emergency")
    assert categories_related("health", "disability") and categories_related("disability", "health")


def test_a_refused_claim_says_which_check_failed(store: Store) -> None:
    def refused(need: str, resource: str) -> str:
        with pytest.raises(Conflict) as e:
            claim(store, need, resource, on=DAY)
        return str(e.value)

    assert "没有有效的联结" in refused("N-01", "R-06")  # 助残 for 助残, but the unit is not linked
    assert "类别不适配：需求为基础设施，资源为法律服务" in refused("N-05", "R-02")
    assert "资源状态为已满" in refused("N-03", "R-04")
    assert "资源状态为停用" in refused("N-03", "R-05")
    claim(store, "N-02", "R-03", on=DAY)
    assert "服务容量（1）已被本月认领、仍在进行的项目占满" in refused("N-05", "R-03")
    assert "需求已不是待认领状态（已认领）" in refused("N-02", "R-03")


def test_capacity_is_orders_a_month(store: Store) -> None:
    """R-03 takes one order a month: N-02's claim fills November; in December match, allocate
    and claim offer it to N-05 again, while N-02's project is still under way."""
    claim(store, "N-02", "R-03", on=DAY)
    december = "2026-12-01"

    def r03(need: str, on: str) -> list[int]:
        return [
            m["resource"]["capacity_left"]
            for m in match_need(store, need, on=on)["matches"]
            if m["resource"]["id"] == "R-03"
        ]

    assert r03("N-05", DAY) == [] and r03("N-05", december) == [1]
    area = store.get_node("Need", "N-05").props["area"]
    planned = {p["need"]["id"]: p["resource"]["id"] for p in allocate(store, area, on=december)["plan"]}
    assert planned.get("N-05") == "R-03"
    assert claim(store, "N-05", "R-03", on=december)["project"]["started"] == december


def test_committee_of_a_district_is_its_joint_conference(store: Store) -> None:
    from gongjian.queries.committee import committee

    with pytest.raises(NotFound, match="联席会议 530111000000 不存在"):
        committee(store, "530111000000")
    store.apply(
        ChangeSet(
            nodes={"Platform": {"PF-GD": {"name": "官渡区区域化党建联席会议", "kind": "joint_conference"}}},
            rels=[Rel("AT", ("Platform", "PF-GD"), ("Area", "530111000000"))],
        )
    )
    assert committee(store, "530111000000")["platform"]["id"] == "PF-GD"
    assert committee(store, "530111001001")["platform"]["id"] == "PF-EJW"  # a community: its big committee


def test_ties_of_a_unit_and_its_party_organisation(store: Store) -> None:
    from gongjian.queries.ties import ties

    hospital = ties(
        store, "91350100M000100Y43"
    )  # the hospital sits on 佴家湾's committee through its party committee
    assert [(p["id"], p["role"], p["via"]["id"]) for p in hospital["platforms"]] == [
        ("PF-EJW", "兼职委员", "PO-HOSP")
    ]
    assert [(r["id"], r["hours"], r["content"]) for r in hospital["registrations"]] == [
        ("530111001001", 120, "义诊")
    ]
    assert ties(store, "PO-HOSP")["platforms"] == hospital["platforms"]
    power = ties(store, "U-POW-01")
    assert [(a["id"], a["in_force"]) for a in power["agreements"]] == [("AG-01", True)]
    assert [(p["id"], p["kind_zh"], p["role"]) for p in power["platforms"]] == [
        ("PF-GS", "党建联盟", "成员单位")
    ]
    lead = ties(store, "PO-GX")
    assert ("PF-GX", "牵头") in {(p["id"], p["role"]) for p in lead["platforms"]}


def test_a_match_path_says_which_relationship_each_step_takes(store: Store) -> None:
    found = match_need(store, "N-01", on=DAY)["matches"]
    path = next(m for m in found if m["resource"]["id"] == "R-01")["link"]["path"]
    assert (
        _steps(path)
        == "N-01 提出于→ 530111001001 覆盖← PF-EJW 成员← PO-HOSP 建在→ 91350100M000100Y43 提供→ R-01"
    )
    plan = allocate(store, "530111001000", on=DAY)["plan"]
    assert all("via" not in p["link"]["path"][0] and p["link"]["path"][1]["via"] for p in plan)
