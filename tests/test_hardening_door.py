"""Hardening, second round (issue 18): what a request may cost before its token is checked,
how large a body or head may be, and what a 422 echoes back."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from gongjian.api import create_app, guard
from gongjian.api.protocol import BoundedHttp
from gongjian.graph.store import Store
from tests.test_api_support import ROLE_TOKEN, TOKENS, auth, client_for, free_port


@pytest.fixture
def api(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    yield from client_for(store, monkeypatch)


class _Exploding:
    """A body that fails the test if anything reads it."""

    def __iter__(self) -> Iterator[bytes]:
        raise AssertionError("the body was read before the token was checked")


def test_a_body_without_a_valid_token_is_never_read(api: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token-at-all"}):
        r = api.post(
            "/api/needs", content=_Exploding(), headers={**headers, "Content-Type": "application/json"}
        )
        assert r.status_code == 401, r.text
        assert r.headers["www-authenticate"] == "Bearer"


def test_malformed_json_without_a_token_is_401_not_422(api: TestClient) -> None:
    r = api.post("/api/needs", content=b'{"title": ', headers={"Content-Type": "application/json"})
    assert r.status_code == 401
    assert "令牌" in r.json()["detail"]


def test_a_large_json_body_is_refused_before_it_is_read(api: TestClient) -> None:
    big = b'{"title":"' + b"x" * (guard.MAX_JSON + 10) + b'"}'
    r = api.post("/api/needs", content=big, headers={**auth("planner"), "Content-Type": "application/json"})
    assert r.status_code == 413
    assert "上限" in r.json()["detail"]
    assert len(r.content) < 200


def test_a_chunked_body_is_counted_as_it_arrives(api: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"title":"'
        for _ in range(guard.MAX_JSON // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    r = api.post(
        "/api/needs", content=chunks(), headers={**auth("planner"), "Content-Type": "application/json"}
    )
    assert r.status_code == 413, r.text


def test_ingest_keeps_its_own_larger_limit(api: TestClient) -> None:
    body = b"PK" + b"\0" * (guard.MAX_JSON + 10)  # over the JSON limit, under the upload limit
    r = api.post("/api/ingest", content=body, headers=auth("admin"))
    assert r.status_code == 422  # read, and refused as not a workbook, not as too large


def test_a_422_does_not_echo_a_large_input(api: TestClient) -> None:
    title = "标" * 5000  # over the title's 200 characters, under the body limit
    r = api.post("/api/needs", json={"title": title, "area": "530111002001"}, headers=auth("planner"))
    assert r.status_code == 422
    assert len(r.content) < 2000
    assert "未全部显示" in r.text


def test_a_small_invalid_input_is_still_echoed(api: TestClient) -> None:
    r = api.post(
        "/api/needs",
        json={"title": "标题", "area": "530111002001", "urgency": "xyz"},
        headers=auth("planner"),
    )
    assert r.status_code == 422
    assert "xyz" in r.text


def test_a_large_head_is_refused_by_the_app(api: TestClient) -> None:
    r = api.get("/api/health", headers={"X-Big": "a" * (guard.MAX_HEAD + 1)})
    assert r.status_code == 431


def test_health_and_gets_without_a_token_are_unchanged(api: TestClient) -> None:
    assert api.get("/api/health").status_code == 200
    assert api.get("/api/needs").status_code == 401


# ------------------------------------------------------- the served protocol


class _Served:
    def __init__(self, store: Store) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            create_app(store, TOKENS),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            http=BoundedHttp,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> _Served:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _raw(port: int, request: bytes, chunks: Iterator[bytes] | None = None) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        try:
            for chunk in chunks or ():
                s.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        out = b""
        try:
            while data := s.recv(65536):
                out += data
        except ConnectionResetError:
            pass
        return out


def test_a_huge_head_is_cut_off_while_it_arrives(store: Store) -> None:
    with _Served(store) as served:
        head = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: "
        answer = _raw(served.port, head, (b"a" * 65536 for _ in range(800)))  # 50 MB, never finished
        assert answer.startswith(b"HTTP/1.1 431"), answer[:100]


def _slowly(body: bytes, every: float) -> Iterator[bytes]:
    for i in range(len(body)):
        time.sleep(every)
        yield body[i : i + 1]


def test_a_body_sent_a_byte_at_a_time_is_cut_off(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A planner's client sending its need a byte every 0.1 s (the pace asked: 1 KB/s after
    0.5 s): answered 408 with the reason, the connection closed, no traceback in the log; a
    body sent at once still goes in."""
    from gongjian.api import protocol

    monkeypatch.setattr(protocol, "BODY_GRACE", 0.5)
    monkeypatch.setattr(protocol, "BODY_RATE", 1024.0)
    body = json.dumps({"title": "楼道灯坏了", "area": "530111001101"}, ensure_ascii=False).encode()
    head = (
        b"POST /api/needs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + ROLE_TOKEN["planner"].encode()
        + b"\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
    )
    with _Served(store) as served:
        answer = _raw(served.port, head, _slowly(body, 0.1))
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert "请求体发送过慢" in answer.decode()
        assert _raw(served.port, head + body).startswith(b"HTTP/1.1 201")
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text


def test_served_requests_still_work(store: Store) -> None:
    with _Served(store) as served:
        answer = _raw(served.port, b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200")


# ------------------------------------------------------- expensive routes (finding 5)


def test_gaps_are_computed_once_per_store_revision(
    api: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongjian.api.routers import gaps as gaps_router

    calls = []
    real = gaps_router.gaps

    def counting(*args: object) -> object:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(gaps_router, "gaps", counting)
    first = api.get("/api/gaps", headers=auth("viewer")).json()
    assert api.get("/api/gaps", headers=auth("planner")).json() == first
    assert len(calls) == 1
    made = api.post(
        "/api/needs", headers=auth("planner"), json={"title": "楼道灯坏了", "area": "530111001101"}
    )
    assert made.status_code == 201
    api.get("/api/gaps", headers=auth("viewer"))
    assert len(calls) == 2  # the store changed: computed again


def test_expensive_routes_are_rate_limited_per_token(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGJIAN_RATE_LIMIT", "3/0.01")
    answers = [api.get("/api/gaps", headers=auth("viewer")).status_code for _ in range(5)]
    assert answers[:3] == [200, 200, 200] and answers[3:] == [429, 429]
    r = api.get("/api/gaps", headers=auth("viewer"))
    assert "请求过于频繁" in r.json()["detail"] and int(r.headers["retry-after"]) >= 1
    assert api.get("/api/gaps", headers=auth("planner")).status_code == 200  # another token, its own bucket
    assert api.get("/api/needs", headers=auth("viewer")).status_code == 200  # cheap routes are not limited


# ------------------------------------------------------------------ smaller items


def test_one_token_with_two_roles_is_refused() -> None:
    from gongjian.api.auth import TokenError, parse_tokens

    with pytest.raises(TokenError, match="两个角色"):
        parse_tokens("same-token-0001:viewer,same-token-0001:admin")
    assert parse_tokens("same-token-0001:viewer,same-token-0001:viewer") == {"same-token-0001": "viewer"}


def test_a_token_in_the_file_and_inline_with_two_roles_is_refused(tmp_path: Path) -> None:
    from gongjian.api.auth import TokenError, load_tokens

    (tmp_path / "tokens").write_text("same-token-0001 viewer\n", encoding="utf-8")
    with pytest.raises(TokenError, match="两个角色"):
        load_tokens(
            {"GONGJIAN_TOKENS": "same-token-0001:admin", "GONGJIAN_TOKENS_FILE": str(tmp_path / "tokens")}
        )


def test_json_answers_are_neither_cached_nor_sniffed(api: TestClient) -> None:
    for r in (api.get("/api/needs", headers=auth("viewer")), api.get("/api/needs"), api.get("/api/health")):
        assert r.headers["cache-control"] == "no-store"
        assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("title", ["\u200b\u200d", "\u202e\u2066", " \ufeff ", "标题\x00"])
def test_titles_of_invisible_characters_or_nul_are_refused(api: TestClient, title: str) -> None:
    r = api.post("/api/needs", headers=auth("planner"), json={"title": title, "area": "530111001101"})
    assert r.status_code == 422, r.text


def test_bidi_and_zero_width_characters_never_reach_a_file_name() -> None:
    from gongjian.api.routers.diagrams import download_headers

    header = download_headers("需求\u202egpj.exe\u200b.csv", "needs.csv")["Content-Disposition"]
    assert "%E2%80%AE" not in header and "%E2%80%8B" not in header


def test_a_need_id_may_not_be_another_kind_of_node_nor_hold_a_slash(api: TestClient) -> None:
    body = {"title": "楼道灯坏了", "area": "530111001101"}
    r = api.post("/api/needs", headers=auth("planner"), json={**body, "id": "PS-001"})  # a person's id
    assert r.status_code == 409 and "已是" in r.text, r.text
    r = api.post("/api/needs", headers=auth("planner"), json={**body, "id": "a/b/claim"})
    assert r.status_code == 422 and "/" in r.json()["detail"][0]["msg"], r.text


def test_ingest_refuses_ids_with_a_slash(tmp_path: Path, store: Store) -> None:
    from gongjian.ingest.load import ingest

    (tmp_path / "needs.csv").write_text(
        "需求编码,需求标题,所在区划,提出日期\na/b/claim,楼道灯坏了,530111001001,2025-03-01\n",
        encoding="utf-8",
    )
    report = ingest(tmp_path, store)
    assert [p.column for p in report.rejected] == ["需求编码"] and "/" in report.rejected[0].reason


def test_ingest_refuses_an_id_another_kind_of_node_holds_in_the_store(tmp_path: Path, store: Store) -> None:
    from gongjian.ingest.load import ingest

    (tmp_path / "needs.csv").write_text(
        "需求编码,需求标题,所在区划,提出日期\n"
        "PS-001,楼道灯坏了,530111001001,2025-03-01\nN-NEW,路灯坏了,530111001001,2025-03-01\n",
        encoding="utf-8",
    )
    report = ingest(tmp_path, store, skip_invalid=True)
    assert [(p.row, p.column) for p in report.rejected] == [(2, "需求编码")]
    assert "PS-001 已是人员的编码（库中已有）" in report.rejected[0].reason, report.rejected
    assert store.get_node("Need", "PS-001") is None and store.get_node("Need", "N-NEW") is not None


@pytest.mark.parametrize("cell", ["\u200b\u200d", "\u202e\u2066", "\ufeff\u3000"])
def test_ingest_refuses_titles_of_invisible_characters(tmp_path: Path, store: Store, cell: str) -> None:
    """As the API does: a required cell of only invisible characters is empty, and refused; an
    optional one is empty. (NUL: the reader refuses the whole file, a workbook cannot hold it.)"""
    from gongjian.ingest.load import ingest

    (tmp_path / "needs.csv").write_text(
        "需求编码,需求标题,所在区划,提出日期,需求描述\n"
        f"N-BAD,{cell},530111001001,2025-03-01,\n"
        f"N-OK,路灯坏了,530111001001,2025-03-01,{cell}\n",
        encoding="utf-8",
    )
    report = ingest(tmp_path, store, skip_invalid=True)
    assert [(p.row, p.column) for p in report.rejected] == [(2, "需求标题")], report.rejected
    assert "不可见字符" in report.rejected[0].reason
    assert store.get_node("Need", "N-BAD") is None
    assert "description" not in store.get_node("Need", "N-OK").props


def test_a_cached_answer_is_only_ever_its_own_stores(tmp_path: Path) -> None:
    """Stores opened one after another (tests, a server reopening its store) may get an ``id``
    a closed one had: a cached answer (gaps) is kept by the store itself, never by its ``id``."""
    import gc

    from gongjian.api.throttle import cached
    from gongjian.graph.embedded import EmbeddedStore

    seen: dict[int, int] = {}
    for i in range(20):
        store = EmbeddedStore(tmp_path / f"{i}.db")  # each empty: revision 1, the same day
        assert cached(store, ("gaps", "530111"), lambda i=i: i) == i
        reused = id(store) in seen
        seen[id(store)] = i
        store.close()
        del store
        gc.collect()
        if reused:
            break
    assert reused  # a later store did get an earlier one's id, and still its own answer
