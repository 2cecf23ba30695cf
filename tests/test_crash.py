"""A process killed in the middle of an ingest leaves the store whole: old dataset or new, never half."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from gongjian.graph.embedded import EmbeddedStore
from gongjian.ingest.load import ingest
from tests.conftest import LEDGER

N = 300_000


def big_grid_file(folder: Path) -> Path:
    folder.mkdir()
    lines = ["区划代码,名称,层级,上级代码"]
    lines += [f"G{i:07d},第{i}网格,网格,530111001001" for i in range(N)]
    (folder / "areas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_kill_9_during_ingest(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with EmbeddedStore(db) as s:
        assert ingest(LEDGER, s).ok
        before = s.counts()
    ds = big_grid_file(tmp_path / "big")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongjian.cli", "ingest", str(ds), "--store", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = Path(str(db) + "-wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 4_000_000:  # the write transaction is under way
            break
        time.sleep(0.01)
    assert proc.poll() is None, "ingest finished before it could be killed; make the dataset bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with EmbeddedStore(db) as s:
        after = s.counts()
        assert after == before  # the killed dataset left nothing behind
        assert s.integrity() == "ok"
    # and the store still takes the dataset whole afterwards
    with EmbeddedStore(db) as s:
        assert ingest(ds, s).ok
        assert s.counts()["nodes"]["Area"] == before["nodes"]["Area"] + N


def test_kill_9_during_loop_run(tmp_path: Path) -> None:
    """Escalation writes each need's level and its events in one transaction: a killed run
    leaves every need as it was, and a second run escalates them all."""
    from gongjian.graph.store import ChangeSet, Rel
    from gongjian.queries.loop import history

    db = tmp_path / "g.db"
    n = 40_000
    areas = {"K": {"level": "county"}, "S": {"level": "street", "parent": "K"}, "C": {"level": "community", "parent": "S"},
             "G": {"level": "grid", "parent": "C"}}  # fmt: skip
    needs = {
        f"N{i:06d}": {"title": "楼道清理", "area": "G", "raised": "2025-01-02", "status": "open"}
        for i in range(n)
    }
    rels = [Rel("PART_OF", ("Area", c), ("Area", a["parent"])) for c, a in areas.items() if "parent" in a]
    rels += [Rel("RAISED_IN", ("Need", i), ("Area", "G")) for i in needs]
    with EmbeddedStore(db) as s:
        s.apply(ChangeSet(nodes={"Area": areas, "Need": needs}, rels=rels))
    run = [sys.executable, "-m", "gongjian.cli", "loop", "run", "--as-of", "2025-03-01", "--store", str(db)]
    proc = subprocess.Popen(run, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(str(db) + "-wal")
    deadline = time.monotonic() + 120
    start = wal.stat().st_size if wal.exists() else 0
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start + 4_000_000:  # the write transaction is under way
            break
        time.sleep(0.01)
    assert proc.poll() is None, "loop run finished before it could be killed; give it more needs"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with EmbeddedStore(db) as s:
        assert s.integrity() == "ok"
        assert s.counts()["nodes"]["Event"] == 0
        assert all("level" not in p for p in s.get_nodes("Need", list(needs)).values())
    assert subprocess.run(run, capture_output=True, timeout=300).returncode == 0
    with EmbeddedStore(db) as s:
        assert s.counts()["nodes"]["Event"] == 3 * n  # grid → community → street → county, each
        assert {p["level"] for p in s.get_nodes("Need", list(needs)).values()} == {"county"}
        assert [e["action"] for e in history(s, "N000007")["events"]] == ["escalated"] * 3
