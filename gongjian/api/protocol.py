"""The HTTP protocol ``gongjian serve`` runs: uvicorn's httptools protocol with a bounded head.

httptools keeps a request's head (request line and headers) in memory however long it
is, and uvicorn sets no limit on it nor on how long a client may take to send it. Here a
head is refused with 431 once it passes :data:`gongjian.api.guard.MAX_HEAD` bytes, while
it is still arriving, and a connection whose head has not arrived within
:data:`HEAD_TIMEOUT` seconds is closed (a slow client holds no connection open).
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from gongjian.api.guard import MAX_HEAD

#: Seconds a client has to send a request's head once it has started it.
HEAD_TIMEOUT = 20.0
#: Bytes one read may hold beyond the head (the start of a body).
_SLACK = 256 * 1024

_TOO_LARGE = "请求头过大".encode()


class BoundedHttp(HttpToolsProtocol):
    """httptools, refusing a head over ``MAX_HEAD`` bytes and closing a head sent too slowly."""

    _in_head = False
    _head_bytes = 0
    _head_exact = 0
    _head_timer: asyncio.TimerHandle | None = None

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return
        if self._in_head or self.cycle is None or self.cycle.response_complete:
            self._head_bytes += len(data)  # a rough count: this read may also hold a body's start
            if self._head_bytes > MAX_HEAD + _SLACK:
                self._refuse_head()
                return
            if self._head_timer is None and not self.transport.is_closing():
                self._head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_too_slow)
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_exact = 0

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        self._count(len(url))

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        self._count(len(name) + len(value) + 4)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        self._cancel_timer()
        if self.transport.is_closing():
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self.transport.is_closing():
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self.transport.is_closing():
            super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        super().connection_lost(exc)

    def _count(self, n: int) -> None:
        self._head_exact += n
        if self._head_exact > MAX_HEAD and not self.transport.is_closing():
            self._refuse_head()

    def _cancel_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if (self._in_head or self.cycle is None) and not self.transport.is_closing():
            self.transport.close()

    def _refuse_head(self) -> None:
        self._cancel_timer()
        if self.transport.is_closing():
            return
        body = ('{"detail":"' + f"请求头过大（上限 {MAX_HEAD // 1024} KB）" + '"}').encode()
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: application/json\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n"
            b"connection: close\r\n\r\n" + body
        )
        self.transport.close()
