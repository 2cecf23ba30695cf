"""The API over real HTTP: uvicorn on a free loopback port in a thread, httpx clients."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from gongjian.api import create_app, serve
from gongjian.graph.store import ChangeSet, Rel, Store
from tests.conftest import LEDGER
from tests.test_api_support import DAY, PERSONAL, TOKENS, LiveServer, auth, free_port


@pytest.fixture
def live(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    with LiveServer(create_app(store, TOKENS)) as server:
        yield server


def test_health_and_auth_over_http(live: LiveServer, store_kind: str) -> None:
    with httpx.Client(base_url=live.url, timeout=10) as http:
        r = http.get("/api/health")
        assert r.status_code == 200 and r.json()["store"] == store_kind
        r = http.get("/api/needs")
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        r = http.get("/api/needs", headers=auth("viewer"))
        assert r.status_code == 200 and r.json()["total"] == 5
        assert r.headers["content-type"].startswith("application/json")
        assert http.post("/api/needs", headers=auth("viewer"), json={}).status_code == 403
        assert http.get("/api/needs?limit=-1", headers=auth("viewer")).status_code == 422
        assert http.get("/api/needs/N-404", headers=auth("viewer")).json() == {"detail": "需求 N-404 不存在"}
        assert http.get("/api/no-such-thing", headers=auth("viewer")).status_code == 404


def test_masking_over_http(live: LiveServer) -> None:
    urls = ["/api/committees/PF-EJW", "/api/units/91350100M000100Y43", "/api/nodes/PS-001"]
    with httpx.Client(base_url=live.url, timeout=10) as http:
        viewer = "".join(http.get(u, headers=auth("viewer")).text for u in urls)
        admin = "".join(http.get(u, headers=auth("admin")).text for u in urls)
    assert not [p for p in PERSONAL if p in viewer]
    assert "王*华" in viewer and "138****5678" in viewer
    assert "王建华" in admin and "13812345678" in admin and "11010519491231002X" in admin


def _race(live: LiveServer, claims: list[tuple[str, str]]) -> list[int]:
    """Claim concurrently from separate clients (one connection each); the status codes."""
    barrier = threading.Barrier(len(claims))
    codes: list[int] = [0] * len(claims)

    def go(i: int, need: str, resource: str) -> None:
        with httpx.Client(base_url=live.url, headers=auth("planner"), timeout=30) as http:
            http.get("/api/health")  # connect first so both requests leave together
            barrier.wait()
            codes[i] = http.post(f"/api/needs/{need}/claim", json={"resource": resource}).status_code

    threads = [threading.Thread(target=go, args=(i, *c)) for i, c in enumerate(claims)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def test_concurrent_claims_of_the_last_capacity(live: LiveServer) -> None:
    # R-03 has capacity 1 and fits both N-02 (grid of 佴家湾) and N-05 (关兴社区)
    codes = _race(live, [("N-02", "R-03"), ("N-05", "R-03")])
    assert sorted(codes) == [201, 409], codes
    with httpx.Client(base_url=live.url, headers=auth("viewer"), timeout=10) as http:
        statuses = {n: http.get(f"/api/needs/{n}").json()["status"] for n in ("N-02", "N-05")}
        assert sorted(statuses.values()) == ["claimed", "open"]
        assert http.get("/api/resources/R-03").json()["capacity_left"] == 0
        assert http.get("/api/projects?status=claimed").json()["total"] == 1


def test_concurrent_claims_of_one_need(live: LiveServer) -> None:
    codes = _race(live, [("N-01", "R-01"), ("N-01", "R-01"), ("N-01", "R-01")])
    assert sorted(codes) == [201, 409, 409], codes
    with httpx.Client(base_url=live.url, headers=auth("viewer"), timeout=10) as http:
        assert http.get("/api/resources/R-01").json()["capacity_left"] == 1  # one of 2 used, not 3


# ------------------------------------------------------------------------ serve


def test_serve_demo_prints_tokens_and_a_working_curl(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    monkeypatch.delenv("GONGJIAN_TOKENS", raising=False)
    monkeypatch.delenv("GONGJIAN_TOKENS_FILE", raising=False)
    ran: dict[str, Any] = {}

    def fake_run(app: Any, host: str, port: int, **kwargs: Any) -> None:
        out = capsys.readouterr().out
        viewer = re.search(r"查看员令牌: (\S+)", out)
        planner = re.search(r"规划员令牌: (\S+)", out)
        admin = re.search(r"管理员令牌: (\S+)", out)
        assert "网页：http://127.0.0.1:8765/\n" in out and viewer, out
        curl = re.search(
            r'curl -H "Authorization: Bearer (\S+)" http://127\.0\.0\.1:8765(/api/needs/\S+)', out
        )
        assert planner and admin and curl, out
        assert curl[1] == planner[1] and curl[2] == "/api/needs/N-01/matches"
        client = TestClient(app)
        r = client.get(curl[2], headers={"Authorization": f"Bearer {curl[1]}"})
        ran.update(host=host, port=port, status=r.status_code, matches=len(r.json()["matches"]))
        who = client.get("/api/nodes/PS-001", headers={"Authorization": f"Bearer {admin[1]}"})
        ran["admin_sees"] = who.json()["name"]
        me = client.get("/api/me", headers={"Authorization": f"Bearer {viewer[1]}"})
        ran["viewer_is"] = me.json()["role"]

    monkeypatch.setattr(uvicorn, "run", fake_run)
    serve(store.uri, host="127.0.0.1", port=8765, demo=True)
    assert ran == {
        "host": "127.0.0.1",
        "port": 8765,
        "status": 200,
        "matches": 1,
        "admin_sees": "王建华",
        "viewer_is": "viewer",
    }


def test_serve_uses_configured_tokens_and_warns_without(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append(app))
    monkeypatch.setenv("GONGJIAN_TOKENS", "configured-token:viewer")
    serve(store.uri, demo=True)  # tokens are configured: nothing generated
    out = capsys.readouterr()
    assert "令牌:" not in out.out and apps[-1].state.tokens == {"configured-token": "viewer"}
    monkeypatch.delenv("GONGJIAN_TOKENS")
    monkeypatch.delenv("GONGJIAN_TOKENS_FILE", raising=False)
    serve(store.uri)
    assert "没有配置令牌" in capsys.readouterr().err and apps[-1].state.tokens == {}


def test_last_resort_500_reaches_the_client(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        uri = "broken.db"

        def __getattr__(self, name: str) -> Any:
            def boom(*args: Any, **kwargs: Any) -> Any:
                raise RuntimeError("bug in a store")

            return boom

    with (
        LiveServer(create_app(Broken(), TOKENS)) as server,  # type: ignore[arg-type]
        httpx.Client(base_url=server.url, timeout=10) as http,
    ):
        r = http.get("/api/needs", headers=auth("viewer"))
        assert r.status_code == 500 and "内部错误" in r.json()["detail"] and "bug" not in r.text
        assert http.get("/api/health").status_code == 503  # the same connection still answers
    assert any(rec.exc_info and rec.exc_info[0] is RuntimeError for rec in caplog.records)


def test_serve_with_workers_hands_store_and_tokens_to_each_worker(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from gongjian.api.serve import app_from_env

    runs: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: runs.append((app, kw)))
    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    for name in ("GONGJIAN_STORE", "GONGJIAN_TOKENS", "GONGJIAN_TOKENS_FILE"):
        monkeypatch.setenv(name, "x")  # so that monkeypatch restores what serve() sets
        monkeypatch.delenv(name)
    serve(store.uri, tokens=TOKENS, workers=2)
    [(target, kwargs)] = runs
    assert target == "gongjian.api.serve:app_from_env" and kwargs["factory"] and kwargs["workers"] == 2
    app = app_from_env()  # what each worker process does
    try:
        assert app.state.tokens == TOKENS
        with TestClient(app) as client:
            r = client.get("/api/needs/N-01/matches", headers=auth("viewer"))
            assert r.status_code == 200 and r.json()["matches"][0]["resource"]["id"] == "R-01"
    finally:
        app.state.store.close()


def _served_ledger(tmp_path: Path) -> tuple[Path, int, dict[str, str]]:
    """A store holding the fixture ledger, a free port, and the environment `gongjian serve` runs in."""
    from gongjian.graph.embedded import EmbeddedStore
    from gongjian.ingest.load import ingest

    db = tmp_path / "gongjian.db"
    with EmbeddedStore(db) as store:
        assert ingest(LEDGER, store).ok
    port = free_port()
    env = {
        **os.environ,
        "GONGJIAN_TODAY": DAY,
        "GONGJIAN_TOKENS": ",".join(f"{t}:{r}" for t, r in TOKENS.items()),
    }
    env.pop("GONGJIAN_TOKENS_FILE", None)
    return db, port, env


@pytest.mark.slow
def test_serve_workers_share_one_embedded_store(tmp_path: Path) -> None:
    """`gongjian serve --workers 2`: two processes, and a write through one is read through either."""
    db, port, env = _served_ledger(tmp_path)
    cmd = [
        sys.executable,
        "-m",
        "gongjian.cli",
        "serve",
        "--workers",
        "2",
        "--port",
        str(port),
        "--store",
        str(db),
    ]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        if children.exists():  # Linux: the two workers (beside multiprocessing's resource tracker)
            cmdlines = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in children.read_text().split()]
            assert sum(b"spawn_main" in c for c in cmdlines) == 2, cmdlines
        new = {"id": "N-WORKERS", "title": "楼道灯维修", "area": "530111001002"}
        r = httpx.post(f"{url}/api/needs", headers=auth("planner"), json=new, timeout=30)
        assert r.status_code == 201, r.text
        for _ in range(8):  # a new connection each: either worker may answer
            r = httpx.get(f"{url}/api/needs/N-WORKERS", headers=auth("viewer"), timeout=30)
            assert r.status_code == 200 and r.json()["title"] == "楼道灯维修"
            r = httpx.get(f"{url}/api/needs/N-01/matches", headers=auth("viewer"), timeout=30)
            assert r.status_code == 200 and r.json()["matches"][0]["resource"]["id"] == "R-01"
            assert not [p for p in PERSONAL if p in r.text]
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "Traceback" not in err, err[-3000:]


def test_matches_in_parallel_answer_as_one_at_a_time(live: LiveServer) -> None:
    """Many clients at once get exactly the answers each would get alone (on the embedded
    store matches run on the event loop, on Neo4j in worker threads)."""
    urls = ["/api/needs/N-01/matches", "/api/needs/N-02/matches", "/api/needs/N-03/matches"] * 4
    with httpx.Client(base_url=live.url, headers=auth("viewer"), timeout=30) as http:
        expected = {u: http.get(u).json() for u in set(urls)}
    got: list[Any] = [None] * len(urls)

    def one(i: int) -> None:
        with httpx.Client(base_url=live.url, headers=auth("viewer"), timeout=30) as http:
            got[i] = http.get(urls[i]).json()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(urls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [expected[u] for u in urls]


def test_a_long_write_does_not_stop_the_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A match asked while another thread writes (an ingest can take a minute) waits for the
    write in a worker thread; the event loop goes on answering everything else. (The embedded
    store's write holds the process's store lock; a Neo4j write holds nothing here.)"""
    from gongjian.graph.embedded import EmbeddedStore
    from gongjian.ingest.load import ingest

    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    store = EmbeddedStore(tmp_path / "g.db")
    assert ingest(LEDGER, store).ok
    holding, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with store.transaction():  # what an ingest holds while it writes
            holding.set()
            release.wait(30)

    live = LiveServer(create_app(store, TOKENS))
    writer = threading.Thread(target=long_write)
    asker = httpx.Client(base_url=live.url, timeout=30, headers=auth("viewer"))
    try:
        with live, ThreadPoolExecutor(1) as pool, asker, httpx.Client(base_url=live.url, timeout=30) as http:
            writer.start()
            assert holding.wait(10)
            match = pool.submit(asker.get, "/api/needs/N-01/matches")
            time.sleep(0.5)  # the match has arrived and waits for the write
            assert not match.done()
            t = time.monotonic()
            spec = http.get("/openapi.json")
            assert spec.status_code == 200 and time.monotonic() - t < 5  # the loop was not stopped
            release.set()
            r = match.result(timeout=30)
            assert r.status_code == 200 and r.json()["matches"][0]["resource"]["id"] == "R-01"
    finally:
        release.set()
        writer.join(10)
        store.close()


def test_a_match_follows_a_write_committed_by_another_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process's commit (here another handle on the file: SQLite tells them apart the
    same way) is loaded before the next match answers, though the server had its links
    worked out and kept (Store.warm_up)."""
    from gongjian.graph.embedded import EmbeddedStore
    from gongjian.ingest.load import ingest

    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    store = EmbeddedStore(tmp_path / "g.db")
    assert ingest(LEDGER, store).ok
    store.warm_up()
    live = LiveServer(create_app(store, TOKENS))
    try:
        with live, httpx.Client(base_url=live.url, timeout=30, headers=auth("viewer")) as http:
            before = http.get("/api/needs/N-01/matches").json()["matches"]
            assert "R-NEW" not in {m["resource"]["id"] for m in before}
            with EmbeddedStore(tmp_path / "g.db") as other:
                other.apply(
                    ChangeSet(
                        nodes={"Resource": {"R-NEW": {"title": "康复器具租借", "category": "disability"}}},
                        rels=[Rel("OFFERS", ("Unit", "91350100M000100Y43"), ("Resource", "R-NEW"))],
                    )
                )
            after = http.get("/api/needs/N-01/matches").json()["matches"]
            assert "R-NEW" in {m["resource"]["id"] for m in after}
    finally:
        store.close()


def test_the_server_logs_in_chinese(tmp_path: Path) -> None:
    """`gongjian serve`: uvicorn's lines, the access log and a port in use, in Chinese."""
    db, port, env = _served_ledger(tmp_path)
    cmd = [sys.executable, "-m", "gongjian.cli", "serve", "--port", str(port), "--store", str(db)]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode != 0 and f"端口 {port} 已被占用" in second.stderr, second.stderr
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert "服务进程已启动" in err and f"正在服务 http://127.0.0.1:{port}（按 Ctrl+C 停止）" in err, err
    assert "应用已启动。" in err and "正在停止" in err
    assert "访问 127.0.0.1:" in out and "GET /api/health 200" in out, out
    assert not [
        w for w in ("INFO", "Uvicorn running", "Started server", "Application startup") if w in out + err
    ]
