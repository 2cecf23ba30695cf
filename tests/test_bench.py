"""bench/run works end to end at the tiny scale (figures are not checked: speed is for BENCHMARKS.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_bench_run_tiny(tmp_path: Path) -> None:
    out = tmp_path / "tiny.json"
    cmd = [
        sys.executable,
        str(ROOT / "bench" / "run"),
        "--scale",
        "tiny",
        "--stores",
        "embedded",
        "--json",
        str(out),
    ]
    neo4j = os.environ.get("GONGJIAN_TEST_NEO4J")
    if neo4j:
        cmd[cmd.index("embedded")] = "embedded,neo4j"
        cmd += ["--neo4j", neo4j]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    doc = json.loads(out.read_text())
    assert doc["scale"] == "tiny" and doc["machine"]["cpus"]
    for store, figures in doc["results"].items():
        if store.startswith("ratio"):
            continue
        assert figures["rows"] > 0 and figures["http_errors"] == 0, (store, figures)
        for key in ("ingest_rows_per_s", "open_s", "rss_mb", "match_p50_ms", "match_p99_ms", "http_match_p99_ms",
                    "committee_p99_ms", "allocation_s", "export_html_s", "mirror_s", "loop_report_county_s",
                    "loop_run_s", "scorecard_rank_s", "gaps_street_s", "gaps_county_s", "gaps_all_s",
                    "cold_cli_s"):  # fmt: skip
            assert figures[key] >= 0, (store, key)


def test_generated_data_is_kept_per_generator_source() -> None:
    """The bench's cache of generated ledgers is named by the generator's source hash: a
    changed generator makes its data again instead of benchmarking a stale copy."""
    import importlib.machinery
    import importlib.util

    from gongjian.generate import fingerprint

    loader = importlib.machinery.SourceFileLoader("bench_run", str(ROOT / "bench" / "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    assert spec is not None
    bench = importlib.util.module_from_spec(spec)
    loader.exec_module(bench)
    stale = bench.CACHE / "tiny-1-2026-11-01"  # as the cache was named before
    stale.mkdir(parents=True, exist_ok=True)
    folder = bench.dataset("tiny", 1)
    assert folder.name == f"tiny-1-2026-11-01-{fingerprint()}"
    assert (folder / "needs.csv").exists() and not stale.exists()


def test_bench_reads_measures_a_store_as_it_is(tmp_path: Path) -> None:
    """``bench/run --reads URI`` gives match and committee latencies without clearing the store."""
    from gongjian.graph.embedded import EmbeddedStore
    from gongjian.ingest.load import ingest
    from tests.conftest import LEDGER

    db = tmp_path / "kept.db"
    with EmbeddedStore(db) as store:
        assert ingest(LEDGER, store).ok
        before = store.counts()
    out = tmp_path / "reads.json"
    args = ["--scale", "tiny", "--reads", str(db), "--passes", "2", "--json", str(out)]
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run"), *args], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    doc = json.loads(out.read_text())
    assert len(doc["passes"]) == 2 and doc["machine"]["load_average"]
    for figures in doc["passes"]:
        assert figures["match_p99_ms"] >= figures["match_p50_ms"] > 0 and figures["committee_p99_ms"] > 0
    with EmbeddedStore(db) as store:
        assert store.counts() == before
