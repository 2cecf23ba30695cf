"""The HTTP protocol ``gongjian serve`` runs: uvicorn's httptools protocol with a bounded head
and a body that must keep coming.

httptools keeps a request's head (request line and headers) in memory however long it
is, and uvicorn sets no limit on it nor on how long a client may take to send it. Here a
head is refused with 431 once it passes :data:`gongjian.api.guard.MAX_HEAD` bytes, while
it is still arriving, and a connection whose head has not arrived within
:data:`HEAD_TIMEOUT` seconds is closed (a slow client holds no connection open). A body
is answered 408 and its connection closed once, :data:`BODY_GRACE` seconds after its head,
it has arrived slower than :data:`BODY_RATE` bytes a second on average (a byte a second
holds neither a connection nor the route waiting for it for long); the route reading it
waits on the event loop, not in a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import os

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from gongjian.api.guard import MAX_HEAD

#: Seconds a client has to send a request's head once it has started it.
HEAD_TIMEOUT = 20.0
#: Seconds a body may take before its pace is judged, and the pace it must keep on average
#: from its head on (bytes a second; a 50 MB ingest at this pace takes 100 minutes).
BODY_GRACE = float(os.environ.get("GONGJIAN_BODY_GRACE", 10))
BODY_RATE = float(os.environ.get("GONGJIAN_BODY_RATE", 8 * 1024))
#: Bytes one read may hold beyond the head (the start of a body).
_SLACK = 256 * 1024


class BoundedHttp(HttpToolsProtocol):
    """httptools, refusing a head over ``MAX_HEAD`` bytes and closing a head sent too slowly."""

    _in_head = False
    _head_bytes = 0
    _head_exact = 0
    _head_timer: asyncio.TimerHandle | None = None
    _body_timer: asyncio.TimerHandle | None = None
    _body_start = 0.0
    _body_bytes = 0

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
        if any(
            (name == b"content-length" and value.strip() not in (b"", b"0")) or name == b"transfer-encoding"
            for name, value in self.headers
        ):
            self._body_start, self._body_bytes = self.loop.time(), 0
            self._body_timer = self.loop.call_later(BODY_GRACE, self._check_body_pace)

    def on_body(self, body: bytes) -> None:
        self._body_bytes += len(body)
        if not self.transport.is_closing():
            super().on_body(body)

    def on_message_complete(self) -> None:
        self._cancel_body_timer()
        if not self.transport.is_closing():
            super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        self._cancel_body_timer()
        super().connection_lost(exc)

    def _check_body_pace(self) -> None:
        """Past the grace period, a body behind its pace is answered 408; else look again when
        it would fall behind."""
        self._body_timer = None
        if self.transport.is_closing():
            return
        now = self.loop.time()
        due = self._body_start + self._body_bytes / BODY_RATE  # when what arrived stops sufficing
        if due <= now:
            self._refuse(
                408,
                "Request Timeout",
                f"请求体发送过慢（{BODY_GRACE:g} 秒后平均每秒不足 {BODY_RATE / 1024:g} KB），连接已关闭",
            )
            return
        self._body_timer = self.loop.call_later(due - now, self._check_body_pace)

    def _cancel_body_timer(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

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
        self._refuse(431, "Request Header Fields Too Large", f"请求头过大（上限 {MAX_HEAD // 1024} KB）")

    def _refuse(self, status: int, phrase: str, detail: str) -> None:
        """Answer with a JSON reason and close the connection (the route, if any, sees the
        client gone)."""
        if self.transport.is_closing():
            return
        if self.cycle is not None and self.cycle.response_started:
            self.transport.close()  # too late for an answer of ours
            return
        body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
        self.transport.write(
            f"HTTP/1.1 {status} {phrase}\r\n".encode() + b"content-type: application/json\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n"
            b"connection: close\r\n\r\n" + body
        )
        self.transport.close()
