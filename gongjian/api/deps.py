"""Dependencies: the store, and the caller's role from the bearer token."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from gongjian.api.auth import ROLE_ZH, allows, role_of
from gongjian.api.schemas.answers import Error
from gongjian.graph.store import Store

T = TypeVar("T")

bearer = HTTPBearer(auto_error=False, description="令牌：Authorization: Bearer <token>")


async def get_store(request: Request) -> Store:
    # async, though it only reads an attribute: FastAPI runs a sync dependency in its
    # thread pool, a hand-off that costs more than the lookup
    return request.app.state.store


async def run_query(request: Request, query: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``query(store, *args, **kwargs)`` on the app's store, for an async route: here, on the
    event loop, when the store can read at once (:meth:`Store.read_here`), else in a worker
    thread. (The route needs no store dependency: one less for FastAPI to solve, ≈12 µs.)

    The embedded store's reads are short lookups in a local SQLite file and Python over
    what they return, under the store's lock: in a thread one would hold the lock and most
    of the GIL all the same, and only add the hand-off (≈0.25 ms, a quarter of a match)
    and, with many at once, turns on the GIL that are not first come first served. On the
    loop, matches run one at a time, in the order their requests arrived, each to its end
    (1–10 ms). But not while a write holds the store (an ingest can take a minute): the
    loop would stop with it, for every request; the read then waits in a thread.
    """
    store = request.app.state.store
    with store.read_here() as here:
        if here:
            return query(store, *args, **kwargs)
    return await anyio.to_thread.run_sync(functools.partial(query, store, *args, **kwargs))


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
        request.state.role = role  # read by answers.JSON as it masks (and by the masking safety net)
        if not allows(role, needed):
            raise HTTPException(
                403, f"权限不足：此操作需要{ROLE_ZH[needed]}（{needed}）或更高角色，当前为{ROLE_ZH[role]}"
            )
        return Caller(role)

    caller.__name__ = f"require_{needed}"
    return caller


#: What a route behind a token may answer besides its own answer (for the OpenAPI document).
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Error, "description": "缺少令牌或令牌无效"},
    403: {"model": Error, "description": "角色权限不足"},
}

viewer = require("viewer")
planner = require("planner")
admin = require("admin")

StoreDep = Annotated[Store, Depends(get_store)]
ViewerDep = Annotated[Caller, Depends(viewer)]
PlannerDep = Annotated[Caller, Depends(planner)]
AdminDep = Annotated[Caller, Depends(admin)]
