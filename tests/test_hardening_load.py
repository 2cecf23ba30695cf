"""Hardening: a small load test through ``gongjian serve`` — invariants only, not timings;
and reads racing writes inside one store.

bench/load.py on the fixture ledger, 8 clients for 5 s mixing search, committee, match and
claim, on each store: no 5xx, no connection error, every claim answered 201 made exactly one
project (none lost, none twice), no need claimed twice, no resource beyond its capacity.
The full run (Kunming scale, 50 clients, 60 s) is in RELIABILITY.md.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gongjian.graph.store import ChangeSet, Store
from tests.conftest import LEDGER, neo4j_uri

ROOT = Path(__file__).resolve().parent.parent


def test_load_keeps_the_invariants(store_kind: str, tmp_path: Path) -> None:
    if importlib.util.find_spec("locust") is None:  # never import it here: it monkey-patches the process
        pytest.skip("bench/load.py drives the load with locust (pip install locust)")
    uri = str(tmp_path / "load.db") if store_kind == "embedded" else neo4j_uri()
    out = tmp_path / "load.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load.py"),
            "--data",
            str(LEDGER),
            "--store",
            uri,
            "--clients",
            "8",
            "--seconds",
            "5",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.exists(), proc.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["ok"], json.dumps(result, ensure_ascii=False, indent=1)[-4000:]
    assert proc.returncode == 0
    assert result["status_5xx"] == 0 and not result["connection_errors"]
    assert set(result["endpoints"]) == {"search", "committee", "match", "claim"}
    assert all(e["count"] > 0 for e in result["endpoints"].values())
    claims = result["claims"]
    assert claims["accepted_201"] >= 1  # the fixture has open needs with a linked resource
    assert claims["refused"].get("409", 0) >= 1  # and 8 clients race for them
    assert result["projects_created"] == claims["accepted_201"]
    assert result["endpoints"]["claim"]["count"] == claims["accepted_201"] + sum(claims["refused"].values())


def test_reads_while_writes_go_on_never_raise(store: Store, store_kind: str) -> None:
    """One thread writes (new projects, as claims do), others read the whole graph meanwhile."""
    store.apply(
        ChangeSet(
            nodes={"Area": {f"G{i:05d}": {"name": f"第{i}网格", "level": "grid"} for i in range(20_000)}}
        )
    )
    errors: list[BaseException] = []
    stop = threading.Event()

    def write() -> None:
        i = 0
        while not stop.is_set():
            store.apply(ChangeSet(nodes={"Project": {f"PX-{i}-{j}": {"name": "并发"} for j in range(50)}}))
            i += 1

    def read() -> None:
        while not stop.is_set():
            try:
                store.names()
                store.counts()
                store.find_nodes("Need", {"status": "open"})
            except Exception as e:  # noqa: BLE001 - any failure of a read is the finding
                errors.append(e)
                stop.set()

    threads = [threading.Thread(target=write), threading.Thread(target=read), threading.Thread(target=read)]
    for t in threads:
        t.start()
    stop.wait(3 if store_kind == "embedded" else 6)
    stop.set()
    for t in threads:
        t.join(60)
    assert not errors, f"{type(errors[0]).__name__}: {errors[0]}"
