"""How every JSON answer is made: serialised by orjson, personal data masked for the caller.

Every route of the API's routers is a :class:`Route`: whatever its endpoint returns is
answered at once as :class:`JSON`, without FastAPI's passes over the value (validation
against the response model, ``jsonable_encoder``). The response models document the
answers in ``/openapi.json``; the values are built by the queries and never re-checked
on the way out (a match's answer would pay for it on every request).

:class:`JSON` masks personal data (:mod:`gongjian.privacy`) for everyone but an admin, as
it serialises: the body is dumped once, and only if its text may hold personal data
(:func:`gongjian.privacy.may_hold_personal_data`: most answers do not) is the value masked
and dumped again. The role comes from the request's state, where the auth dependency put
it; an answer to a caller never identified (no token, an error before the check) is
masked. Answers made otherwise (a plain ``JSONResponse``) are masked by the safety net,
:class:`gongjian.api.masking.MaskPersonalData`.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Mapping
from typing import Any

import orjson
from fastapi.datastructures import DefaultPlaceholder
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.background import BackgroundTask
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from gongjian.privacy import mask_json, may_hold_personal_data

#: Headers of every JSON answer, as downloads have them: never cached, never sniffed as another type.
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

#: Set in the request's state once :class:`JSON` has masked the answer for the caller.
MASKED = "gongjian.answer_masked"


def _encodable(value: Any) -> Any:
    """What neither orjson nor json knows (a set, a model, a Decimal), the way FastAPI encodes it."""
    encoded = jsonable_encoder(value)
    if encoded is value:
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return encoded


def _encodable_masked(value: Any) -> Any:
    return mask_json(_encodable(value))


def dumps(content: Any, default: Callable[[Any], Any] = _encodable, option: int = 0) -> bytes:
    """JSON as UTF-8; text that is not valid Unicode (a lone surrogate echoed back) goes escaped.

    Any value FastAPI could answer with is accepted (sets, tuples, dates, Decimals, models).
    """
    try:
        return orjson.dumps(content, default=default, option=option)
    except (orjson.JSONEncodeError, TypeError):
        pass  # a lone surrogate, a non-str key, NaN: the standard library says which
    opts: dict[str, Any] = {"allow_nan": False, "separators": (",", ":"), "default": default}
    try:
        return json.dumps(content, ensure_ascii=False, **opts).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(content, ensure_ascii=True, **opts).encode("ascii")


def masked_dumps(content: Any) -> bytes:
    """``content`` as JSON with its personal data masked, dumped once when it holds none.

    The value is walked (:func:`gongjian.privacy.mask_json`) only when the text may hold
    personal data; what orjson cannot dump itself (a dataclass, a model) is encoded and
    masked on the way.
    """
    body = dumps(content)
    if not may_hold_personal_data(body):
        return body
    return dumps(mask_json(content), _encodable_masked, orjson.OPT_PASSTHROUGH_DATACLASS)


class JSON(JSONResponse):
    """The API's JSON answer: compact UTF-8, masked for everyone but an admin.

    Its body is the masked answer from the start (the safe default, whoever reads it);
    sent to an admin, it is dumped again whole.
    """

    def __init__(
        self,
        content: Any,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        self.content = content
        super().__init__(content, status_code, {**NO_STORE, **(headers or {})}, media_type, background)

    def render(self, content: Any) -> bytes:
        return masked_dumps(content)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope.setdefault("state", {})  # the dict request.state writes to
        if state.get("role") == "admin" and self.body:
            self.body = dumps(self.content)
            self.headers["content-length"] = str(len(self.body))
        state[MASKED] = True
        await super().__call__(scope, receive, send)


def _answering(endpoint: Callable[..., Any], status_code: int) -> Callable[..., Any]:
    """``endpoint`` answering its value as :class:`JSON` (a response it returns goes as it is).

    The wrapper keeps the endpoint's signature (FastAPI reads the parameters through
    ``__wrapped__``) and its kind: a coroutine stays one, a plain function still runs in
    the thread pool.
    """
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def answer_async(*args: Any, **kwargs: Any) -> Any:
            value = await endpoint(*args, **kwargs)
            return value if isinstance(value, Response) else JSON(value, status_code)

        return answer_async

    @functools.wraps(endpoint)
    def answer(*args: Any, **kwargs: Any) -> Any:
        value = endpoint(*args, **kwargs)
        return value if isinstance(value, Response) else JSON(value, status_code)

    return answer


class Route(APIRoute):
    """A route whose endpoint's value is answered as :class:`JSON` at once.

    Its ``response_model`` documents the answer in OpenAPI but is not applied to it: the
    value is neither validated nor encoded by FastAPI (both passes cost more than the
    answer's own serialisation, and a match answer is the API's busiest).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        response_class = kwargs.get("response_class")
        if response_class is None or isinstance(response_class, DefaultPlaceholder):
            endpoint = _answering(endpoint, kwargs.get("status_code") or 200)
        super().__init__(path, endpoint, **kwargs)
