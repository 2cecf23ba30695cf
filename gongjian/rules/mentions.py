"""What counts as a mention in a practice article (典型经验): names, short names, mechanisms.

A document mentions an area, a platform or a unit where it writes its name or one of its
short names (简称: the ledger's own, and the obvious ones derived here), in the longest
match at that place (昆明市第三人民医院 is the hospital, not 昆明市 as well). A name several
nodes bear (two 新村社区 in one city) counts only for the one whose territory the document
names elsewhere; otherwise it is left unlinked, never guessed. A document describes a
mechanism where it uses one of its words (mechanisms.toml).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

#: Labels a document may mention.
MENTIONABLE = ("Area", "Platform", "Unit")

#: A name or short name shorter than this is never looked for (二院, 社区 …).
MIN_SURFACE = 2

# ------------------------------------------------------------------ mechanisms


@dataclass(frozen=True)
class Mechanism:
    """A mechanism articles describe: its code, its Chinese name and the other words for it."""

    code: str
    zh: str
    synonyms: tuple[str, ...]

    @property
    def words(self) -> tuple[str, ...]:
        return (self.zh, *self.synonyms)


@functools.cache
def mechanisms() -> tuple[Mechanism, ...]:
    """The vocabulary, in the order of mechanisms.toml."""
    data = tomllib.loads((Path(__file__).with_name("mechanisms.toml")).read_text(encoding="utf-8"))
    return tuple(Mechanism(code, t["zh"], tuple(t.get("synonyms", ()))) for code, t in data.items())


def mechanism(word: str) -> Mechanism | None:
    """The mechanism a code or any of its words names (时间银行, time_bank), or None."""
    w = word.strip()
    for m in mechanisms():
        if w == m.code or w in m.words:
            return m
    return None


def mechanism_counts(text: str) -> dict[str, int]:
    """How often a text uses each mechanism's words (a longer word is counted once, not
    again as the shorter word inside it), for the mechanisms it uses, most used first."""
    found: dict[str, int] = {}
    for m in mechanisms():
        n = len(_words_pattern(m.words).findall(text))
        if n:
            found[m.code] = n
    order = {m.code: i for i, m in enumerate(mechanisms())}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], order[kv[0]])))


@functools.cache
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


# ------------------------------------------------------------------ short names

#: The characters a place name ends with by its level (province … district): a short name may
#: put one in place of the place (昆明供电局 → 市供电局).
LEVEL_CHARS = "省市州县区"
_COMPANY = re.compile(r"(股份有限公司|有限责任公司|有限公司)")
_HOSPITAL = (
    (re.compile(r"第([一二三四五六七八九十]{1,3})人民医院$"), r"\1院"),
    (re.compile(r"人民医院$"), "医院"),
    (re.compile(r"中医医院$"), "中医院"),
)
_COMMITTEE = (
    (re.compile(r"(社区)?居民委员会$|社区居委会$|居委会$"), "社区"),
    (re.compile(r"村民委员会$|村委会$"), "村"),
)


def place_stems(area_names: Iterable[str]) -> dict[str, str]:
    """Names of provinces, cities and counties, with and without their last character, each
    with that character: ``{"昆明市": "市", "昆明": "市", "官渡区": "区"}``; a stem two
    places share is dropped."""
    stems: dict[str, str] = {}
    clash: set[str] = set()
    for name in area_names:
        if len(name) >= 3 and name[-1] in LEVEL_CHARS:
            for form in (name, name[:-1]):
                if form in stems and stems[form] != name[-1]:
                    clash.add(form)
                stems[form] = name[-1]
    for form in clash:
        del stems[form]
    return stems


def short_forms(label: str, name: str, places: Mapping[str, str] = {}) -> list[str]:  # noqa: B006
    """The short names a node is obviously known by, derived from its name.

    Areas: 佴家湾社区居民委员会 → 佴家湾社区; 华坪县 → 华坪 (provinces, cities and counties).
    Units: a branch after its company's name (云南电网有限责任公司昆明供电局 → 昆明供电局); a
    company without 有限公司; a leading city or county written as its level (昆明供电局 →
    市供电局, 昆明市第三人民医院 → 市第三人民医院); hospitals as people say them (市三院,
    区医院, 市中医院). ``places`` is :func:`place_stems` of the store's areas.
    """
    forms: list[str] = []

    def add(form: str) -> None:
        if len(form) >= MIN_SURFACE and form != name and form not in forms:
            forms.append(form)

    if label == "Area":
        for pattern, repl in _COMMITTEE:
            if pattern.search(name):
                add(pattern.sub(repl, name))
        if len(name) >= 3 and name[-1] in LEVEL_CHARS and not name.endswith(("社区", "小区")):
            add(name[:-1])
        return forms
    if label != "Unit":
        return forms
    bases = [name]
    parts = _COMPANY.split(name)
    if len(parts) >= 3 and len(parts[-1]) >= 3:  # a branch: what follows the company's name
        bases.append(parts[-1])
    elif len(parts) == 3 and not parts[-1] and len(parts[0]) >= 4:
        bases.append(parts[0])
    for base in [b for b in bases if not _COMPANY.search(b)]:
        place = next((base[:n] for n in range(min(len(base) - 2, 8), 1, -1) if base[:n] in places), None)
        if place is not None and base[len(place)] not in LEVEL_CHARS:
            bases.append(places[place] + base[len(place) :])
    for base in bases:
        add(base)
        for pattern, repl in _HOSPITAL:
            if pattern.search(base) and base[0] in LEVEL_CHARS:
                add(pattern.sub(repl, base))
                break
    return forms


# ------------------------------------------------------------------ ambiguity


def resolve_ambiguous(
    candidates: Iterable[tuple[str, str]],
    homes: Mapping[tuple[str, str], frozenset[str]],
    named_areas: set[str],
) -> tuple[str, str] | None:
    """Which of several nodes bearing one name a document means, or None to leave it unlinked.

    ``homes``: each candidate's territory (an area: itself and the areas above it; a unit or
    platform: its area and those above), ``named_areas``: the areas the document names
    unambiguously. The one candidate whose territory holds one of those areas (other than
    itself) is meant; none or several, and the name is left unlinked.
    """
    fitting = [c for c in candidates if (homes.get(c, frozenset()) - {c[1]}) & named_areas]
    return fitting[0] if len(fitting) == 1 else None
