"""What only the Neo4j store has to show: clear failures, constraints, atomic writes, no injection."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from gongjian.graph import cypher
from gongjian.graph.store import ChangeSet, Rel, RelClear, StoreError, StoreUnavailable
from gongjian.ingest.load import ingest
from gongjian.model import LABELS, REL_TYPES
from gongjian.queries.dispatch import claim_project
from gongjian.queries.linkage import need_context
from tests.conftest import LEDGER, make_store, neo4j_uri

INJECTION = "x'}) DETACH DELETE n //"
INJECTION_2 = 'x"}) MATCH (m) DETACH DELETE m RETURN 1 //'


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def snapshot(store) -> tuple[dict, dict]:  # noqa: ANN001
    nodes = {(n.label, n.id): n.props for n in store.iter_nodes()}
    rels = {(r.type, r.src, r.dst): r.props for r in store.iter_rels()}
    return nodes, rels


@pytest.fixture
def neo(tmp_path: Path) -> Iterator:
    store = make_store("neo4j", tmp_path)
    yield store
    store.close()


@pytest.fixture
def loaded(neo):  # noqa: ANN001, ANN201
    assert ingest(LEDGER, neo).ok
    return neo


# ------------------------------------------------------------------ without a server


def test_unreachable_server_is_one_clear_line() -> None:
    from gongjian.graph.neo4j import Neo4jStore

    uri = f"bolt://127.0.0.1:{unused_port()}"
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as e:
        Neo4jStore(uri)
    assert time.monotonic() - started < 10  # retried a few seconds, not minutes
    message = str(e.value)
    assert message.startswith(f"无法连接 Neo4j（{uri}）：")
    assert "\n" not in message and "Connection refused" in message
    assert isinstance(e.value, StoreError)


def test_cli_reports_an_unreachable_server_without_a_traceback() -> None:
    uri = f"bolt://127.0.0.1:{unused_port()}"
    proc = subprocess.run(
        [sys.executable, "-m", "gongjian.cli", "stats", "--store", uri],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},  # rich would wrap the line at 80 columns
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"无法连接 Neo4j（{uri}）" in lines[0]


def test_a_bad_address_is_a_store_error() -> None:
    from gongjian.graph.neo4j import Neo4jStore

    with pytest.raises(StoreError, match="Neo4j 地址不可用"):
        Neo4jStore("bolt://127.0.0.1:notaport")


def test_only_model_names_go_into_cypher() -> None:
    assert ":Unit {id: row.id}" in cypher.render("upsert_nodes", LABEL="Unit")
    with pytest.raises(ValueError, match="not a label"):
        cypher.render("upsert_nodes", LABEL="Unit {id: 1}) DETACH DELETE n //")
    with pytest.raises(ValueError, match="not a type"):
        cypher.render("upsert_rels", TYPE="KNOWS", SRC="Unit", DST="Area")
    with pytest.raises(ValueError, match="takes tokens"):
        cypher.render("upsert_rels", TYPE="AT", SRC="Platform")  # a token left unreplaced
    hood = cypher.render("neighbourhood", LABEL="Platform", TYPES="AT|MEMBER_OF", THEN="BUILT_IN")
    assert "[r:AT|MEMBER_OF]" in hood and "[r:BUILT_IN]" in hood
    with pytest.raises(ValueError, match="not a type"):
        cypher.render("neighbourhood", LABEL="Platform", TYPES="AT", THEN="BUILT_IN]-() DETACH DELETE m //")
    with pytest.raises(ValueError):
        cypher.load("../store")


def test_every_statement_file_has_a_header() -> None:
    from importlib.resources import files

    names = [
        p.name for p in files("gongjian.queries").joinpath("cypher").iterdir() if p.name.endswith(".cypher")
    ]
    assert len(names) >= 10
    for name in names:
        text = cypher.load(name.removesuffix(".cypher"))
        header = [line for line in text.splitlines() if line.startswith("//")]
        assert header and header[0].startswith(f"// {name.removesuffix('.cypher')} — "), name
        assert any("Returns" in line for line in header) and any("Parameters" in line for line in header), (
            name
        )


# --------------------------------------------------------------------- with a server


@pytest.mark.neo4j
def test_constraints_exist_after_first_use(tmp_path: Path) -> None:
    from gongjian.graph.neo4j import Neo4jStore

    uri = neo4j_uri()
    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        for label in LABELS:  # model names only, as the store does
            driver.execute_query(f"DROP CONSTRAINT gongjian_{label}_id IF EXISTS")
        with Neo4jStore(uri) as store:
            store.clear()
            store.apply(ChangeSet(nodes={"Unit": {"U1": {"name": "甲"}}}))
        records, _, _ = driver.execute_query(
            "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties WHERE type = 'UNIQUENESS' "
            "RETURN labelsOrTypes[0] AS label, properties AS props"
        )
    unique = {r["label"] for r in records if r["props"] == ["id"]}
    assert unique >= set(LABELS)


@pytest.mark.neo4j
def test_a_failing_apply_leaves_nothing_half_written(loaded) -> None:  # noqa: ANN001
    before = snapshot(loaded)
    counts = loaded.counts()
    revision = loaded.revision
    many = {f"G{i}": {"name": f"格{i}", "level": "grid"} for i in range(12_000)}  # three batches
    changes = ChangeSet(
        nodes={"Area": many, "Unit": {"U-LAW-01": {"name": "改了名", "phone": None}}},
        clears=[RelClear("LOCATED_IN", "src", [("Unit", "U-LAW-01")])],
        rels=[Rel("PART_OF", ("Area", f"G{i}"), ("Area", "530111001001")) for i in range(12_000)]
        + [Rel("PART_OF", ("Area", "G1"), ("Area", "NOWHERE"))],  # the last batch fails
    )
    with pytest.raises(StoreError, match="不存在：区划 NOWHERE；本次未写入任何内容"):
        loaded.apply(changes)
    assert snapshot(loaded) == before
    assert loaded.counts() == counts
    assert loaded.revision == revision

    bad_value = ChangeSet(nodes={"Area": many, "Need": {"N-01": {"title": {"nested": "map"}}}})
    with pytest.raises(StoreError):
        loaded.apply(bad_value)  # Neo4j refuses a map as a property value, after the Area batches went in
    assert snapshot(loaded) == before


@pytest.mark.neo4j
def test_injection_looking_values_are_stored_verbatim(loaded) -> None:  # noqa: ANN001
    before = loaded.counts()
    changes = ChangeSet(
        nodes={
            "Unit": {INJECTION: {"id": INJECTION, "name": INJECTION_2, INJECTION_2: "v"}},
            "Area": {INJECTION_2: {"code": INJECTION_2, "name": "`Area`) DETACH DELETE n //"}},
        },
        rels=[Rel("LOCATED_IN", ("Unit", INJECTION), ("Area", INJECTION_2), {"note": INJECTION})],
    )
    loaded.apply(changes)
    unit = loaded.get_node("Unit", INJECTION)
    assert unit is not None and unit.props == {"id": INJECTION, "name": INJECTION_2, INJECTION_2: "v"}
    assert loaded.get_node("Area", INJECTION_2).props["name"] == "`Area`) DETACH DELETE n //"
    assert loaded.labels_of([INJECTION, INJECTION_2]) == {INJECTION: ["Unit"], INJECTION_2: ["Area"]}
    _, rels = snapshot(loaded)
    assert rels[("LOCATED_IN", ("Unit", INJECTION), ("Area", INJECTION_2))] == {"note": INJECTION}
    loaded.apply(
        ChangeSet(clears=[RelClear("LOCATED_IN", "src", [("Unit", INJECTION)], where=((INJECTION, "a"),))])
    )
    after = loaded.counts()
    assert after["nodes"]["Unit"] == before["nodes"]["Unit"] + 1
    assert after["nodes"]["Area"] == before["nodes"]["Area"] + 1
    assert after["relationships"]["LOCATED_IN"] == before["relationships"]["LOCATED_IN"] + 1
    with pytest.raises(StoreError, match="不是 gongjian 模型中的节点类型"):
        loaded.apply(ChangeSet(nodes={"Unit) DETACH DELETE n //": {"x": {}}}))
    with pytest.raises(StoreError, match="不是 gongjian 模型中的关系类型"):
        loaded.apply(ChangeSet(rels=[Rel("KNOWS]->() DETACH DELETE n //", ("Unit", "a"), ("Unit", "b"))]))
    assert loaded.counts() == after


@pytest.mark.neo4j
def test_key_only_marker_never_shows(neo) -> None:  # noqa: ANN001
    neo.apply(ChangeSet(nodes={"Area": {"A1": {"code": "A1", "name": "一"}}, "Unit": {"U1": {"id": "U1"}}}))
    assert neo.get_node("Area", "A1").props == {"code": "A1", "name": "一"}
    assert neo.get_node("Unit", "U1").props == {"id": "U1"}
    neo.apply(ChangeSet(nodes={"Unit": {"U1": {"id": None, "name": "甲"}}}))
    assert neo.get_node("Unit", "U1").props == {
        "name": "甲"
    }  # merge-patch removed the id property, not the key
    assert neo.get_nodes("Unit", ["U1"]) == {"U1": {"name": "甲"}}
    with pytest.raises(StoreError, match="驻区单位 U2：属性 id 的值 'U3' 与其编码不同"):
        neo.apply(ChangeSet(nodes={"Unit": {"U2": {"id": "U3"}}}))
    with pytest.raises(StoreError, match="驻区单位 U2：属性名 _gj_key_only 为系统保留"):
        neo.apply(ChangeSet(nodes={"Unit": {"U2": {"_gj_key_only": False}}}))
    assert [n.props for n in neo.iter_nodes() if n.label == "Area"] == [{"code": "A1", "name": "一"}]


@pytest.mark.neo4j
def test_a_relationship_to_a_missing_node_refuses_the_whole_write(neo) -> None:  # noqa: ANN001
    new_unit = ChangeSet(
        nodes={"Unit": {"U1": {"name": "甲"}}},
        rels=[Rel("LOCATED_IN", ("Unit", "U1"), ("Area", "NOWHERE"))],  # created, but its end is missing
    )
    with pytest.raises(StoreError, match="不存在：区划 NOWHERE；本次未写入任何内容"):
        neo.apply(new_unit)
    assert neo.get_node("Unit", "U1") is None  # nothing was written
    neo.apply(ChangeSet(nodes={"Unit": {"U1": {"name": "甲"}}}))
    # both ends exist before: merged, refused alike
    with pytest.raises(StoreError, match="不存在：区划 NOWHERE；本次未写入任何内容"):
        neo.apply(ChangeSet(rels=[Rel("LOCATED_IN", ("Unit", "U1"), ("Area", "NOWHERE"))]))
    assert neo.counts()["relationships"]["LOCATED_IN"] == 0


@pytest.mark.neo4j
def test_a_transient_error_retries_the_whole_apply(neo, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from gongjian.graph import neo4j as module

    monkeypatch.setattr(module, "APPLY_BACKOFF", 0.01)
    real = module.write
    calls: list[int] = []

    def flaky(tx, changes, step):  # noqa: ANN001, ANN202
        calls.append(1)
        real(tx, changes, step)
        if len(calls) == 1:
            raise neo4j.exceptions.SessionExpired("leader switched")

    monkeypatch.setattr(module, "write", flaky)
    seen: list[int] = []
    neo.apply(ChangeSet(nodes={"Unit": {"U1": {"name": "甲"}}}), progress=seen.append)
    assert len(calls) == 2 and seen == [1]  # progress advances once
    assert neo.counts()["nodes"]["Unit"] == 1

    def always(tx, changes, step):  # noqa: ANN001, ANN202
        calls.append(1)
        real(tx, changes, step)
        raise neo4j.exceptions.SessionExpired("still switching")

    calls.clear()
    monkeypatch.setattr(module, "write", always)
    with pytest.raises(StoreUnavailable, match="无法连接 Neo4j"):
        neo.apply(ChangeSet(nodes={"Unit": {"U2": {}}}))
    assert len(calls) == module.APPLY_ATTEMPTS and neo.get_node("Unit", "U2") is None  # bounded, rolled back


@pytest.mark.neo4j
def test_revision_counts_writes(neo) -> None:  # noqa: ANN001
    r0 = neo.revision
    neo.apply(ChangeSet(nodes={"Unit": {"U1": {}}}))
    neo.clear()
    assert neo.revision == r0 + 2


@pytest.mark.neo4j
def test_clear_leaves_foreign_nodes_alone(neo) -> None:  # noqa: ANN001
    with neo4j.GraphDatabase.driver(neo.uri, auth=None) as driver:
        driver.execute_query("CREATE (:NotGongjian {id: 'keep'})")
        try:
            neo.apply(ChangeSet(nodes={"Unit": {"U1": {}}}))
            neo.clear()
            records, _, _ = driver.execute_query("MATCH (n:NotGongjian) RETURN count(n) AS n")
            assert records[0]["n"] == 1
        finally:
            driver.execute_query("MATCH (n:NotGongjian) DELETE n")
    assert sum(neo.counts()["nodes"].values()) == 0


@pytest.mark.neo4j
def test_cli_ingest_and_stats_match_the_embedded_store(tmp_path: Path) -> None:
    make_store("neo4j", tmp_path).close()  # empty
    uri = neo4j_uri()

    def cli(*args: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != "GONGJIAN_STORE"}
        proc = subprocess.run(
            [sys.executable, "-m", "gongjian.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    cli("ingest", str(LEDGER), "--store", uri)
    cli("ingest", str(LEDGER), "--store", str(tmp_path / "g.db"))
    neo_counts = json.loads(cli("stats", "--json", "--store", uri))
    embedded_counts = json.loads(cli("stats", "--json", "--store", str(tmp_path / "g.db")))
    assert neo_counts == embedded_counts
    assert set(neo_counts["nodes"]) == set(LABELS) and set(neo_counts["relationships"]) == set(REL_TYPES)
    assert sum(neo_counts["nodes"].values()) > 30


def test_refused_credentials_are_a_clear_store_error() -> None:
    from gongjian.graph.neo4j import Neo4jStore

    store = Neo4jStore.__new__(Neo4jStore)  # no server needed to check the wording
    store.uri = "neo4j+s://xxxx.databases.neo4j.io"
    with pytest.raises(StoreError) as e, store._translated("answering"):
        raise neo4j.exceptions.AuthError("The client is unauthorized due to authentication failure.")
    assert not isinstance(e.value, StoreUnavailable)
    assert "拒绝了用户名或密码（GONGJIAN_NEO4J_USER / GONGJIAN_NEO4J_PASSWORD）" in str(e.value)


@pytest.mark.neo4j
def test_database_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongjian.graph.neo4j import Neo4jStore

    uri = neo4j_uri()
    monkeypatch.setenv("GONGJIAN_NEO4J_DATABASE", "nosuchdb")
    with pytest.raises(StoreError, match="DatabaseNotFound") as e:
        Neo4jStore(uri)
    assert not isinstance(e.value, StoreUnavailable) and "\n" not in str(e.value)
    monkeypatch.setenv("GONGJIAN_NEO4J_DATABASE", "neo4j")
    with Neo4jStore(uri) as store:
        assert store.database == "neo4j" and "Unit" in store.counts()["nodes"]


@pytest.mark.neo4j
def test_reserved_properties_never_show(loaded) -> None:  # noqa: ANN001
    from gongjian.graph.store import Conflict

    claim_project(loaded, "N-01", "R-01", "PJ-X", {"name": "项目"})
    with pytest.raises(Conflict):
        claim_project(loaded, "N-01", "R-01", "PJ-Y", {"name": "项目"})  # rolled back after locking
    with neo4j.GraphDatabase.driver(loaded.uri, auth=None) as driver:
        records, _, _ = driver.execute_query("MATCH (n) WHERE n._gj_lock IS NOT NULL RETURN count(n) AS n")
        assert records[0]["n"] == 0  # the claim lock is never stored
        # whatever `_gj_` property a node carries, reads leave it out
        driver.execute_query("MATCH (n) WHERE n:Resource OR n:Unit OR n:Need SET n._gj_other = 1")
    try:
        reads = [
            loaded.get_node("Resource", "R-01").props,
            *loaded.get_nodes("Unit", ["U-LAW-01"]).values(),
            *(n.props for n in loaded.iter_nodes()),
            *(n.props for _, n in loaded.neighbours("Unit", "91350100M000100Y43")),
            *(n.props for n in loaded.find_nodes("Need")[1]),
        ]
        ctx = need_context(loaded, "N-05", "2026-11-21")
        reads += [
            ctx.need.props,
            *(c.unit.props for c in ctx.candidates),
            *(c.resource.props for c in ctx.candidates),
        ]
        assert reads and not [p for p in reads if any(k.startswith("_gj_") for k in p)]
    finally:
        with neo4j.GraphDatabase.driver(loaded.uri, auth=None) as driver:
            driver.execute_query("MATCH (n) WHERE n._gj_other IS NOT NULL REMOVE n._gj_other")


@pytest.mark.neo4j
def test_a_label_or_type_outside_the_model_is_refused_before_anything_is_sent(neo) -> None:  # noqa: ANN001
    unit = {"Unit": {"U1": {"name": "甲"}}}
    with pytest.raises(StoreError, match="'Bogus' 不是 gongjian 模型中的节点类型，未写入任何内容"):
        neo.apply(ChangeSet(nodes={**unit, "Bogus": {"B1": {}}}))
    with pytest.raises(StoreError, match="'LIKES' 不是 gongjian 模型中的关系类型"):
        neo.apply(ChangeSet(nodes=unit, rels=[Rel("LIKES", ("Unit", "U1"), ("Unit", "U1"))]))
    with pytest.raises(StoreError, match="'Bogus' 不是 gongjian 模型中的节点类型"):
        neo.apply(ChangeSet(nodes=unit, rels=[Rel("REGISTERED_WITH", ("Unit", "U1"), ("Bogus", "B1"))]))
    assert neo.get_node("Unit", "U1") is None
