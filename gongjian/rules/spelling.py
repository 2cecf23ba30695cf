"""How a name is spelled in pinyin (拼音), for search: 佴家湾社区 is found as ``erjiawan`` and ``ejw``.

One spelling for every name, whichever store holds it and whenever it is read: the
embedded store keeps each node's spelling beside its name as it is written
(:func:`spelled`, called by the file's triggers), the search spells what it derives
(:func:`spell`).
"""

from __future__ import annotations

import contextlib

import orjson
import pypinyin
from pypinyin import lazy_pinyin

#: What the spellings depend on (the readings of the pypinyin installed): a store that keeps
#: spellings keeps this beside them, and spells them again when it differs.
READINGS = f"pypinyin {pypinyin.__version__}"

#: Between the spellings :func:`spelled` joins (and, within one, written as a space): a latin
#: query is letters only, so it never matches across two of them.
SEPARATOR = "|"


class _Readings(dict[int, str]):
    """A ``str.translate`` table: a character's code → its most common reading (pypinyin), or
    only that reading's first letter; each character looked up once, when first met. A
    character that is not Chinese reads as itself, lower case."""

    def __init__(self, initials: bool) -> None:
        super().__init__()
        self.initials = initials

    def __missing__(self, code: int) -> str:
        reading = lazy_pinyin(chr(code), errors=lambda s: [s.lower()])[0].lower()
        got = self[code] = reading[:1] if self.initials else reading
        return got


_FULL, _INITIALS = _Readings(initials=False), _Readings(initials=True)


def spell(name: str) -> tuple[str, str]:
    """A name in full pinyin and in initials, lower case: 佴家湾社区 → (erjiawanshequ, ejwsq).

    Each character takes its most common reading; the two translation tables keep each
    character's once, so spelling a province's 1.2 million names takes about a second.
    """
    return name.translate(_FULL), name.translate(_INITIALS)


def spelled(name: object, aliases: str | None) -> str:
    """A node's name and each of its short names (``aliases``, the JSON list a node keeps),
    each in full pinyin and in initials, joined by :data:`SEPARATOR`: a latin query is found
    in a node's names' spelling exactly when it is found in this text (:func:`unjoin`)."""
    names = [str(name)] if name else []
    if aliases and aliases.startswith("["):
        with contextlib.suppress(orjson.JSONDecodeError):  # not a list of names: the name alone
            names.extend(a for a in orjson.loads(aliases) if isinstance(a, str) and a)
    return SEPARATOR.join(s.replace(SEPARATOR, " ") for n in names for s in spell(n))


def unjoin(text: str | None, names: list[str]) -> list[tuple[str, str]]:
    """:func:`spell` of each of ``names`` (a node's name and short names, in order), from the
    ``text`` :func:`spelled` made of them; spelled afresh if ``text`` is not theirs."""
    parts = text.split(SEPARATOR) if text else []
    if len(parts) != 2 * len(names):
        return [spell(n) for n in names]
    return list(zip(parts[::2], parts[1::2], strict=True))
