"""Shared fixtures: every store test runs on the embedded store and on a real Neo4j.

The Neo4j half uses the server named by ``GONGJIAN_TEST_NEO4J`` (``./dev test`` starts
one with tools/neo4j-local). Without it those tests skip — unless
``GONGJIAN_REQUIRE_NEO4J`` is set (CI), where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongjian.graph.store import Store

DATA = Path(__file__).parent / "data"
LEDGER = DATA / "ledger"
#: The day the fixture ledger is read on (its membership ends and agreement expiries are relative to it).
TODAY = dt.date(2026, 11, 21)

STORES = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def neo4j_uri() -> str:
    uri = os.environ.get("GONGJIAN_TEST_NEO4J")
    if not uri:
        if os.environ.get("GONGJIAN_REQUIRE_NEO4J"):
            pytest.fail("GONGJIAN_TEST_NEO4J is not set but Neo4j tests are required (CI)")
        pytest.skip("no Neo4j: set GONGJIAN_TEST_NEO4J=bolt://127.0.0.1:PORT (./dev test starts one)")
    return uri


def make_store(kind: str, tmp_path: Path) -> Store:
    if kind == "embedded":
        from gongjian.graph.embedded import EmbeddedStore

        return EmbeddedStore(tmp_path / "gongjian.db")
    uri = neo4j_uri()
    from gongjian.graph.neo4j import Neo4jStore

    store = Neo4jStore(uri)
    store.clear()
    return store


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def empty_store(store_kind: str, tmp_path: Path) -> Iterator[Store]:
    """A new, empty store of each kind."""
    store = make_store(store_kind, tmp_path)
    yield store
    store.close()


@pytest.fixture
def store(empty_store: Store) -> Store:
    """A store of each kind holding the fixture ledger (tests/data/ledger)."""
    from gongjian.ingest.load import ingest

    report = ingest(LEDGER, empty_store)
    assert report.ok, report.rejected
    return empty_store
