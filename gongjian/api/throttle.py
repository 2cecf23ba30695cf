"""Expensive answers: cached per store revision, and a per-token rate limit (限流).

:func:`cached` keeps an answer that only changes when the store does (the gaps of an area):
it is computed once per store revision and day, by one request while the others wait for
it, and kept at most :data:`CACHE_SECONDS` (another process's writes move no revision here).

:data:`expensive` is a dependency for the routes that cost seconds (gaps, allocation,
diagrams, exports, loop reports): each token has a bucket per route of
``GONGJIAN_RATE_LIMIT`` (``"60/1"``: 60 requests at once, then one a second; ``0`` turns it
off); a request over it is answered 429 with ``Retry-After``.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Depends, HTTPException, Request

from gongjian.graph.store import Store
from gongjian.queries.common import today

T = TypeVar("T")

#: The longest a cached answer is kept, in seconds.
CACHE_SECONDS = 60.0
_CACHE_SIZE = 256


class _Entry:
    __slots__ = ("lock", "made", "stamp", "value")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: tuple[Any, ...] | None = None
        self.made = 0.0
        self.value: Any = None


#: Each store's entries, as long as the store lives (keyed by the store itself: a store opened
#: after another was closed may get its ``id``, never its answers).
_entries: weakref.WeakKeyDictionary[Store, dict[Hashable, _Entry]] = weakref.WeakKeyDictionary()
_entries_lock = threading.Lock()


def cached(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave last for ``key`` on this store, revision and day."""
    with _entries_lock:
        kept = _entries.setdefault(store, {})
        entry = kept.get(key)
        if entry is None:
            if len(kept) >= _CACHE_SIZE:
                kept.pop(next(iter(kept)))
            entry = kept[key] = _Entry()
    with entry.lock:  # one computes, the others wait for its answer
        stamp = (getattr(store, "revision", 0), today())
        if entry.stamp != stamp or time.monotonic() - entry.made > CACHE_SECONDS:
            entry.value = compute()
            entry.stamp, entry.made = (getattr(store, "revision", 0), today()), time.monotonic()
        return entry.value


def _rate() -> tuple[float, float] | None:
    text = os.environ.get("GONGJIAN_RATE_LIMIT", "60/1").strip()
    if text in ("", "0", "off"):
        return None
    burst, _, per_second = text.partition("/")
    return float(burst), float(per_second or 1)


class _Buckets:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.levels: dict[tuple[str, str], tuple[float, float]] = {}

    def take(self, key: tuple[str, str], burst: float, per_second: float) -> float:
        """Take one request from ``key``'s bucket: 0, or the seconds to wait for the next."""
        now = time.monotonic()
        with self.lock:
            level, then = self.levels.get(key, (burst, now))
            level = min(burst, level + (now - then) * per_second)
            if level < 1:
                self.levels[key] = (level, now)
                return (1 - level) / per_second
            self.levels[key] = (level - 1, now)
            if len(self.levels) > 100_000:
                self.levels.clear()  # (stale tokens' buckets: refilled by now anyway)
            return 0.0


async def _limited(request: Request) -> None:
    rate = _rate()
    if rate is None:
        return
    token = request.headers.get("authorization", "")
    route = request.scope.get("route")
    buckets = getattr(request.app.state, "buckets", None)
    if buckets is None:  # one set per app
        buckets = request.app.state.buckets = _Buckets()
    wait = buckets.take((token, getattr(route, "path", request.url.path)), *rate)
    if wait:
        seconds = max(1, round(wait + 0.5))
        raise HTTPException(
            429, f"请求过于频繁，请 {seconds} 秒后再试", headers={"Retry-After": str(seconds)}
        )


#: The dependency of the expensive routes.
expensive = Depends(_limited)
