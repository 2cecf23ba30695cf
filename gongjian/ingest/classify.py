"""Classifying a need or resource into one of the 16 categories from its text."""

from __future__ import annotations

import re
from functools import lru_cache

from gongjian.model import CATEGORIES


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for cat in CATEGORIES:
        for word in (cat.zh, *cat.keywords):
            owner.setdefault(word, cat.code)
    words = sorted(owner, key=len, reverse=True)  # longest first: 老旧小区 before 小区
    return re.compile("|".join(map(re.escape, words))), owner


def category_scores(text: str) -> dict[str, int]:
    """Keyword evidence per category: the total length of the keywords found."""
    pattern, owner = _pattern()
    scores: dict[str, int] = {}
    for m in pattern.finditer(text):
        code = owner[m.group()]
        scores[code] = scores.get(code, 0) + len(m.group())
    return scores


def classify(*texts: str | None) -> str:
    """The best-supported category for the text, ``other`` when no keyword is found."""
    scores = category_scores(" ".join(t for t in texts if t))
    if not scores:
        return "other"
    order = {c.code: i for i, c in enumerate(CATEGORIES)}
    return max(scores, key=lambda c: (scores[c], -order[c]))
