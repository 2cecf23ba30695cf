"""The Neo4j reads behind a match, a committee and an allocation: how many statements each
asks, and the plans they rely on (EXPLAIN: every walk starts from an index seek on a key, no
label or all-nodes scan, no cartesian product, every expansion by relationship type)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from gongjian.graph.neo4j import Neo4jStore
from gongjian.graph.neo4j_reads import AREA_LABELS
from gongjian.ingest.load import ingest
from gongjian.model import LABELS
from gongjian.queries.allocate import allocate
from gongjian.queries.committee import committee
from gongjian.queries.match import match_need
from tests.conftest import LEDGER, make_store

pytestmark = pytest.mark.neo4j
DAY = "2026-11-21"
SCANS = {
    "NodeByLabelScan",
    "AllNodesScan",
    "CartesianProduct",
    "NodeIndexScan",
    "DirectedAllRelationshipsScan",
}
EXPANDS = {"Expand(All)", "Expand(Into)", "OptionalExpand(All)", "OptionalExpand(Into)"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jStore]:
    store = make_store("neo4j", tmp_path_factory.mktemp("plans"))
    assert ingest(LEDGER, store).ok
    yield store  # type: ignore[misc]
    store.close()


@pytest.fixture
def statements(loaded: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every statement the store runs from here on, with its parameters (they still run)."""
    seen: list[tuple[str, dict[str, Any]]] = []
    real = loaded._fetch

    def spy(query: str, **params: Any) -> list[neo4j.Record]:
        seen.append((query, params))
        return real(query, **params)

    monkeypatch.setattr(loaded, "_fetch", spy)
    return seen


def operators(plan: dict) -> Iterator[tuple[str, str]]:
    """(operator, details) of a plan and every operator below it."""
    name = plan["operatorType"].split("@")[0]
    yield name, str(plan.get("args", {}).get("Details", ""))
    for child in plan.get("children", []):
        yield from operators(child)


def explained(store: Neo4jStore, query: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    with neo4j.GraphDatabase.driver(store.uri, auth=None) as driver, driver.session() as s:
        return list(operators(s.run("EXPLAIN " + query, params).consume().plan))


def assert_seeks(store: Neo4jStore, query: str, params: dict[str, Any], *labels: str) -> None:
    ops = explained(store, query, params)
    names = [op for op, _ in ops]
    assert not SCANS & set(names), (
        sorted(SCANS & set(names)),
        [o for o in ops if o[0] in SCANS],
        query[:100],
    )
    seeks = " ".join(d for op, d in ops if op == "NodeUniqueIndexSeek")
    for label in labels:
        assert f":{label}(id)" in seeks, (label, seeks)
    for op, details in ops:
        if op in EXPANDS or op.startswith("VarLengthExpand"):
            assert re.search(r"\[\w*:[A-Z_|]+", details), (op, details)  # by type, not all then filtered


def test_a_match_is_two_statements_from_key_seeks(loaded: Neo4jStore, statements: list) -> None:
    answer = match_need(loaded, "N-01", limit=10, on=DAY)
    assert answer["matches"] and all(m["link"]["path"] for m in answer["matches"])
    assert all(node.get("via") for m in answer["matches"] for node in m["link"]["path"][1:])
    # the need and its areas; every walk with the nodes on it and the relationships joining
    # its steps: no read per path to name it or to say how it is joined
    (head, head_params), (walks, walks_params) = statements
    assert_seeks(loaded, head, head_params, "Need", "Area")
    assert_seeks(loaded, walks, walks_params, "Area")


def test_the_relationships_between_pairs_of_any_labels_are_one_statement(
    loaded: Neo4jStore, statements: list
) -> None:
    pairs = [
        (("Need", "N-01"), ("Area", "530111001001")),
        (("Area", "530111001001"), ("Platform", "PF-EJW")),
        (("Unit", "91350100M000100Y43"), ("PartyOrg", "PO-HOSP")),
        (("Need", "N-01"), ("Unit", "91350100M000100Y43")),  # not joined: absent
    ]
    found = loaded.joining(pairs)
    assert found == {
        pairs[0]: (("RAISED_IN", True),),
        pairs[1]: (("AT", False),),
        pairs[2]: (("BUILT_IN", False),),
    }
    ((query, params),) = statements
    assert_seeks(loaded, query, params, *LABELS)  # each end: a seek on its label's key
    assert "Expand(Into)" in {op for op, _ in explained(loaded, query, params)}
    loaded.joining(pairs[1:3])
    assert statements[-1][0] == query  # the same text whatever the labels: planned once


def test_a_committee_is_one_statement_from_a_key_seek(loaded: Neo4jStore, statements: list) -> None:
    answer = committee(loaded, "PF-EJW", on=DAY)
    assert answer["area"]["id"] == "530111001001" and answer["lead"]["id"] == "PO-EJW"
    assert any(m["unit"] for m in answer["members"] if m["member_type"] == "party_org")
    # the platform, its area, lead and members, and the units its member orgs are built in
    ((query, params),) = statements
    assert_seeks(loaded, query, params, "Platform")
    statements.clear()
    # a community's: its platforms first (to choose its big committee), then that one
    assert committee(loaded, "530111001001", on=DAY) == answer
    (first, first_params), (second, second_params) = statements
    assert_seeks(loaded, first, first_params, "Platform", "Area")
    assert_seeks(loaded, second, second_params, "Platform")


def test_an_allocation_asks_for_all_its_needs_at_once(loaded: Neo4jStore, statements: list) -> None:
    plan = allocate(loaded, "530111000000", on=DAY)
    assert plan["open_needs"] >= 2 and plan["plan"]
    # the county, its subtree, its open needs, their heads, their walks (with the relationships
    # of every walk's steps): not two reads a need, none per path
    assert len(statements) == 5
    heads, walks = statements[3], statements[4]
    assert len(heads[1]["needs"]) == len(walks[1]["asks"]) == plan["open_needs"]
    assert_seeks(loaded, *heads, "Need", "Area")
    assert_seeks(loaded, *walks, "Area")


def test_the_open_needs_of_some_areas_are_an_index_seek(loaded: Neo4jStore, statements: list) -> None:
    with neo4j.GraphDatabase.driver(loaded.uri, auth=None) as driver:
        driver.execute_query("CALL db.awaitIndexes(60)")
    total, needs = loaded.find_nodes("Need", {"status": "open"}, areas=["530111001001", "530111001002"])
    assert total == len(needs) >= 1 and {n.props["area"] for n in needs} <= {"530111001001", "530111001002"}
    ((query, params),) = statements
    ops = explained(loaded, query, params)
    assert any(op == "NodeIndexSeek" and ":Need(area)" in d for op, d in ops), ops
    assert not SCANS & {op for op, _ in ops}


def test_an_existing_database_gets_the_area_indexes_on_opening(loaded: Neo4jStore) -> None:
    with neo4j.GraphDatabase.driver(loaded.uri, auth=None) as driver:
        for label in AREA_LABELS:  # model names only, as the store does
            driver.execute_query(f"DROP INDEX gongjian_{label}_area IF EXISTS")
        Neo4jStore(loaded.uri).close()
        records, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD type, labelsOrTypes, properties WHERE type = 'RANGE' "
            "RETURN labelsOrTypes[0] AS label, properties AS props"
        )
    assert {r["label"] for r in records if r["props"] == ["area"]} == set(AREA_LABELS)
