"""``serve --escalate-daily``: the loop's escalation (到期上报) run by the server itself, once
for each date, in a background thread."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from gongjian.graph.store import Store
from gongjian.queries import loop
from gongjian.queries.common import today
from gongjian.rules.loop import Policy

CHECK_SECONDS = 60.0


class DailyEscalation:
    """Runs :func:`gongjian.queries.loop.run` for a date the first time the server sees that
    date, never twice for one date in this process (and a second run for a date, by another
    process, writes nothing: the escalation is idempotent)."""

    def __init__(
        self,
        store: Callable[[], AbstractContextManager[Store]],
        policy: Policy,
        clock: Callable[[], str] = today,
    ) -> None:
        self._store, self._policy, self._clock = store, policy, clock
        self.last: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="gongjian-escalate-daily", daemon=True)

    def run_due(self) -> dict[str, Any] | None:
        """Escalate for today unless this process already did; the result, or None."""
        day = self._clock()
        if day == self.last:
            return None
        with self._store() as store:
            result = loop.run(store, day, self._policy)
        self.last = day
        print(
            f"到期上报（{day}）：上报 {len(result['escalated'])} 次，逾期 {len(result['overdue'])} 条",
            file=sys.stderr,
            flush=True,
        )
        return result

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_due()
            except Exception as e:  # a store that does not answer now: try again at the next check
                print(f"到期上报失败，稍后重试：{e}", file=sys.stderr, flush=True)
            self._stop.wait(CHECK_SECONDS)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
