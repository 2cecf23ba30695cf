"""An ingest into Neo4j writes each table while the next is checked, in one transaction that
holds what the whole write holds, and keeps nothing when the dataset or its write fails."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest

from gongjian.graph.neo4j_overlap import METADATA
from gongjian.graph.store import ChangeSet, Rel, RelClear, Store, StoreError
from gongjian.ingest.load import ingest, prepare
from gongjian.ingest.stage import Staging
from tests.conftest import LEDGER, make_store


def snapshot(store: Store) -> tuple[dict, dict]:
    nodes = {(n.label, n.id): n.props for n in store.iter_nodes()}
    rels = {(r.type, r.src, r.dst): r.props for r in store.iter_rels()}
    return nodes, rels


def ledger_copy(tmp_path: Path, name: str = "ledger") -> Path:
    folder = tmp_path / name
    shutil.copytree(LEDGER, folder)
    return folder


def edit(folder: Path, file: str, change: Callable[[list[str]], list[str]]) -> None:
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")


@pytest.fixture
def neo(tmp_path: Path):  # noqa: ANN201
    store = make_store("neo4j", tmp_path)
    yield store
    store.close()


def open_transactions(uri: str) -> list[dict]:
    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        records, _, _ = driver.execute_query("SHOW TRANSACTIONS YIELD metaData RETURN metaData")
    return [r["metaData"] for r in records]


@pytest.mark.neo4j
def test_the_write_begins_while_later_tables_are_checked(neo) -> None:  # noqa: ANN001
    seen: list[list[dict]] = []

    def phase(desc: str, total: int) -> Callable[[int], None]:
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if desc == "校验" and done < total:  # tables checked, others still to come
                seen.append(open_transactions(neo.uri))

        return advance

    report = ingest(LEDGER, neo, phase=phase)
    assert report.ok and report.written
    assert any(METADATA in found for found in seen[2:])  # the earlier tables are being written
    assert not [m for m in open_transactions(neo.uri) if m == METADATA]  # and committed since


@pytest.mark.neo4j
def test_the_overlapped_write_holds_what_the_whole_write_holds(neo, tmp_path: Path) -> None:  # noqa: ANN001
    whole = make_store("embedded", tmp_path)
    try:
        for store in (neo, whole):
            assert ingest(LEDGER, store).ok
        assert snapshot(neo) == snapshot(whole)
        # a second dataset moves a unit and a person, and renames: its clears stop the overlap
        update = ledger_copy(tmp_path)
        edit(update, "units.csv", lambda lines: [lines[0], lines[1].replace("530111001", "530111002", 1)])
        for file in ("areas.csv", "people.csv", "needs.csv", "events.csv", "feedback.csv"):
            edit(update, file, lambda lines: lines[:4])
        for store in (neo, whole):
            report = ingest(update, store)
            assert report.ok, report.rejected
        assert snapshot(neo) == snapshot(whole)
    finally:
        whole.close()


@pytest.mark.neo4j
def test_a_row_rejected_late_leaves_the_store_as_it_was(neo, tmp_path: Path) -> None:  # noqa: ANN001
    before = snapshot(neo)
    bad = ledger_copy(tmp_path)
    edit(bad, "feedback.csv", lambda lines: [*lines, "N-NOWHERE,2026-11-01,满意,,"])
    report = ingest(bad, neo)
    assert not report.written
    assert [(p.file, p.value) for p in report.rejected] == [("feedback.csv", "N-NOWHERE")]
    assert snapshot(neo) == before
    assert not [m for m in open_transactions(neo.uri) if m == METADATA]  # rolled back, not left open


@pytest.mark.neo4j
def test_a_table_that_cannot_be_written_is_reported_and_nothing_is_kept(neo, tmp_path: Path) -> None:  # noqa: ANN001
    assert ingest(LEDGER, neo).ok
    before = snapshot(neo)
    bad = ledger_copy(tmp_path)  # written after the areas, units and party orgs went in
    edit(bad, "people.csv", lambda lines: [lines[0] + ",_gj_note", *(line + ",x" for line in lines[1:])])
    with pytest.raises(StoreError, match="_gj_note"):
        ingest(bad, neo)
    assert snapshot(neo) == before


@pytest.mark.neo4j
def test_a_clear_of_what_an_earlier_table_wrote_stops_the_overlap(neo, tmp_path: Path) -> None:  # noqa: ANN001
    """The whole write clears before it adds: a later table's clear must not remove what an
    earlier part added. Staging stops there, and the whole is written as one ChangeSet."""
    assert ingest(LEDGER, neo).ok
    first = ChangeSet(
        nodes={"Unit": {"U-NEW": {"name": "新单位"}}},
        rels=[Rel("LOCATED_IN", ("Unit", "U-LAW-01"), ("Area", "530111001001"))],
    )
    second = ChangeSet(
        nodes={"Person": {"PS-NEW": {"name": "新人"}}},
        clears=[RelClear("LOCATED_IN", "src", [("Unit", "U-LAW-01")])],
        rels=[Rel("LOCATED_IN", ("Unit", "U-LAW-01"), ("Area", "530111001000"))],
    )
    whole = ChangeSet()
    with neo.writing() as writing:
        staging = Staging(writing)
        for part in (first, second):
            staging.add(whole, part)
            whole.nodes.update(part.nodes)
            whole.clears += part.clears
            whole.rels += part.rels
        assert not staging.on
        writing.apply(whole)
    located = {r.dst for r, _ in neo.neighbours("Unit", "U-LAW-01", ("LOCATED_IN",), "out")}
    assert located == {("Area", "530111001001"), ("Area", "530111001000")}  # cleared, then both added
    assert neo.get_node("Unit", "U-NEW") is not None and neo.get_node("Person", "PS-NEW") is not None


@pytest.mark.neo4j
def test_a_dry_run_and_a_bulk_prepare_write_nothing(neo) -> None:  # noqa: ANN001
    report = ingest(LEDGER, neo, dry_run=True)
    assert report.ok and not report.written
    _, changes = prepare(LEDGER, neo)
    assert changes is not None and changes.size()
    assert neo.counts()["nodes"] == {label: 0 for label in neo.counts()["nodes"]}


@pytest.mark.neo4j
def test_a_node_given_again_by_a_later_table_keeps_the_later_patch_alone(neo) -> None:  # noqa: ANN001
    """The whole write keeps a later table's patch of a node in place of the earlier one's;
    a staged part would be merged into it. Staging stops, and the whole is written."""
    first = ChangeSet(nodes={"Unit": {"U1": {"name": "甲", "phone": "13800000000"}}})
    second = ChangeSet(nodes={"Unit": {"U1": {"name": "乙"}}, "Area": {"A1": {"code": "A1"}}})
    whole = ChangeSet()
    with neo.writing() as writing:
        staging = Staging(writing)
        for part in (first, second):
            staging.add(whole, part)
            for label, patches in part.nodes.items():
                whole.nodes.setdefault(label, {}).update(patches)
        assert not staging.on
        writing.apply(whole)
    assert neo.get_node("Unit", "U1").props == {"name": "乙"}
    assert neo.get_node("Area", "A1").props == {"code": "A1"}


@pytest.mark.neo4j
def test_a_refused_statement_followed_by_others_refuses_the_whole_write(neo) -> None:  # noqa: ANN001
    """Statements go one after the other without waiting for each one's end: a refusal seen
    only once the next statement is on its way still refuses the write, naming the end."""
    assert ingest(LEDGER, neo).ok
    before = snapshot(neo)
    changes = ChangeSet(
        nodes={"Unit": {"U-A": {"name": "甲"}, "U-B": {"name": "乙"}}},
        rels=[
            Rel("LOCATED_IN", ("Unit", "U-A"), ("Area", "NOWHERE")),  # refused, then more statements
            Rel("WORKS_AT", ("Person", "PS-001"), ("Unit", "U-B")),
            Rel("PART_OF", ("Area", "530111001001"), ("Area", "530111001000")),
        ],
    )
    with pytest.raises(StoreError, match="区划 NOWHERE"):
        neo.apply(changes)
    assert snapshot(neo) == before
