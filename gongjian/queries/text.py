"""Text similarity of Chinese titles and descriptions: jieba words, rapidfuzz token-set ratio."""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba
from rapidfuzz import fuzz

jieba.setLogLevel(logging.WARNING)
_STOP = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "为",
        "在",
        "对",
        "等",
        "提供",
        "开展",
        "服务",
        "社区",
        "居民",
        "辖区",
        "免费",
        "进行",
    ]
)


@lru_cache(maxsize=65536)
def words(text: str) -> str:
    """Meaningful words of a text, space-joined (one-character words and stop words dropped)."""
    return " ".join(sorted({w for w in jieba.lcut(text) if len(w) > 1 and w not in _STOP}))


def similarity(a: str, b: str) -> float:
    """0..1: how much the two texts talk about the same things."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return fuzz.token_set_ratio(wa, wb) / 100.0
