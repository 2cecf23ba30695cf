"""A first load into an empty embedded store builds its indexes and names after the rows, in
the same transaction: the file it leaves is the one the row-by-row path leaves, and a load
that fails or is killed half-way leaves the file exactly as it was."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gongjian.graph.embedded import EmbeddedStore
from gongjian.graph.store import ChangeSet
from gongjian.ingest.limits import Stopped
from gongjian.ingest.load import ingest
from gongjian.queries.explore import search
from tests.conftest import LEDGER


def schema(db: Path) -> list[tuple]:
    """The file's tables, indexes and triggers as SQLite keeps them (root pages aside)."""
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        return rows.fetchall()


def rows_of(db: Path, table: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return sorted(con.execute(f"SELECT * FROM {table}").fetchall())


def test_a_first_load_builds_the_indexes_and_names_once_after_its_rows(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "g.db") as s:
        statements: list[str] = []
        s._con.set_trace_callback(statements.append)
        assert ingest(LEDGER, s).ok
        s._con.set_trace_callback(None)
    inserts = [i for i, q in enumerate(statements) if q.startswith("INSERT INTO nodes")]
    built = [i for i, q in enumerate(statements) if q.startswith(("CREATE INDEX", "CREATE TRIGGER"))]
    named = [i for i, q in enumerate(statements) if q.startswith("INSERT INTO names")]
    assert inserts and built and len(named) == 1  # names filled in one statement, not by a trigger a row
    assert max(inserts) < min(built) and max(inserts) < named[0]
    assert len(built) == 10  # six indexes, the unspelled names' one, three triggers


def test_a_first_load_leaves_the_file_the_row_by_row_path_leaves(tmp_path: Path) -> None:
    first, later = tmp_path / "first.db", tmp_path / "later.db"
    with EmbeddedStore(first) as s:
        assert ingest(LEDGER, s).ok
    with EmbeddedStore(later) as s:  # not empty: the ledger goes in row by row, kept by the triggers
        s.apply(ChangeSet(nodes={"Area": {"X-1": {"name": "临时区划", "level": "community"}}}))
        assert ingest(LEDGER, s).ok
        s._con.execute("DELETE FROM nodes WHERE id = 'X-1'")
    assert [r[:3] for r in schema(first)] == [r[:3] for r in schema(later)]
    for table in ("nodes", "rels", "names"):
        assert rows_of(first, table) == rows_of(later, table)
    with EmbeddedStore(first) as s:  # the triggers are back: later writes keep the names
        hits = search(s, "官渡区人民医院")
        assert hits and hits[0]["name"] == "官渡区人民医院"
        unit = hits[0]["id"]
        s.apply(ChangeSet(nodes={"Unit": {unit: {"name": "官渡区人民医院总院"}}}))
        assert ("Unit", unit, "官渡区人民医院总院") in s.names()
        assert s.integrity() == "ok"


def test_a_first_load_that_fails_half_way_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    EmbeddedStore(db).close()
    before, kept = schema(db), tmp_path / "before.db"
    shutil.copy(db, kept)
    written = []

    def progress(n: int) -> None:
        written.append(n)
        if len(written) == 3:  # rows written, indexes and triggers dropped: the client goes away
            raise Stopped("客户端已断开")

    with EmbeddedStore(db) as s:
        with pytest.raises(Stopped):
            ingest(LEDGER, s, phase=lambda desc, total: progress)
        assert s.counts() == EmbeddedStore(kept).counts()
        assert s.integrity() == "ok"
    assert schema(db) == before
    assert db.read_bytes() == kept.read_bytes()
    with EmbeddedStore(db) as s:  # and the same load then goes in whole, indexes and names too
        assert ingest(LEDGER, s).ok
        assert search(s, "官渡区人民医院")
    assert [r[:3] for r in schema(db)] == [r[:3] for r in before]


KILLED = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from gongjian.graph.embedded import EmbeddedStore
    from gongjian.ingest.load import ingest

    db, marker, data, when = sys.argv[1:]
    store = EmbeddedStore(db)
    # a small page cache: the dropped indexes and the first rows reach the WAL before the kill
    store._con.execute("PRAGMA cache_size = 10")
    seen = []

    def progress(n):
        seen.append(n)
        if when == "during" and len(seen) == 3:  # 15,000 areas written
            Path(marker).write_text("writing")
            time.sleep(600)

    assert ingest(data, store, phase=lambda desc, total: progress).ok
    Path(marker).write_text("committed")  # the process dies holding the store open
    time.sleep(600)
    """
)


def grids(folder: Path, n: int) -> Path:
    """A dataset of ``n`` grids in one community, and the areas above it."""
    folder.mkdir()
    lines = [
        "区划代码,名称,层级,上级代码",
        "530111000000,官渡区,区,",
        "530111001000,关上街道,街道,530111000000",
    ]
    lines += ["530111001001,佴家湾社区,社区,530111001000"]
    lines += [f"G{i:07d},第{i}网格,网格,530111001001" for i in range(n)]
    (folder / "areas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def kill_9(tmp_path: Path, when: str) -> tuple[Path, list[tuple], Path]:
    """Run a first load of 30,000 grids into a new file in a process of its own and kill it
    ``when``: ``during`` its write (15,000 rows in, indexes dropped), or ``after`` its commit.
    The file, its schema before the load, and the dataset."""
    db, marker = tmp_path / "g.db", tmp_path / "marker"
    EmbeddedStore(db).close()
    before = schema(db)
    data = grids(tmp_path / "grids", 30_000)
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(db), str(marker), str(data), when])
    deadline = time.monotonic() + 120
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), f"the load never got there ({when})"
    assert Path(f"{db}-wal").stat().st_size > 0  # the transaction had written to the WAL
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return db, before, data


def test_kill_9_during_a_first_load_leaves_the_empty_file(tmp_path: Path) -> None:
    db, before, data = kill_9(tmp_path, "during")
    with EmbeddedStore(db) as s:
        assert s.integrity() == "ok"
        assert sum(s.counts()["nodes"].values()) == sum(s.counts()["relationships"].values()) == 0
    assert schema(db) == before  # indexes and triggers all there
    with EmbeddedStore(db) as s:
        assert ingest(data, s).ok
        assert s.counts()["nodes"]["Area"] == 30_003
        assert [h["id"] for h in search(s, "第29999网格")] == ["G0029999"]


def test_a_committed_first_load_survives_its_process_being_killed(tmp_path: Path) -> None:
    db, before, _ = kill_9(tmp_path, "after")
    with EmbeddedStore(db) as s:
        assert s.integrity() == "ok"
        assert s.counts()["nodes"]["Area"] == 30_003
        assert s.counts()["relationships"]["PART_OF"] == 30_002
        assert [h["id"] for h in search(s, "第29999网格")] == ["G0029999"]
    assert [r[:3] for r in schema(db)] == [r[:3] for r in before]
