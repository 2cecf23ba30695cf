"""The door (门卫): what a request may cost before anything reads it.

:class:`Guard` is the outermost middleware. Before any route, dependency or body parser
runs, it refuses

- a request head larger than :data:`MAX_HEAD` (431);
- a request under ``/api/`` that carries a body (``POST``, ``PUT``, ``PATCH``, ``DELETE``,
  or a declared body) without a valid token (401): its body is never read, so neither
  its size nor malformed JSON costs the server anything;
- a body larger than its route allows (413): :data:`MAX_JSON` for JSON routes,
  :data:`gongjian.api.routers.ingest.MAX_UPLOAD` for ``/api/ingest``. A declared
  ``Content-Length`` above the limit is refused before a byte is read; a body sent
  without one (chunked) is counted as it arrives and refused when it passes the limit.

Every answer it makes is JSON with the reason in Chinese. The head limit is also
enforced while the head is still arriving by :mod:`gongjian.api.protocol`, the HTTP
protocol ``gongjian serve`` runs; this check covers the app served any other way.
"""

from __future__ import annotations

import os

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gongjian.api.answers import JSON
from gongjian.api.auth import role_of
from gongjian.api.watch import WatchedSend

#: Largest request head (request line and headers) in bytes.
MAX_HEAD = int(os.environ.get("GONGJIAN_MAX_HEAD", 32 * 1024))
#: Largest JSON body in bytes (a need with its longest description is under 20 KB).
MAX_JSON = int(os.environ.get("GONGJIAN_MAX_JSON", 256 * 1024))
#: Paths whose bodies are uploads, and their limit (set by the ingest router).
UPLOADS: dict[str, int] = {}
#: Paths under /api/ anyone may call.
OPEN = frozenset({"/api/health"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

NEED_TOKEN = "需要令牌：请在请求头中加入 Authorization: Bearer <令牌>"
BAD_TOKEN = "令牌无效"


class TooLarge(HTTPException):
    """The body passed its limit while it was being read (an HTTPException, so that FastAPI's
    body parsing lets it through to the 413 it is)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large(limit), {"Connection": "close"})


def _refuse(status: int, detail: str, headers: dict[str, str] | None = None) -> JSON:
    return JSON({"detail": detail}, status_code=status, headers={"Connection": "close", **(headers or {})})


def _mb(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def too_large(limit: int, what: str = "请求体") -> str:
    return f"{what}超过上限 {_mb(limit)}"


class Guard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]
        head = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        declared: int | None = None
        authorization = b""
        chunked = False
        for name, value in headers:
            head += len(name) + len(value) + 4
            if name == b"content-length":
                declared = int(value) if value.isdigit() else -1
            elif name == b"authorization":
                authorization = value
            elif name == b"transfer-encoding":
                chunked = True
        if head > MAX_HEAD:
            await _refuse(431, f"请求头过大（上限 {_mb(MAX_HEAD)}）")(scope, receive, send)
            return
        path: str = scope["path"]
        has_body = scope["method"] in _BODY_METHODS or chunked or bool(declared)
        if not has_body or not path.startswith("/api/") or path in OPEN:
            await self.app(scope, receive, send)
            return
        problem = _token_problem(scope, authorization)
        if problem is not None:
            await _refuse(401, problem, {"WWW-Authenticate": "Bearer"})(scope, receive, send)
            return
        limit = UPLOADS.get(path, MAX_JSON)
        if declared is not None and (declared < 0 or declared > limit):
            if declared < 0:
                await _refuse(400, "Content-Length 无效")(scope, receive, send)
            else:
                await _refuse(413, too_large(limit))(scope, receive, send)
            return
        await self._bounded(scope, receive, send, limit)

    async def _bounded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Run the app with a ``receive`` that counts the body and stops at ``limit``."""
        seen = 0
        watch = WatchedSend(send)

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit)
            return message

        try:
            await self.app(scope, counted, watch)
        except TooLarge:
            if watch.started:
                raise
            await _refuse(413, too_large(limit))(scope, receive, send)


def _token_problem(scope: Scope, authorization: bytes) -> str | None:
    """Why the request's bearer token does not admit it, or None when it does."""
    scheme, _, credentials = authorization.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return NEED_TOKEN
    tokens = scope["app"].state.tokens if "app" in scope else {}
    if role_of(tokens, credentials.strip()) is None:
        return BAD_TOKEN
    return None
