"""Linking an article to what it mentions: areas, platforms and units by their names and
short names, and the mechanisms it describes (the rules: :mod:`gongjian.rules.mentions`).

The names come from the store once per ingest (:func:`gazetteer`); the text is scanned once,
with an Aho-Corasick automaton of every name, keeping the longest match at each place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import ahocorasick

from gongjian.graph.store import NodeRef, Store
from gongjian.model import display_name
from gongjian.rules.mentions import MENTIONABLE, MIN_SURFACE, place_stems, resolve_ambiguous, short_forms


@dataclass
class Gazetteer:
    """Every name and short name of the store's areas, platforms and units."""

    bearers: dict[str, list[NodeRef]] = field(default_factory=dict)
    """name or short name → the nodes that bear it, in model order then by id"""
    names: dict[NodeRef, str] = field(default_factory=dict)
    homes: dict[NodeRef, frozenset[str]] = field(default_factory=dict)
    """a node → its territory: the area it is or sits in, and every area above"""
    automaton: ahocorasick.Automaton | None = None


def gazetteer(store: Store) -> Gazetteer:
    """The names to look for, read from the store."""
    gaz = Gazetteer()
    nodes = {label: store.find_nodes(label)[1] for label in MENTIONABLE}
    parent = {r.src[1]: r.dst[1] for r in store.relationships("PART_OF")}
    places = place_stems(str(n.props.get("name") or "") for n in nodes["Area"])

    def chain(code: str | None) -> frozenset[str]:
        seen: list[str] = []
        while code and code not in seen:
            seen.append(code)
            code = parent.get(code)
        return frozenset(seen)

    for label in MENTIONABLE:
        for n in nodes[label]:
            name = display_name(label, n.props)
            gaz.names[n.ref] = name
            gaz.homes[n.ref] = chain(n.id if label == "Area" else n.props.get("area"))
            aliases = n.props.get("aliases") or []
            surfaces = [name, *(a for a in aliases if isinstance(a, str)), *short_forms(label, name, places)]
            for s in dict.fromkeys(surfaces):
                if len(s) >= MIN_SURFACE:
                    gaz.bearers.setdefault(s, []).append(n.ref)
    if gaz.bearers:
        automaton = ahocorasick.Automaton()
        for surface in gaz.bearers:
            automaton.add_word(surface, surface)
        automaton.make_automaton()
        gaz.automaton = automaton
    return gaz


def mentions(text: str, gaz: Gazetteer) -> dict[NodeRef, int]:
    """The nodes a text mentions and how often, most mentioned first (then by label and id).

    A name several nodes bear counts only for the one the document's other, unambiguous,
    place names point to; else for none.
    """
    if gaz.automaton is None:
        return {}
    said = Counter(surface for _, surface in gaz.automaton.iter_long(text))
    found: Counter[NodeRef] = Counter()
    ambiguous: list[tuple[str, int]] = []
    for surface, n in said.items():
        bearers = gaz.bearers[surface]
        if len(set(bearers)) == 1:
            found[bearers[0]] += n
        else:
            ambiguous.append((surface, n))
    named_areas = {ref[1] for ref in found if ref[0] == "Area"}
    for surface, n in ambiguous:
        meant = resolve_ambiguous(dict.fromkeys(gaz.bearers[surface]), gaz.homes, named_areas)
        if meant is not None:
            found[meant] += n
    order = {label: i for i, label in enumerate(MENTIONABLE)}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], order[kv[0][0]], kv[0][1])))
