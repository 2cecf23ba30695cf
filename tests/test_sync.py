"""``gongjian sync``: a whole store copied embedded → Neo4j → embedded loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from gongjian.cli import app
from gongjian.graph.embedded import EmbeddedStore
from gongjian.graph.store import ChangeSet, Store
from gongjian.graph.sync import copy_store, same_store
from gongjian.ingest.load import ingest
from tests.conftest import LEDGER, make_store, neo4j_uri

runner = CliRunner()


def snapshot(store: Store) -> tuple[dict, dict]:
    nodes = {(n.label, n.id): n.props for n in store.iter_nodes()}
    rels = {(r.type, r.src, r.dst): r.props for r in store.iter_rels()}
    return nodes, rels


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout if "--json" in args else result.output


@pytest.mark.neo4j
def test_round_trip_is_lossless(tmp_path: Path) -> None:
    origin = EmbeddedStore(tmp_path / "origin.db")
    assert ingest(LEDGER, origin).ok
    expected = snapshot(origin)
    assert len(expected[0]) > 30 and len(expected[1]) > 30  # the whole fixture ledger
    origin.close()
    make_store("neo4j", tmp_path).close()  # an empty Neo4j
    uri = neo4j_uri()

    code, output = run("sync", "--from", str(tmp_path / "origin.db"), "--to", uri, "--json")
    assert code == 0, output
    report = json.loads(output)
    assert (report["nodes"], report["relationships"]) == (len(expected[0]), len(expected[1]))
    code, output = run("sync", "--from", uri, "--to", str(tmp_path / "back.db"))
    assert code == 0, output

    from gongjian.graph.neo4j import Neo4jStore

    with Neo4jStore(uri) as neo, EmbeddedStore(tmp_path / "back.db") as back:
        assert snapshot(neo) == expected  # every node, relationship and property, both ways
        assert snapshot(back) == expected
        with EmbeddedStore(tmp_path / "origin.db") as again:
            assert nx.utils.graphs_equal(neo.graph(), again.graph())
            assert nx.utils.graphs_equal(back.graph(), again.graph())
        area = neo.get_node("Area", "530111001001")
        assert area is not None and "id" not in area.props and area.props["code"] == "530111001001"


@pytest.mark.neo4j
def test_refuses_a_non_empty_destination_unless_replace(tmp_path: Path) -> None:
    neo = make_store("neo4j", tmp_path)
    uri = neo4j_uri()
    try:
        neo.apply(ChangeSet(nodes={"Unit": {"OLD": {"name": "旧"}}}))
        with EmbeddedStore(tmp_path / "src.db") as src:
            assert ingest(LEDGER, src).ok
            want = src.counts()
        code, output = run("sync", "--from", str(tmp_path / "src.db"), "--to", uri)
        assert code == 2 and "--replace" in output
        assert neo.get_node("Unit", "OLD") is not None  # untouched
        code, output = run("sync", "--from", str(tmp_path / "src.db"), "--to", uri, "--replace")
        assert code == 0, output
        assert neo.get_node("Unit", "OLD") is None
        assert neo.counts() == want
    finally:
        neo.close()


@pytest.mark.neo4j
def test_chunked_copy_gives_the_same_store(tmp_path: Path) -> None:
    neo = make_store("neo4j", tmp_path)
    try:
        with EmbeddedStore(tmp_path / "src.db") as src:
            assert ingest(LEDGER, src).ok
            seen: list[int] = []
            nodes, rels = copy_store(src, neo, chunk=7, progress=seen.append)
            assert sum(seen) == nodes + rels
            assert snapshot(neo) == snapshot(src)
    finally:
        neo.close()


def test_same_store_is_refused(tmp_path: Path) -> None:
    assert same_store("bolt://127.0.0.1:7687", "bolt://127.0.0.1:7687/")
    assert same_store(str(tmp_path / "a.db"), str(tmp_path / "." / "a.db"))
    assert not same_store(str(tmp_path / "a.db"), "bolt://127.0.0.1:7687")
    code, output = run("sync", "--from", str(tmp_path / "a.db"), "--to", str(tmp_path / "a.db"), "--replace")
    assert code == 2 and "同一个库" in output
