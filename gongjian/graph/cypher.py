"""The Cypher statements the Neo4j store runs, one named file each in ``gongjian/queries/cypher/``.

``load(name)`` gives a file's text as it is (readable, runnable in Neo4j Browser).
``render(name, LABEL=…, TYPE=…)`` gives the statement ready to run: comments dropped
and its label/type tokens (``__LABEL__``, ``__SRC__``, ``__DST__``, ``__TYPE__``, and
``__TYPES__`` and ``__THEN__``: several types joined by ``|``, as in ``-[r:AT|LEADS]->``) replaced.
``render_each(name, token, names)`` gives a statement once per name, joined by ``UNION ALL``
(every label in one round trip). Labels and relationship types cannot be Cypher parameters, so this is the
one place a name is put into Cypher text, and the only names it accepts are those of
:mod:`gongjian.model` (``LABELS``, ``REL_TYPES``): anything else raises ``ValueError``.
No user string is ever put into Cypher; values always go as parameters.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from gongjian.model import LABELS, REL_TYPES

#: token → the names it may stand for
TOKENS: dict[str, tuple[str, ...]] = {
    "LABEL": LABELS,
    "SRC": LABELS,
    "DST": LABELS,
    "TYPE": tuple(REL_TYPES),
    "TYPES": tuple(REL_TYPES),  # one or more, joined by |
    "THEN": tuple(REL_TYPES),  # the same, for a second step
}
_SEVERAL = ("TYPES", "THEN")
_TOKEN = re.compile(r"__(LABEL|SRC|DST|TYPES|TYPE|THEN)__")
_NAME = re.compile(r"[a-z_]+")


@cache
def load(name: str) -> str:
    """The text of ``queries/cypher/<name>.cypher``, header comment included."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a statement name: {name!r}")
    return files("gongjian.queries").joinpath("cypher", f"{name}.cypher").read_text(encoding="utf-8")


@cache
def render(name: str, **names: str) -> str:
    """The statement ``name`` with its tokens replaced by model labels/types, ready to run."""
    for token, value in names.items():
        allowed = TOKENS.get(token)
        if allowed is None:
            raise ValueError(f"{name}.cypher: unknown token {token}")
        values = value.split("|") if token in _SEVERAL else [value]
        if not value or any(v not in allowed for v in values):
            what = "type" if token in _SEVERAL else token.lower()
            raise ValueError(f"{name}.cypher: {value!r} is not a {what} of the gongjian model")
    body = "\n".join(line for line in load(name).splitlines() if not line.lstrip().startswith("//"))
    wanted = set(_TOKEN.findall(body))
    if wanted != set(names):
        raise ValueError(f"{name}.cypher takes tokens {sorted(wanted)}, got {sorted(names)}")
    return _TOKEN.sub(lambda m: names[m.group(1)], body).strip()


@cache
def render_each(name: str, token: str, names: tuple[str, ...], **fixed: str) -> str:
    """The statement ``name`` once for each of ``names`` in the place of ``token`` (the others
    ``fixed``), the parts joined by ``UNION ALL``: one statement for what would be one per name."""
    return "\nUNION ALL\n".join(render(name, **{token: n}, **fixed) for n in names)
