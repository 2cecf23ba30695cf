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


#: How jieba splits a text before cutting it (0.42: ``re_han_default``): runs of Chinese
#: characters, letters and digits, and what lies between them. Each block is cut on its
#: own, so a text's words are its blocks' words; many blocks recur across texts (a title,
#: "希望集中清理整治"), and each is cut once.
_BLOCKS = jieba.re_han_default


#: Texts (and blocks of text) whose words are kept: every resource of a province and more.
CACHED_TEXTS = 1 << 18


def warm_up() -> None:
    """Load jieba's dictionary now (≈1 s), not in the first match a server answers."""
    jieba.initialize()


@lru_cache(maxsize=CACHED_TEXTS)
def _block_words(block: str) -> frozenset[str]:
    return frozenset(w for w in jieba.lcut(block) if len(w) > 1 and w not in _STOP)


@lru_cache(maxsize=CACHED_TEXTS)
def words(text: str) -> str:
    """Meaningful words of a text, space-joined (one-character words and stop words dropped)."""
    found: set[str] = set()
    for block in _BLOCKS.split(text):
        if block:
            found |= _block_words(block)
    return " ".join(sorted(found))


def similarity(a: str, b: str) -> float:
    """0..1: how much the two texts talk about the same things."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return fuzz.token_set_ratio(wa, wb) / 100.0
