"""``serve(...)``: run the API with uvicorn (``gongjian serve``).

With ``workers`` > 1 uvicorn starts that many processes on one socket; each builds
the app with :func:`app_from_env` and opens the store itself (the embedded store then
keeps one connection and match memo per process and notices the others' writes through
``PRAGMA data_version``). The store and the tokens reach the workers through
``GONGJIAN_STORE`` and ``GONGJIAN_TOKENS``.
"""

from __future__ import annotations

import atexit
import gc
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager, closing, nullcontext
from pathlib import Path
from typing import TextIO

from fastapi import FastAPI

from gongjian.api.app import create_app
from gongjian.api.auth import ROLE_ZH, ROLES, load_tokens
from gongjian.api.escalation import DailyEscalation
from gongjian.api.logs import LOG_CONFIG
from gongjian.graph.store import Store, StoreError, check_store, open_store
from gongjian.queries import match
from gongjian.rules.loop import Policy
from gongjian.runtime import tune_gc

WORKER_FAILURE = "GONGJIAN_WORKER_FAILURE"
#: uvicorn's settings for every server: the bounded HTTP protocol (:mod:`gongjian.api.protocol`),
#: and a shutdown that cancels what is still running after a few seconds (an ingest stops).
WORKER_START_SECONDS = 60
UVICORN = {"http": "gongjian.api.protocol:BoundedHttp", "timeout_graceful_shutdown": 5, "log_level": "info"}


def demo_tokens() -> dict[str, str]:
    """A fresh random token for each role: viewer, planner, admin."""
    return {secrets.token_urlsafe(24): role for role in ROLES}


def _open_need(store: Store) -> str | None:
    _, needs = store.find_nodes("Need", {"status": "open"}, limit=1)
    return needs[0].id if needs else None


def announce(store: Store, tokens: dict[str, str], host: str, port: int, out: TextIO) -> None:
    """Print the page's address, the demo tokens and a curl to paste (Chinese, for the users)."""
    by_role = {role: next((t for t, r in tokens.items() if r == role), None) for role in ROLES}
    planner = by_role["planner"]
    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{port}"
    print(f"网页：{base}/", file=out)
    print("演示模式：本次启动生成的令牌（重启后失效）", file=out)
    for role, token in by_role.items():
        if token:
            print(f"{ROLE_ZH[role]}令牌: {token}", file=out)
    need = _open_need(store)
    if planner and need:
        print("试一试（为一条待认领需求匹配资源）：", file=out)
        print(f'curl -H "Authorization: Bearer {planner}" {base}/api/needs/{need}/matches', file=out)
    elif planner:
        print("库中没有待认领的需求；试一试健康检查：", file=out)
        print(f"curl {base}/api/health", file=out)
    print(f"接口说明：{base}/docs", file=out, flush=True)


def _prepare(store: Store) -> None:
    """Before serving: cut the resources' texts into words, then move everything made so far
    out of the cyclic GC's reach (the words cache holds a frozenset per text)."""
    match.warm_up(store)
    gc.freeze()


def app_from_env() -> FastAPI:
    """The app of one worker process: the store ``GONGJIAN_STORE`` names, the configured tokens.

    A store that cannot be read stops this worker with uvicorn's startup-failure status, on
    which the parent process stops too (rather than starting the worker again and again);
    the reason goes to the file ``GONGJIAN_WORKER_FAILURE`` names, for :func:`serve` to report.
    """
    from uvicorn.config import STARTUP_FAILURE

    tune_gc()
    try:
        store = open_store(os.environ.get("GONGJIAN_STORE"))
        _prepare(store)  # reads every area: a damaged row is found here, before serving
    except StoreError as e:
        report = os.environ.get(WORKER_FAILURE)
        if report:
            Path(report).write_text(str(e), encoding="utf-8")
        else:
            print(f"错误：{e}", file=sys.stderr, flush=True)
        sys.exit(STARTUP_FAILURE)
    atexit.register(store.close)
    return create_app(store, load_tokens())


def _daily(
    policy: Policy | None, store: Callable[[], AbstractContextManager[Store]]
) -> DailyEscalation | None:
    if policy is None:
        return None
    daily = DailyEscalation(store, policy)
    daily.start()
    return daily


def serve(
    store_uri: str | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    tokens: dict[str, str] | None = None,
    demo: bool = False,
    workers: int = 1,
    escalate: Policy | None = None,
) -> None:
    """Open the store and serve the API until interrupted.

    ``tokens`` default to ``GONGJIAN_TOKENS`` / ``GONGJIAN_TOKENS_FILE``. With ``demo``
    and no ``GONGJIAN_TOKENS``, a random viewer, planner and admin token are generated and printed.
    With ``workers`` > 1 each worker process opens the store; this one only checks that it
    opens (:func:`check_store`), or, for the demo's example, opens it too. With ``escalate``
    the loop's escalation runs once a day under that policy (:class:`DailyEscalation`): with
    one process on its store, with several in this process on a store it opens for each run.
    """
    import uvicorn

    demo = demo and tokens is None and not os.environ.get("GONGJIAN_TOKENS")
    store = open_store(store_uri) if workers <= 1 or demo else None
    uri = store.uri if store is not None else check_store(store_uri)
    try:
        if tokens is None:
            tokens = load_tokens()
        if demo:
            generated = demo_tokens()
            tokens = {**tokens, **generated}
            announce(store, generated, host, port, sys.stdout)  # never a configured token
        if not tokens:
            print(
                "警告：没有配置令牌（GONGJIAN_TOKENS 或 GONGJIAN_TOKENS_FILE），除 /api/health 外的接口都会返回 401",
                file=sys.stderr,
            )
        if workers <= 1:
            _prepare(store)
            daily = _daily(escalate, lambda s=store: nullcontext(s))
            uvicorn.run(create_app(store, tokens), host=host, port=port, log_config=LOG_CONFIG, **UVICORN)
            if daily is not None:
                daily.stop()
            return
    finally:
        if store is not None:
            store.close()
    del store  # each worker opens its own; this process keeps no graph
    os.environ["GONGJIAN_STORE"] = uri
    os.environ["GONGJIAN_TOKENS"] = ",".join(f"{t}:{r}" for t, r in tokens.items())
    os.environ.pop("GONGJIAN_TOKENS_FILE", None)  # its tokens are in GONGJIAN_TOKENS now
    daily = _daily(escalate, lambda: closing(open_store(uri)))
    with tempfile.TemporaryDirectory(prefix="gongjian-serve-") as scratch:
        failure = Path(scratch) / "worker-failure.txt"
        os.environ[WORKER_FAILURE] = str(failure)
        uvicorn.run(
            "gongjian.api.serve:app_from_env",
            factory=True,
            workers=workers,
            # a worker answers the parent's first ping once its store is open: on a busy
            # machine that takes longer than uvicorn's 5 s, and it would restart them in a loop
            timeout_worker_healthcheck=WORKER_START_SECONDS,
            host=host,
            port=port,
            log_config=LOG_CONFIG,
            **UVICORN,
        )
        if daily is not None:
            daily.stop()
        if failure.exists():  # a worker could not open the store, and uvicorn stopped
            raise StoreError(failure.read_text(encoding="utf-8"))
