"""Personal data masked in every API answer, once, for everyone but an admin.

An ASGI middleware holds back each JSON answer under ``/api/`` and runs
:func:`gongjian.privacy.mask_json` over it unless the auth dependency marked
the request as an admin's. Masking is the default: an answer from a route that
never checked a token, or an error, is masked too. Other answers (downloads,
pictures) stream through untouched: whoever makes them masks their content. An
answer whose text shows nothing masking could change (most do not name a person, a
unit's contact or a phone number) is sent as it is, without the parse and walk.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gongjian.api.errors import dumps
from gongjian.privacy import mask_json, may_hold_personal_data


class MaskPersonalData:
    def __init__(self, app: ASGIApp, prefix: str = "/api/") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})  # the dict request.state writes to
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if state.get("role") == "admin" or not _is_json(message.get("headers", [])):
                    await send(message)  # passes through (downloads mask their own content)
                else:
                    start = message  # held until the whole JSON body is here
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = list(start.get("headers", []))
            if body and may_hold_personal_data(body):
                body = dumps(mask_json(_loads(body)))
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, hold)


def _loads(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:  # an escaped lone surrogate, which orjson refuses
        return json.loads(body)


def _is_json(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(
        k.lower() == b"content-type" and v.split(b";")[0].strip().lower() == b"application/json"
        for k, v in headers
    )
