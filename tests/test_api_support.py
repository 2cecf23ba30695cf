"""Shared by the API tests: tokens, a client per store kind, a real uvicorn server in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gongjian.api import create_app
from gongjian.graph.store import Store
from tests.conftest import TODAY

DAY = TODAY.isoformat()
TOKENS = {
    "viewer-token-0001": "viewer",
    "planner-token-0001": "planner",
    "admin-token-0001": "admin",
}
ROLE_TOKEN = {role: token for token, role in TOKENS.items()}


def auth(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {ROLE_TOKEN[role]}"}


#: Personal data in the fixture ledger that only an admin may see whole.
PERSONAL = (
    "13812345678",  # 官渡区人民医院 contact's phone
    "张三明",  # its contact
    "李四",  # 律师事务所 contact
    "63123456",  # its landline
    "王建华",  # PS-001
    "11010519491231002X",  # PS-001's ID number
    "13987654321",  # PS-001's phone
    "赵敏",  # PS-002
    "13700001111",  # PS-002's phone
)


def client_for(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A test client over ``store`` (the fixture ledger), today pinned to the fixture's day.

    Each API test module makes it its ``api`` fixture: ``yield from client_for(store, monkeypatch)``.
    """
    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    with TestClient(create_app(store, TOKENS)) as client:
        yield client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The app served by uvicorn on a free loopback port, in a thread (the "API over HTTP" standard)."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
