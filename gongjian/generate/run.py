"""What one generation shares: the scale's figures, the draws of one ``random.Random(seed)``
(no hash order anywhere), the day every date is relative to, the ledgers being written, the
ids and codes handed out and the gap cases already made."""

from __future__ import annotations

import datetime as dt
import random

from gongjian.generate.codes import Codes
from gongjian.generate.ledgers import Ledgers
from gongjian.generate.loop import Loop
from gongjian.generate.scales import CONFIGS


class Run:
    """One generation of (scale, seed, as_of) into ``ledgers``."""

    def __init__(self, scale: str, seed: int, as_of: dt.date, ledgers: Ledgers) -> None:
        self.scale = scale
        self.cfg = CONFIGS[scale]
        self.rng = random.Random(seed)
        #: The evaluations' draws (评议): apart, so that the other ledgers do not depend on them.
        self.evaluation_rng = random.Random(f"evaluations-{seed}")
        self.as_of = as_of
        self.ledgers = ledgers
        self.emit = ledgers.emit  # run.emit(table, **values): one row
        self.seq: dict[str, int] = {}
        self.codes = Codes(self.rng)
        self.made: set[str] = set()  # the gap cases made so far
        self.loop = Loop(self)  # the needs' histories

    def id(self, prefix: str, width: int) -> str:
        """The next id of a kind: ``PO0000001``, ``N0000001`` …"""
        n = self.seq.get(prefix, 0) + 1
        self.seq[prefix] = n
        return f"{prefix}{n:0{width}d}"

    def days_ago(self, days: int) -> str:
        return (self.as_of - dt.timedelta(days=days)).isoformat()

    def once(self, what: str) -> bool:
        """True the first time a gap case is asked for, so it is made exactly where first possible."""
        if what in self.made:
            return False
        self.made.add(what)
        return True
