"""``gongjian bulk-load``: Neo4j's bulk importer gives the store ``gongjian ingest`` gives."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongjian.cli import app
from gongjian.graph.neo4j_bulk import expected_counts, write_files
from gongjian.graph.store import ChangeSet, Rel
from gongjian.model import LABELS
from tests.conftest import LEDGER, make_store, neo4j_uri
from tests.test_hardening_faults import own_neo4j  # noqa: F401 (a fixture)

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def typed(value: object) -> object:
    """A value with its type, so that 8 and 8.0 differ as they do in Neo4j."""
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def raw_snapshot(uri: str) -> tuple[dict, dict]:
    """Every node and relationship as stored (reserved ``_gj_`` properties included), typed."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        nodes = {
            (tuple(r["labels"]), r["props"]["id"]): {k: typed(v) for k, v in r["props"].items()}
            for r in driver.execute_query(
                "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
            ).records
        }
        rels = {
            (r["type"], r["src"], r["dst"]): {k: typed(v) for k, v in r["props"].items()}
            for r in driver.execute_query(
                "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS src, b.id AS dst, properties(r) AS props"
            ).records
        }
        constraints = driver.execute_query(
            "SHOW CONSTRAINTS YIELD labelsOrTypes RETURN labelsOrTypes"
        ).records
    return nodes, rels, sorted(c["labelsOrTypes"][0] for c in constraints)


@pytest.mark.neo4j
@pytest.mark.slow
def test_bulk_load_stores_what_ingest_stores(tmp_path: Path, own_neo4j: tuple[str, Path, int]) -> None:  # noqa: F811
    from gongjian.ingest.load import ingest

    ledger = tmp_path / "ledger"
    shutil.copytree(LEDGER, ledger)
    units = ledger / "units.csv"  # a name on two lines: the importer must read that file as multiline
    units.write_text(
        units.read_text(encoding="utf-8").replace("关上中心学校", '"关上中心学校\n（本部）"'),
        encoding="utf-8",
    )
    store = make_store("neo4j", tmp_path)  # the shared test server, cleared
    assert ingest(ledger, store).ok
    store.close()
    expected = raw_snapshot(neo4j_uri())
    assert len(expected[0]) > 30 and len(expected[1]) > 30

    _, data, _ = own_neo4j
    code, output = run("bulk-load", str(ledger), "--neo4j-local", str(data))
    assert code == 0, output
    uri = (data / "neo4j.ready").read_text().strip()
    assert raw_snapshot(uri) == expected  # every node, relationship, property and type; the constraints

    code, output = run("bulk-load", str(ledger), "--neo4j-local", str(data))
    assert code == 2 and "不是空的" in output and "--replace" in output

    broken = tmp_path / "broken"
    shutil.copytree(ledger, broken)
    with (broken / "units.csv").open("a", encoding="utf-8") as f:
        f.write("U-NEW,新单位,事业单位,999999999999,区直,,\n")  # an area that does not exist
    code, output = run("bulk-load", str(broken), "--neo4j-local", str(data), "--replace")
    assert code == 1 and "units.csv" in output and "整批未写入" in output
    assert raw_snapshot(uri) == expected  # rejected: nothing imported


def test_a_property_keeps_its_type_row_by_row(tmp_path: Path) -> None:
    changes = ChangeSet(
        nodes={"Unit": {"U1": {"name": "甲", "id": "U1"}, "U2": {"name": "乙,\n“丙”", "tags": ["a|b", "c"]}}},
        rels=[
            Rel("REGISTERED_WITH", ("Unit", "U1"), ("Unit", "U2"), {"hours": 8}),
            Rel("REGISTERED_WITH", ("Unit", "U2"), ("Unit", "U1"), {"hours": 2.5, "note": None}),
        ],
    )
    files = write_files(changes, tmp_path)
    headers = {}
    for arg in files.args:
        path = Path(arg.split("=", 2)[2])
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        headers[path.name] = rows
    assert headers["nodes-Unit-0.csv"][0] == [
        "id:ID(Unit)",
        "_gj_key_only:boolean",
        "name:string",
        "tags:string[]",
    ]
    assert files.array_delimiter == ";"  # "|" is in a value
    assert headers["nodes-Unit-0.csv"][2] == ["U2", "true", "乙,\n“丙”", "a|b;c"]
    assert headers["nodes-Unit-0.csv"][1] == ["U1", "", "甲", ""]  # id is its own property: no marker
    # an int and a float of one property go to two files, each with its type
    assert headers["rels-REGISTERED_WITH-Unit-Unit-0.csv"] == [
        [":START_ID(Unit)", ":END_ID(Unit)", "hours:long"],
        ["U1", "U2", "8"],
    ]
    assert headers["rels-REGISTERED_WITH-Unit-Unit-1.csv"][0][2] == "hours:double"
    # only the file with a value on two lines is read as multiline (the others in parallel)
    assert files.multiline == [tmp_path / "nodes-Unit-0.csv"]
    assert files.multiline_options()[-1] == f"--multiline-fields={tmp_path / 'nodes-Unit-0.csv'}"
    counts = expected_counts(changes)
    assert counts["nodes"]["Unit"] == 2 and counts["relationships"]["REGISTERED_WITH"] == 2
    assert set(counts["nodes"]) == set(LABELS)


def test_bulk_load_wants_a_running_local_neo4j(tmp_path: Path) -> None:
    code, output = run("bulk-load", str(LEDGER), "--neo4j-local", str(tmp_path / "none"))
    assert code == 2 and "没有正在运行的 Neo4j" in output and "tools/neo4j-local/start" in output
