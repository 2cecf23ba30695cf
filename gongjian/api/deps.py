"""Dependencies: the store, and the caller's role from the bearer token."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from gongjian.api.auth import ROLE_ZH, allows, role_of
from gongjian.graph.store import Store

T = TypeVar("T")

bearer = HTTPBearer(auto_error=False, description="令牌：Authorization: Bearer <token>")


async def get_store(request: Request) -> Store:
    # async, though it only reads an attribute: FastAPI runs a sync dependency in its
    # thread pool, a hand-off that costs more than the lookup
    return request.app.state.store


def query_limiter(store: Store) -> anyio.CapacityLimiter | None:
    """How many heavy queries on ``store`` may run at once in this process (None: no limit of ours).

    Where reads gain nothing in parallel (``store.parallel_reads`` false: the embedded
    store's queries are pure Python, two at once only take turns on the GIL, and sixteen
    at once take turns unfairly — a match waited up to 4× the median under 16 clients),
    one at a time, first come first served, keeps the throughput and cuts that tail.
    """
    return None if store.parallel_reads else anyio.CapacityLimiter(1)


async def run_query(request: Request, query: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``query(*args, **kwargs)`` in a worker thread, within the app's :func:`query_limiter`."""
    limiter = request.app.state.query_limiter
    return await anyio.to_thread.run_sync(functools.partial(query, *args, **kwargs), limiter=limiter)


@dataclass(frozen=True, slots=True)
class Caller:
    role: str

    @property
    def unmasked(self) -> bool:
        """Only an admin sees personal data whole."""
        return self.role == "admin"


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def require(needed: str) -> Callable[..., Awaitable[Caller]]:
    """A dependency admitting callers whose role allows ``needed`` (401 without a valid token, 403 below it)."""

    async def caller(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Caller:
        if credentials is None:
            raise _unauthorized("需要令牌：请在请求头中加入 Authorization: Bearer <令牌>")
        role = role_of(request.app.state.tokens, credentials.credentials)
        if role is None:
            raise _unauthorized("令牌无效")
        request.state.role = role  # read by the masking middleware
        if not allows(role, needed):
            raise HTTPException(
                403, f"权限不足：此操作需要{ROLE_ZH[needed]}（{needed}）或更高角色，当前为{ROLE_ZH[role]}"
            )
        return Caller(role)

    caller.__name__ = f"require_{needed}"
    return caller


viewer = require("viewer")
planner = require("planner")
admin = require("admin")

StoreDep = Annotated[Store, Depends(get_store)]
ViewerDep = Annotated[Caller, Depends(viewer)]
PlannerDep = Annotated[Caller, Depends(planner)]
AdminDep = Annotated[Caller, Depends(admin)]
