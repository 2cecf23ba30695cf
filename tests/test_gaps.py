"""Gaps (找短板) of the whole store, on both stores: what they read and that it is what an
area's reads would give. The lists themselves: tests/test_queries.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongjian.graph.store import Store
from gongjian.queries.gaps import Around, gaps
from tests.conftest import TODAY

#: The relationships gaps reads around its nodes: type, the end at them, their label.
READS = (
    ("BUILT_IN", "dst", "Area"),
    ("BUILT_IN", "dst", "Unit"),
    ("BUILT_IN", "src", "PartyOrg"),
    ("MEMBER_OF", "src", "Unit"),
    ("MEMBER_OF", "src", "PartyOrg"),
    ("MEMBER_OF", "dst", "Platform"),
    ("REGISTERED_WITH", "dst", "Area"),
    ("SIGNED", "dst", "Agreement"),
)


class Recording:
    """The store, recording which relationship reads it is asked for (the answers are its own)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.asked: list[tuple[str, ...]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def relationships(self, type_: str) -> list:
        self.asked.append(("relationships", type_))
        return self.store.relationships(type_)

    def relationships_at(self, type_: str, end: str, refs: Any) -> list:
        self.asked.append(("relationships_at", type_, end))
        return self.store.relationships_at(type_, end, refs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("type_", "end", "label"), READS)
def test_a_whole_type_read_keeps_what_a_read_at_the_nodes_gives(
    store: Store, type_: str, end: str, label: str
) -> None:
    """For the whole store, gaps reads each type whole and keeps the relationships at the
    nodes asked about: the same relationships, in the same order, as a read at those nodes."""
    every = {n.id for n in store.find_nodes(label)[1]}
    some = set(sorted(every)[::2])
    whole, at_nodes = Around(store, whole=True), Around(store, whole=False)
    for ids in (every, some, set()):
        assert whole.at(type_, end, label, ids) == at_nodes.at(type_, end, label, ids)
    assert whole.at(type_, end, label, every), "the fixture ledger holds some"


def test_the_whole_store_s_gaps_read_each_type_once_and_no_node_s_relationships(store: Store) -> None:
    """The whole store's gaps cost one read of each relationship type they use, not a lookup at
    each area (a province has 405,931), and answer as before; an area's look up its nodes."""
    recording = Recording(store)
    whole = gaps(recording, on=TODAY.isoformat())  # type: ignore[arg-type]
    assert sorted(recording.asked) == [
        ("relationships", t) for t in ("BUILT_IN", "MEMBER_OF", "REGISTERED_WITH", "SIGNED")
    ]
    assert [e["id"] for e in whole["grids_without_branch"]] == ["530111001102"]
    assert [e["id"] for e in whole["units_without_platform"]] == ["U-FAR-01", "U-PROP-01"]

    recording.asked.clear()
    gaps(recording, "530111001000", on=TODAY.isoformat())  # type: ignore[arg-type]
    assert recording.asked and all(a[0] == "relationships_at" for a in recording.asked)


@pytest.mark.parametrize("end", ["src", "dst"])
def test_an_area_s_reads_seek_each_node_in_the_index_of_its_end(tmp_path: Path, end: str) -> None:
    """The embedded store answers ``relationships_at`` by joining the ids asked about to the
    index of that end, whatever their number: a county's 2,500 areas cost 2,500 seeks, never a
    pass over every relationship of the type (a province's BUILT_IN: 351,268)."""
    from gongjian.graph import sqlqueries
    from gongjian.graph.embedded import EmbeddedStore

    sql = sqlqueries._AT_SRC if end == "src" else sqlqueries._AT_DST
    with EmbeddedStore(tmp_path / "gongjian.db") as store:
        plan = [row[3] for row in store._con.execute(f"EXPLAIN QUERY PLAN {sql}", ("[]", "Area", "BUILT_IN"))]
    index = "rels_out (src_label=? AND src_id=? AND type=?)" if end == "src" else "rels_in (dst_label=?"
    assert plan[0].startswith("SCAN j VIRTUAL TABLE") and plan[1].startswith(f"SEARCH r USING INDEX {index}")
    assert len(plan) == 2
