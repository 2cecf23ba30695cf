"""Hardening: faults — a process killed mid-write, the database going away, a damaged store file.

- kill -9 of an ingest into Neo4j in the middle of its write transaction: the database
  holds the old dataset, whole, and takes the next write at once (the embedded case is
  tests/test_crash.py).
- Neo4j stopped while the API serves: requests get 503 with a message naming Neo4j (never
  a 500), and the service answers again once Neo4j is back — on a throwaway Neo4j of this
  test's own (tools/neo4j-local), never the shared test server.
- A store file that is not a gongjian store, or is damaged (cut short, a page overwritten):
  refused with StoreError, and by the CLI with exit status 2 and one line, no traceback —
  never a half-opened store.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from gongjian.api import create_app
from gongjian.graph.embedded import APPLICATION_ID, SCHEMA_VERSION, EmbeddedStore
from gongjian.graph.store import ChangeSet, StoreError, check_store
from gongjian.ingest.load import ingest
from gongjian.queries.explore import search
from gongjian.rules.spelling import READINGS
from tests.conftest import LEDGER, neo4j_uri
from tests.test_api_support import TOKENS, LiveServer, auth, free_port

ROOT = Path(__file__).resolve().parent.parent
NEO4J_LOCAL = ROOT / "tools" / "neo4j-local"
PAGE = 4096  # SQLite's default page size, the embedded store's

# ------------------------------------------------------- kill -9 into Neo4j

N_GRIDS = 100_000


def grids(folder: Path, n: int, prefix: str = "G") -> Path:
    """A dataset of ``n`` grid areas under the fixture's 佴家湾社区 (n nodes and n PART_OF)."""
    folder.mkdir()
    lines = ["区划代码,名称,层级,上级代码"]
    lines += [f"{prefix}{i:07d},第{i}网格,网格,530111001001" for i in range(n)]
    (folder / "areas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _writes_under_way(driver: object) -> list[dict]:
    """The transactions on the server writing rows (an ingest's CREATE or MERGE), other than ours."""
    with driver.session() as s:  # type: ignore[attr-defined]
        rows = s.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery, status, elapsedTime").data()
    return [
        r for r in rows if "UNWIND $rows" in (r["currentQuery"] or "") and "SHOW" not in r["currentQuery"]
    ]


@pytest.mark.neo4j
@pytest.mark.slow
def test_kill_9_during_an_ingest_into_neo4j(tmp_path: Path) -> None:
    import neo4j

    from gongjian.graph.neo4j import Neo4jStore

    uri = neo4j_uri()
    with Neo4jStore(uri) as s:
        s.clear()
        assert ingest(LEDGER, s).ok
        before = s.counts()
    ds = grids(tmp_path / "big", N_GRIDS)
    driver = neo4j.GraphDatabase.driver(uri, auth=None)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gongjian.cli", "ingest", str(ds), "--store", uri, "--json"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 180
        seen: list[dict] = []
        while time.monotonic() < deadline and proc.poll() is None and not seen:
            seen = _writes_under_way(driver)
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest finished before it could be killed; make the dataset bigger"
        assert seen, "no write transaction seen on the server"
        time.sleep(1.0)  # several batches of the one transaction are on the server by now
        assert proc.poll() is None, "the ingest committed before it could be killed; make the dataset bigger"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with Neo4jStore(uri) as s:
            assert s.counts() == before  # the killed dataset left nothing behind
        deadline = time.monotonic() + 60  # the server rolls the orphaned transaction back
        while _writes_under_way(driver) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _writes_under_way(driver)
    finally:
        driver.close()
    # and the database takes the next dataset at once (no lock left behind)
    with Neo4jStore(uri) as s:
        t = time.monotonic()
        assert ingest(grids(tmp_path / "small", 3, prefix="H"), s).ok
        assert time.monotonic() - t < 30
        after = s.counts()
        assert after["nodes"]["Area"] == before["nodes"]["Area"] + 3
        assert after["relationships"]["PART_OF"] == before["relationships"]["PART_OF"] + 3


# -------------------------------------------------------- Neo4j goes away


def _neo4j_local(command: str, data: Path, port: int | None = None) -> subprocess.CompletedProcess[str]:
    args = [str(NEO4J_LOCAL / command), "--data", str(data)]
    if port is not None:
        args += ["--port", str(port)]
    env = {**os.environ, "NEO4J_LOCAL_HEAP": "512m", "NEO4J_LOCAL_PAGECACHE": "64m"}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=400)


@pytest.fixture
def own_neo4j(tmp_path: Path) -> Iterator[tuple[str, Path, int]]:
    """A throwaway Neo4j on a free port and a temporary data folder: (uri, data, port)."""
    data, port = tmp_path / "neo4j", free_port()
    started = _neo4j_local("start", data, port)
    if started.returncode != 0 or not started.stdout.strip():
        why = (started.stderr or started.stdout).strip().splitlines()[-3:]
        if os.environ.get("GONGJIAN_REQUIRE_NEO4J"):
            pytest.fail(f"tools/neo4j-local could not start a Neo4j: {why}")
        pytest.skip(f"tools/neo4j-local could not start a Neo4j here (needs Java 17 and Maven): {why}")
    try:
        yield started.stdout.strip().splitlines()[-1], data, port
    finally:
        _neo4j_local("stop", data)


def _get(url: str, **kw: object) -> httpx.Response:
    return httpx.request(kw.pop("method", "GET"), url, timeout=120, **kw)  # type: ignore[arg-type]


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_outage_is_a_503_and_the_service_recovers(
    own_neo4j: tuple[str, Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongjian.graph.neo4j import Neo4jStore

    uri, data, port = own_neo4j
    monkeypatch.setenv("GONGJIAN_TODAY", "2026-11-21")
    store = Neo4jStore(uri)
    try:
        assert ingest(LEDGER, store).ok
        with LiveServer(create_app(store, TOKENS)) as server:
            need = f"{server.url}/api/needs/N-01"
            assert _get(need, headers=auth("viewer")).status_code == 200

            stopped = _neo4j_local("stop", data)
            assert stopped.returncode == 0, stopped.stderr
            calls = {
                "need": dict(url=need, headers=auth("viewer")),
                "matches": dict(url=f"{need}/matches", headers=auth("planner")),
                "claim": dict(
                    url=f"{need}/claim", method="POST", headers=auth("planner"), json={"resource": "R-01"}
                ),
                "search": dict(url=f"{server.url}/api/search?q=关上", headers=auth("admin")),
            }
            calls["health"] = dict(url=f"{server.url}/api/health")

            def timed(kw: dict) -> tuple[httpx.Response, float]:
                t = time.monotonic()
                return _get(**kw), time.monotonic() - t

            with ThreadPoolExecutor(len(calls)) as pool:
                answers = dict(zip(calls, pool.map(timed, calls.values()), strict=True))
            for what, (r, _) in answers.items():
                assert r.status_code == 503, (what, r.status_code, r.text[:300])
                assert "Neo4j" in r.json()["detail"], (what, r.text[:300])
                if what == "health":
                    assert r.json()["status"] == "unavailable"
                else:
                    assert r.headers.get("retry-after")
            took = {what: round(s, 1) for what, (_, s) in answers.items()}
            print(f"\nNeo4j down: 503 after {took} s: {answers['need'][0].json()['detail']}")

            restarted = _neo4j_local("start", data, port)
            assert restarted.returncode == 0, restarted.stderr[-2000:]
            t = time.monotonic()
            deadline = t + 60
            r = _get(need, headers=auth("viewer"))
            while r.status_code != 200 and time.monotonic() < deadline:
                assert r.status_code == 503, (r.status_code, r.text[:300])
                time.sleep(0.5)
                r = _get(need, headers=auth("viewer"))
            assert r.status_code == 200, r.text[:300]
            print(f"Neo4j back: 200 again {time.monotonic() - t:.1f} s after it answered")
            assert r.json()["title"]
            assert _get(f"{need}/matches", headers=auth("viewer")).status_code == 200
            assert _get(f"{server.url}/api/health").status_code == 200
    finally:
        store.close()


# ------------------------------------------------ damaged or foreign files


def _real_store(path: Path) -> Path:
    """A store file of a few hundred pages: the fixture ledger and 5,000 grid areas, checkpointed."""
    with EmbeddedStore(path) as s:
        assert ingest(LEDGER, s).ok
        rows = {f"G{i:05d}": {"name": f"第{i}网格" * 4, "level": "grid"} for i in range(5000)}
        s.apply(ChangeSet(nodes={"Area": rows}))
    assert not Path(f"{path}-wal").exists()  # the last close checkpointed the WAL into the file
    return path


def _root_pages(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0"))
    finally:
        con.close()


def _overwrite_page(path: Path, page: int) -> None:
    """Garbage over one page (numbered from 1, as SQLite does)."""
    with open(path, "r+b") as f:
        f.seek((page - 1) * PAGE)
        f.write(bytes([0xDE, 0xAD, 0xBE, 0xEF]) * (PAGE // 4))


def _foreign(path: Path, kind: str) -> None:
    if kind == "random-bytes":
        path.write_bytes(bytes((i * 7919) % 256 for i in range(20_000)))
    elif kind == "text":
        path.write_text("区划代码,名称\n530000000000,云南省\n", encoding="utf-8")
    elif kind in ("other-sqlite", "empty-sqlite", "newer-gongjian"):
        con = sqlite3.connect(path)
        if kind == "other-sqlite":
            con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
            con.execute("INSERT INTO invoices VALUES (1, 9.5)")
        elif kind == "empty-sqlite":
            con.execute("PRAGMA user_version = 3")  # writes a header page: a database with nothing in it
        else:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute("PRAGMA user_version = 99")
        con.commit()
        con.close()


FOREIGN = ["random-bytes", "text", "other-sqlite", "empty-sqlite", "newer-gongjian"]
#: Damage done to a real store: cut short, or garbage over the root page of a table or an index.
DAMAGE = [
    "cut-25%",
    "cut-50%",
    "cut-75%",
    "cut-last-page",
    "page-1",
    "nodes",
    "rels",
    "nodes_by_id",
    "rels_by_dst",
    "names_unspelled",
]
# Index damage too must be refused on opening: the store reads every index through then.
# The index cases damage a schema-1 store (which has two; opening it drops them).
SCHEMA_1_INDEXES = (
    "CREATE INDEX nodes_by_id ON nodes (id)",
    "CREATE INDEX rels_by_dst ON rels (type, dst_label, dst_id)",
)


def _as_schema_3(path: Path) -> Path:
    """Make a store look as one written by the third version: names without their pinyin."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            con.execute(f"DROP TRIGGER {name}")
        con.execute("DROP INDEX names_unspelled")
        con.execute("ALTER TABLE names DROP COLUMN spelled")
        con.execute("DROP TABLE meta")
        con.execute(
            "CREATE TRIGGER names_insert AFTER INSERT ON nodes BEGIN INSERT INTO names "
            "SELECT new.label, new.id, json_extract(new.props, '$.name'), json_extract(new.props, '$.aliases') "
            "WHERE json_extract(new.props, '$.name') IS NOT NULL; END"
        )
        con.execute("PRAGMA user_version = 3")
        con.execute(
            """INSERT INTO nodes VALUES ('Unit', 'U-NEW', '{"name": "新建单位", "aliases": ["新单"]}')"""
        )
    finally:
        con.close()
    return path


def _as_schema_4(path: Path) -> Path:
    """Make a store look as one written by the fourth version: no ``meta`` table, so nothing
    says which readings spelled its names (here one reads otherwise than this pypinyin's)."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("DROP TABLE meta")
        con.execute("UPDATE names SET spelled = 'nailongshequ|nlsq' WHERE id = '530111001001'")
        con.execute("PRAGMA user_version = 4")
    finally:
        con.close()
    return path


def _as_schema_2(path: Path) -> Path:
    """Make a store look as one written by the second version: the two tables, nothing else."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for kind, name in con.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
        ).fetchall():
            con.execute(f"DROP {kind} {name}")
        con.execute("DROP TABLE names")
        con.execute("DROP TABLE meta")
        con.execute("PRAGMA user_version = 2")
    finally:
        con.close()
    return path


def _as_schema_1(path: Path) -> Path:
    """Make a store look as one written by the first version: two secondary indexes."""
    _as_schema_2(path)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for sql in SCHEMA_1_INDEXES:
            con.execute(sql)
        con.execute("PRAGMA user_version = 1")
    finally:
        con.close()
    return path


def _damage(path: Path, damage: str) -> None:
    _real_store(path)
    if damage.endswith(("_by_id", "_by_dst")):
        _as_schema_1(path)
    size = path.stat().st_size
    if damage.startswith("cut-"):
        keep = size - PAGE if damage == "cut-last-page" else size * int(damage[4:-1]) // 100 // PAGE * PAGE
        os.truncate(path, keep)
    elif damage == "page-1":
        _overwrite_page(path, 1)
    else:
        _overwrite_page(path, _root_pages(path)[damage])


def _bad_file(tmp_path: Path, case: str) -> Path:
    path = tmp_path / f"{case}.db"
    if case in FOREIGN:
        _foreign(path, case)
    else:
        _damage(path, case)
    return path


CASES = [pytest.param(case, id=case) for case in FOREIGN + DAMAGE]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_store_file_is_refused(tmp_path: Path, case: str) -> None:
    path = _bad_file(tmp_path, case)
    content = path.read_bytes()
    # a store that opens must be whole (read and written through every index), or be refused
    with pytest.raises(StoreError) as e, EmbeddedStore(path) as s:
        s.counts()
        s.apply(ChangeSet(nodes={"Area": {f"G{i:05d}": {"name": "改"} for i in range(0, 5000, 7)}}))
        pytest.fail(f"opened a damaged file; integrity: {s.integrity()[:300]}")
    message = str(e.value)
    assert path.name in message and "\n" not in message, message
    assert "gongjian" in message or "损坏" in message, message
    if case in FOREIGN:
        assert path.read_bytes() == content  # a file that is not ours is never written to


@pytest.mark.parametrize("case", CASES)
def test_the_check_without_the_graph_refuses_what_opening_refuses(tmp_path: Path, case: str) -> None:
    """``serve --workers`` checks the store this way before its workers open it."""
    path = _bad_file(tmp_path, case)
    with pytest.raises(StoreError) as e:
        check_store(str(path))
    assert path.name in str(e.value) and "\n" not in str(e.value), e.value


def test_the_check_without_the_graph_passes_a_whole_store(tmp_path: Path) -> None:
    for path in (_real_store(tmp_path / "new.db"), _as_schema_1(_real_store(tmp_path / "old.db"))):
        assert check_store(str(path)) == str(path)


@pytest.mark.parametrize("case", ["other-sqlite", "rels"])
def test_serve_with_workers_refuses_a_bad_store_file_in_one_message(tmp_path: Path, case: str) -> None:
    path = _bad_file(tmp_path, case)
    r = _cli("serve", "--workers", "2", "--port", str(free_port()), "--store", str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr[-1500:]
    assert "错误" in r.stderr and path.name in r.stderr.replace("\n", ""), r.stderr


def test_properties_that_are_not_json_cannot_be_written_into_the_file(tmp_path: Path) -> None:
    """A hand edit that leaves a row's properties not JSON is refused by the file itself (its
    indexes read the properties), so the store never meets one; a row damaged on disk is a
    damaged page, refused as the cases above are."""
    path = _real_store(tmp_path / "garbled.db")
    con = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="malformed JSON"):
            con.execute(
                "UPDATE nodes SET props = '{\"name\": \"半截' WHERE label = 'Area' AND id = '530111001001'"
            )
    finally:
        con.close()
    with EmbeddedStore(path) as s:
        assert s.get_node("Area", "530111001001").props["name"]


def test_a_name_written_by_another_sqlite_client_is_searched_in_pinyin(tmp_path: Path) -> None:
    """The file stays writable by any SQLite client (its triggers need nothing of gongjian's):
    a name written so is found in pinyin at once, and spelled in the file by the next write."""
    path = _real_store(tmp_path / "edited.db")
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute(
            """UPDATE nodes SET props = json_set(props, '$.name', '乌龙社区') WHERE id = '530111001001'"""
        )
        assert con.execute("SELECT count(*) FROM names WHERE spelled IS NULL").fetchone() == (1,)
    finally:
        con.close()
    with EmbeddedStore(path) as s:
        assert s.names_spelled("wulong", "wulong") == [
            ("Area", "530111001001", "乌龙社区", "wulongshequ", "wlsq")
        ]
        assert [h["id"] for h in search(s, "wlsq")] == ["530111001001"]
        s.apply(ChangeSet(nodes={"Unit": {"U-X": {"name": "新单位"}}}))
        assert s.names_spelled("wulong", "wulong") == [
            ("Area", "530111001001", "乌龙社区", "wulongshequ", "wlsq")
        ]
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT spelled FROM names WHERE id = '530111001001'").fetchone() == (
            "wulongshequ|wlsq",
        )
        assert con.execute("SELECT count(*) FROM names WHERE spelled IS NULL").fetchone() == (0,)
    finally:
        con.close()


def test_names_spelled_with_other_readings_are_spelled_again_on_opening(tmp_path: Path) -> None:
    """A file whose names were spelled by another pypinyin (upgraded since) is spelled again,
    once, when a process with other readings opens it: what a user types in pinyin is compared
    with spellings made alike."""
    path = _real_store(tmp_path / "upgraded.db")
    con = sqlite3.connect(path, isolation_level=None)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'spelled_with'").fetchone() == (READINGS,)
        con.execute("UPDATE meta SET value = 'pypinyin 0.0.1' WHERE key = 'spelled_with'")
        con.execute("UPDATE names SET spelled = 'nailongshequ|nlsq' WHERE id = '530111001001'")
    finally:
        con.close()
    with EmbeddedStore(path) as s:
        assert s.names_spelled("nlsq", "nlsq") == []
        assert search(s, "erjiawanshequ")[0]["id"] == "530111001001"
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT value FROM meta").fetchall() == [(READINGS,)]
        assert con.execute("SELECT spelled FROM names WHERE id = '530111001001'").fetchone() == (
            "erjiawanshequ|ejwsq",
        )
    finally:
        con.close()


@pytest.mark.parametrize(
    "older",
    [_as_schema_1, _as_schema_2, _as_schema_3, _as_schema_4],
    ids=["schema-1", "schema-2", "schema-3", "schema-4"],
)
def test_an_older_store_is_migrated_and_its_indexes_stay_whole_through_writes(
    tmp_path: Path, older: Callable[[Path], Path]
) -> None:
    """Opening a file of an earlier version builds schema 5's indexes and names table, with the
    names' pinyin, once: it then answers as a new file does, and stays whole through writes."""
    path = older(_real_store(tmp_path / "old.db"))
    fresh = _real_store(tmp_path / "new.db")
    with EmbeddedStore(path) as old, EmbeddedStore(fresh) as new:
        if older is _as_schema_3:  # a unit written by the third version's triggers, unspelled
            assert old.names_spelled("xjdw", "xjdw") == [
                ("Unit", "U-NEW", "新建单位", "xinjiandanwei", "xjdw"),
                ("Unit", "U-NEW", "新单", "xindan", "xd"),
            ]
            new.apply(ChangeSet(nodes={"Unit": {"U-NEW": {"name": "新建单位", "aliases": ["新单"]}}}))
        assert old.counts() == new.counts()
        assert sorted(old.names()) == sorted(new.names())  # the names table, filled on migrating
        for latin in ("erjiawan", "ejw", "guandu", "renmin", "xd", "nlsq"):
            assert sorted(old.names_spelled(latin, latin)) == sorted(new.names_spelled(latin, latin))
        assert old.find_nodes("Need", {"status": "open"}) == new.find_nodes("Need", {"status": "open"})
        for s in (old, new):  # the same ledger again: every relationship column is cleared and rewritten
            report = ingest(LEDGER, s)
            assert report.ok and report.written
        assert old.counts() == new.counts()
        assert sorted(map(repr, old.iter_rels())) == sorted(map(repr, new.iter_rels()))
        assert sorted(old.names()) == sorted(new.names())

    def schema(p: Path) -> tuple[int, set[str]]:
        con = sqlite3.connect(p)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            names = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type != 'table'")}
            return con.execute("PRAGMA user_version").fetchone()[0], names
        finally:
            con.close()

    assert schema(path) == schema(fresh)
    assert schema(path)[0] == SCHEMA_VERSION and "nodes_by_id" not in schema(path)[1]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "GONGJIAN_STORE")}
    return subprocess.run(
        [sys.executable, "-m", "gongjian.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("case", CASES)
def test_the_cli_refuses_a_bad_store_file_in_one_message(tmp_path: Path, case: str) -> None:
    path = _bad_file(tmp_path, case)
    for args in (["stats", "--json"], ["ingest", str(LEDGER)], ["search", "关上"]):
        r = _cli(*args, "--store", str(path))
        assert r.returncode == 2, (args, r.returncode, r.stdout[-500:], r.stderr[-1500:])
        assert "Traceback" not in r.stderr and not r.stdout.strip(), (args, r.stderr[-1500:])
        assert "错误" in r.stderr and path.name in r.stderr.replace("\n", ""), r.stderr


def test_the_cli_error_is_one_line_however_long_the_path(tmp_path: Path) -> None:
    deep = tmp_path / ("a-folder-with-a-long-name-" * 3) / "gongjian-store.db"
    deep.parent.mkdir(parents=True)
    _foreign(deep, "other-sqlite")
    r = _cli("stats", "--store", str(deep))
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
