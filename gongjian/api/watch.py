"""A ``send`` that remembers whether the response has begun: an ASGI middleware may answer an
error of its own only while it has not (:mod:`gongjian.api.guard`, :mod:`gongjian.api.errors`)."""

from __future__ import annotations

from starlette.types import Message, Send


class WatchedSend:
    """Passes every message on to ``send``; ``started`` once the response's head has gone."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)
