"""Filling the text templates of :mod:`gongjian.generate.words.texts`: ``{slot}`` values are
drawn on first use (once per text), so a template costs only the draws it needs."""

from __future__ import annotations

import random

from gongjian.generate.words.names import FIRM_WORDS
from gongjian.generate.words.texts import SLOT_WORDS


def fill(rng: random.Random, text: str, fixed: dict[str, str]) -> str:
    """``text`` with its slots filled: those in ``fixed`` as given, the others drawn."""
    return text.format_map(_Slots(rng, fixed))


class _Slots(dict[str, str]):
    """Slot values drawn on first use, so a template costs only the draws it needs."""

    def __init__(self, rng: random.Random, fixed: dict[str, str]) -> None:
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key in SLOT_WORDS:
            v = r.choice(SLOT_WORDS[key])
        elif key == "n":
            v = str(r.randint(3, 60))
        elif key == "m":
            v = str(r.randrange(50, 600, 10))
        elif key == "year":
            v = str(r.randint(1982, 2003))
        elif key == "ld":
            v = f"{r.randint(1, 24)}栋"
        elif key == "xq":
            v = r.choice(FIRM_WORDS) + "小区"
        elif key == "place":
            v = "社区"
        elif key == "unit":
            v = "本单位"
        else:
            raise KeyError(key)
        self[key] = v
        return v
