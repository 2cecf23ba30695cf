"""The figures an article reports (文章中的数据), each with its sentence and its place.

Found at ingest (:func:`extract`) and kept on the Document as JSON text in its ``figures``
property (a list of maps is no Neo4j property type; both stores keep the same text): for each
figure, where its sentence stands (passage, start, end), what the number is and counts
(:mod:`gongjian.rules.figures`), and the code of the area it is about — the area its sentence
names last before it, else the only one its sentence names, else the document's own (the one
its title names) — resolved as mentions are (:mod:`gongjian.documents.link`): a name several
areas bear counts only for the one the document's other place names point to, and a place the
graph lacks (a place name of jieba's dictionary: 丽江市, 西山区) is a place all the same;
otherwise the figure has no place, never a guessed one.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ahocorasick
import jieba

from gongjian.documents.link import Gazetteer
from gongjian.graph.store import NodeRef
from gongjian.rules.figures import figures_in

#: A sentence: up to its 。！？ (a Latin ! or ? only before a space or the end: 幸福新宜良?党群 is
#: a character lost in encoding, not a sentence's end).
_SENTENCE = re.compile(r"(?:[^。！？!?]|[!?](?=\S))+(?:[。！？]+|[!?]+(?=\s|$))?")

Spot = tuple[int, int, str | None]
"""An area named in a text: where it starts, where it ends, its code (None: ambiguous)."""


def sentences(passage: str) -> list[tuple[int, int]]:
    """Where each sentence of a passage starts and ends (ends after its 。！？)."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(passage) if m.group(0).strip()]


def extract(
    title: str, passages: Sequence[str], gaz: Gazetteer | None, mentioned: Mapping[NodeRef, int]
) -> list[dict[str, Any]]:
    """The figures of an article, in reading order. ``mentioned``: what the whole article
    mentions (:func:`gongjian.documents.link.mentions`), to tell apart areas of one name."""
    named = {ref[1] for ref in mentioned if ref[0] == "Area"}
    own = _title_area(title, gaz, named)
    out: list[dict[str, Any]] = []
    for p, passage in enumerate(passages):
        found = figures_in(passage)
        if not found:
            continue
        spans = sentences(passage)
        starts = [a for a, _ in spans]
        spots: dict[int, list[Spot]] = {}
        for f in found:
            k = max(bisect.bisect_right(starts, f.start) - 1, 0)
            start, end = spans[k]
            if k not in spots:
                spots[k] = _areas(passage[start:end], gaz, named)
            out.append({"at": [p, start, end], **f.record(), "area": _place(spots[k], f.start - start, own)})
    return out


def dumps(figures: list[dict[str, Any]]) -> str:
    """The figures as the Document keeps them."""
    return json.dumps(figures, ensure_ascii=False, separators=(",", ":"))


def loads(text: Any) -> list[dict[str, Any]]:
    """The figures a Document keeps (none when it was ingested before figures were)."""
    if not isinstance(text, str) or not text:
        return []
    got = json.loads(text)
    return got if isinstance(got, list) else []


def _place(spots: list[Spot], at: int, own: str | None) -> str | None:
    before = [s for s in spots if s[1] <= at]
    if before:
        return before[-1][2]
    codes = {s[2] for s in spots}
    if len(codes) == 1:
        return next(iter(codes))
    return own if not spots else None


def _areas(text: str, gaz: Gazetteer | None, named: set[str]) -> list[Spot]:
    """The areas a text names, in order, each resolved or None when ambiguous."""
    if gaz is None or gaz.automaton is None:
        return []
    spots: list[Spot] = []
    for end, surface in gaz.automaton.iter_long(text):
        bearers = list(dict.fromkeys(b for b in gaz.bearers[surface] if b[0] == "Area"))
        if not bearers:
            continue
        if len(bearers) == 1:
            code: str | None = bearers[0][1]
        else:
            told = [b for b in bearers if b[1] in named]  # the one the article's mentions took
            code = told[0][1] if len(told) == 1 else None
        spots.append((end + 1 - len(surface), end + 1, code))
    taken = [(a, b) for a, b, _ in spots]
    for end, word in _place_words().iter_long(text):  # 西山区 where the graph has none
        a, b = end + 1 - len(word), end + 1
        if word not in gaz.bearers and not any(a < y and x < b for x, y in taken):
            spots.append((a, b, None))
    return sorted(spots)


#: How the names of places end, for the place names of jieba's dictionary (村 left out: 城中村).
_LEVEL_END = ("省", "市", "州", "县", "区", "旗", "镇", "乡", "街道", "社区")


@functools.cache
def _place_words() -> ahocorasick.Automaton:
    """Every place name in jieba's dictionary (part of speech ns) of three characters or more
    ending as places do (丽江市, 宁蒗彝族自治县, 西山区): the places a graph may not hold."""
    automaton = ahocorasick.Automaton()
    text = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    ends = "|".join(_LEVEL_END)
    for word in re.findall(rf"^(\S{{2,}}(?:{ends})) \d+ ns$", text, re.MULTILINE):
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def _title_area(title: str, gaz: Gazetteer | None, named: set[str]) -> str | None:
    """The area a document is about: the one its title names, or the deepest of several
    its title names one above the other (云南昆明 → 昆明市); else None."""
    codes = [c for _, _, c in _areas(title, gaz, named)]
    if not codes or None in codes or gaz is None:
        return None
    deepest = max(set(codes), key=lambda c: len(gaz.homes.get(("Area", c), ())))
    above = gaz.homes.get(("Area", deepest), frozenset())
    return deepest if all(c in above for c in codes) else None
