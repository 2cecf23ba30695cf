"""Errors as HTTP answers: 404 不存在, 409 冲突, 422 输入有误, 503 数据库不可用 — never a bare 500.

Our own 422s keep FastAPI's shape (``detail`` a list of ``{loc, msg, type}``) so a
client reads every validation error the same way.
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from gongjian.api.answers import JSON, dumps  # noqa: F401  (dumps: where it was first defined)
from gongjian.api.watch import WatchedSend
from gongjian.graph.store import Conflict, NotFound, StoreError, StoreUnavailable
from gongjian.zh import pydantic_message

log = logging.getLogger("gongjian.api")


def invalid(loc: tuple[str, ...], message: str, value: Any = None) -> NoReturn:
    """Raise a 422 naming the field, in FastAPI's shape, with the reason in Chinese."""
    raise HTTPException(422, [{"type": "value_error", "loc": list(loc), "msg": message, "input": value}])


def _answer(status: int, detail: Any, headers: dict[str, str] | None = None) -> JSON:
    return JSON({"detail": detail}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into answers."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSON:
        detail = exc.detail
        if exc.status_code == 404 and detail == "Not Found":
            detail = "没有这个接口"
        elif exc.status_code == 405 and detail == "Method Not Allowed":
            detail = "此接口不支持该请求方法"
        return _answer(exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSON:
        errors = []
        for e in exc.errors():
            msg = pydantic_message(e)  # Chinese, from the error's type and figures
            e = {k: v for k, v in e.items() if k != "ctx"}  # ctx may hold the exception object
            if "input" in e and not _short(e["input"]):
                e["input"] = _cut(e["input"])  # never echo a large input back
            errors.append({**e, "msg": msg})
        return _answer(422, jsonable_encoder(errors))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSON:
        return _answer(404, str(exc))

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict) -> JSON:
        return _answer(409, str(exc))

    @app.exception_handler(StoreError)
    async def unavailable(request: Request, exc: StoreError) -> JSON:
        log.warning("数据库出错：%s %s：%s", request.method, request.url.path, exc)
        what = "数据库暂时不可用，请稍后重试" if isinstance(exc, StoreUnavailable) else "数据库出错"
        return _answer(503, f"{what}：{exc}", {"Retry-After": "5"})

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> JSON:
        return _answer(422, str(exc) or "输入有误")


#: The largest input a 422 echoes back whole (its JSON, in bytes).
MAX_ECHO = 256


def _short(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return len(value) <= MAX_ECHO // 4
    try:
        return len(dumps(jsonable_encoder(value))) <= MAX_ECHO
    except (TypeError, ValueError):
        return False


def _cut(value: Any) -> str:
    """What a 422 says instead of a large input: its head, and how long it was."""
    if isinstance(value, str):
        return f"{value[:32]}…（共 {len(value)} 个字符，未全部显示）"
    if isinstance(value, dict):
        return f"（对象，{len(value)} 个字段，未显示）"
    if isinstance(value, list | tuple):
        return f"（列表，{len(value)} 项，未显示）"
    return "（输入过长，未显示）"


class LastResort:
    """Any other exception: log the traceback and answer 500 as JSON (the last resort).

    Done as a middleware, not an ``Exception`` handler: Starlette re-raises after such a
    handler and uvicorn then drops the connection, so the client would not get the answer.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watch = WatchedSend(send)
        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log.error("未预料的错误：%s %s", scope.get("method"), scope.get("path"), exc_info=exc)
            if watch.started:
                raise
            response = _answer(500, "服务器内部错误，已记录日志；请联系管理员")
            await response(scope, receive, send)
