"""The safety net: a JSON answer under ``/api/`` that was not masked as it was made, masked here.

Every answer the API makes itself is a :class:`gongjian.api.answers.JSON`, which masks
personal data for the caller's role as it serialises and marks the request's state so; it
passes through here untouched, as do an admin's answers and answers that are not JSON
(downloads, pictures: whoever makes them masks their content). Any other JSON answer
under ``/api/`` (a route that returned a plain ``JSONResponse``, a diagram as JSON, an
answer Starlette made itself) is held back whole, parsed, masked by
:func:`gongjian.privacy.mask_json` and sent again, unless its text shows nothing masking
could change. So masking stays the default, whatever made the answer.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gongjian.api.answers import MASKED, dumps
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
                if (
                    state.get(MASKED)  # made by answers.JSON, masked for this caller already
                    or state.get("role") == "admin"
                    or not _is_json(message.get("headers", []))
                ):
                    await send(message)
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
