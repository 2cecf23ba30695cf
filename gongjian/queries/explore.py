"""Exploring the graph: search by name or pinyin, linkage paths, neighbourhoods, counts per area."""

from __future__ import annotations

import heapq
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from gongjian.graph.store import Node, NotFound, PathSkip, Spelled, Store, outdated
from gongjian.model import LABELS, NEED_STATUS, NODE_TYPES, PLATFORM_KIND, display_name
from gongjian.queries.common import natural_key, node_json, ref_json, resolve, via_json
from gongjian.rules.linkage import PATH_SKIP_LABELS, PATH_SKIP_TYPES, path_order
from gongjian.rules.mentions import LEVEL_CHARS, place_stems, short_forms
from gongjian.rules.spelling import spell

# ------------------------------------------------------------------ search


#: A changed store rebuilds what search keeps in memory at most this often (seconds): under
#: a stream of claims every search would otherwise wait for a rebuild. A name written a moment
#: ago is searchable at most this much later.
REBUILD_EVERY = 2.0

Entry = tuple[str, str, str, str, str, str]
"""``(label, id, name, what to match, its full pinyin, its initials)``."""


class _Kept:
    """What search keeps of one store, rebuilt when the store changes (:func:`_kept`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.revision: int | None = None
        self.built = 0.0
        self.entries: list[Entry] = []


#: Every named node's entries (for the stores that cannot narrow a search), and the units'
#: derived short names, spelled; each as long as its store lives.
_INDEXES: weakref.WeakKeyDictionary[Store, _Kept] = weakref.WeakKeyDictionary()
_DERIVED: weakref.WeakKeyDictionary[Store, _Kept] = weakref.WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()


def _kept(
    kept: weakref.WeakKeyDictionary[Store, _Kept], store: Store, build: Callable[[], list[Entry]]
) -> list[Entry]:
    """``build()`` for ``store``, kept until the store changes (:func:`outdated`; at most every
    :data:`REBUILD_EVERY` s)."""
    with _KEPT_LOCK:
        k = kept.setdefault(store, _Kept())
    with k.lock:
        if outdated(store, k.revision, k.built, REBUILD_EVERY):
            revision = getattr(store, "revision", 0)
            k.entries = build()
            k.revision, k.built = revision, time.monotonic()
        return k.entries


def _entries(store: Store) -> list[Entry]:
    """The entries of every named node: one for its name, one for each of its short names (the
    ledger's 简称, and those :func:`gongjian.rules.mentions.short_forms` derives for a unit)."""
    return _kept(_INDEXES, store, lambda: _named(store.names()))


def _derived(store: Store) -> list[Entry]:
    """The entries of the short names derived for every unit (:func:`short_forms`, with the
    stems of the store's places), spelled: what a search in pinyin finds beyond the names the
    store keeps spelled (:meth:`Store.names_spelled`)."""

    def build() -> list[Entry]:
        rows = store.names(("Area", "Unit"))
        places = place_stems(name for label, _, name in rows if label == "Area")
        units: dict[str, str] = {}
        for label, i, name in rows:
            if label == "Unit":
                units.setdefault(i, name)  # a node's name comes before its short names
        return [
            ("Unit", i, name, short, *spell(short))
            for i, name in units.items()
            for short in short_forms("Unit", name, places)
        ]

    return _kept(_DERIVED, store, build)


def _search_entries(store: Store, q: str, latin: str | None) -> list[Entry]:
    """The entries a search for ``q`` looks through (``latin``: ``q`` as pinyin, if it may be).
    The whole index (:func:`_entries`) when the store cannot narrow it; otherwise only the
    nodes that may match:

    - in pinyin (:meth:`Store.names_spelled`), those whose name or short name is spelled with
      ``latin``, and every unit's derived short names (:func:`_derived`);
    - in characters (:meth:`Store.names_like`), without pinyin: a short name found by its
      characters in order (:func:`_short_form`), or derived with a level character put for a
      place, has the query's other characters in order in the node's name.
    """
    idx = _INDEXES.get(store)
    if idx is not None and idx.revision == getattr(store, "revision", 0):
        return _entries(store)
    if latin is not None:
        spelled = store.names_spelled(latin, q)
        return _entries(store) if spelled is None else _spelled(spelled) + _derived(store)
    chars = "".join(c for c in q if c not in LEVEL_CHARS)
    rows = store.names_like(chars, q, LEVEL_CHARS)
    return _entries(store) if rows is None else _named(rows, spelled=False)


def _spelled(rows: list[Spelled]) -> list[Entry]:
    """The entries of ``rows`` (:meth:`Store.names_spelled`), without derived short names."""
    names: dict[tuple[str, str], str] = {}
    return [
        (label, i, names.setdefault((label, i), text), text, full, initials)  # its name comes first
        for label, i, text, full, initials in rows
    ]


def _named(rows: list[tuple[str, str, str]], spelled: bool = True) -> list[Entry]:
    """The entries of ``rows`` (:meth:`Store.names`), with the units' derived short names (from
    the stems of the places among ``rows``)."""
    places = place_stems(name for label, _, name in rows if label == "Area")
    spelling = spell if spelled else lambda text: ("", "")
    names: dict[tuple[str, str], str] = {}
    out = []
    for label, i, text in rows:
        first = (label, i) not in names
        name = names.setdefault((label, i), text)  # a node's name comes before its short names
        out.append((label, i, name, text, *spelling(text)))
        if first and label == "Unit":
            out.extend(
                (label, i, name, short, *spelling(short)) for short in short_forms(label, name, places)
            )
    return out


def _may_be_short(q: str) -> bool:
    """Whether ``q`` may be a short name by :func:`_short_form`: three characters at least, all Chinese."""
    return len(q) >= 3 and all("\u4e00" <= c <= "\u9fff" for c in q)


def _short_form(q: str, name: str) -> bool:
    """Whether ``q`` is a short name of ``name``: its characters in order, some left out
    (昆明三院 → 昆明市第三人民医院). Three characters at least, all Chinese."""
    if not _may_be_short(q):
        return False
    at = 0
    for c in q:
        at = name.find(c, at) + 1
        if not at:
            return False
    return True


def search(
    store: Store, q: str, *, limit: int = 20, labels: tuple[str, ...] = LABELS
) -> list[dict[str, Any]]:
    """Nodes whose name or a short name contains ``q`` (市三院 for 昆明市第三人民医院), whose
    pinyin (full or initials) does (佴家湾 / erjiawan / ejw), or of which ``q`` is a short name
    by its characters in order (昆明三院). Each with the area it lies in (``where``)."""
    return search_page(store, q, limit=limit, labels=labels)[1]


def search_page(
    store: Store, q: str, *, limit: int = 20, labels: tuple[str, ...] = LABELS
) -> tuple[int, list[dict[str, Any]]]:
    """How many nodes :func:`search` finds in all, and the first ``limit`` of them."""
    q = q.strip()
    if not q:
        return 0, []
    latin = q.replace(" ", "").lower()
    use_pinyin = latin.isascii() and latin.isalpha()
    shortable = _may_be_short(q)
    order = {label: i for i, label in enumerate(LABELS)}
    best: dict[tuple[str, str], tuple[int, int, int, str, str, str]] = {}
    for label, id_, name, text, full, initials in _search_entries(store, q, latin if use_pinyin else None):
        if label not in labels:
            continue
        if q in text or q == id_:
            score = 3 if (text == q or id_ == q) else 2
        elif use_pinyin and latin in full:
            score = 1
        elif use_pinyin and latin in initials:
            score = 0
        elif shortable and _short_form(q, name):
            score = -1
        else:
            continue
        hit = (-score, len(text), order[label], name, label, id_)
        if (label, id_) not in best or hit < best[(label, id_)]:
            best[(label, id_)] = hit
    top = [(lab, i, n) for *_, n, lab, i in heapq.nsmallest(limit, best.values())]
    places = where(store, [(lab, i) for lab, i, _ in top])
    return len(best), [
        {"id": i, "label": lab, "name": n, "type_zh": NODE_TYPES[lab].zh, "where": places.get((lab, i))}
        for lab, i, n in top
    ]


def where(store: Store, refs: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Where each node lies, as the names of its area and the one above (官渡区 关上街道):
    an area's parent, a unit's or a need's area, a party organisation's or resource's unit's.
    A few reads for all the nodes, not a few each."""
    props: dict[tuple[str, str], dict] = {}
    for label in {lab for lab, _ in refs}:
        ids = sorted(i for lab, i in refs if lab == label)
        props.update({(label, i): p for i, p in store.get_nodes(label, ids).items()})
    area_parents = _parents(store, [i for lab, i in refs if lab == "Area"])
    area_of: dict[tuple[str, str], str] = {}
    units: dict[tuple[str, str], str] = {}
    for ref in refs:
        p = props.get(ref, {})
        if ref[0] == "Area":
            if ref[1] in area_parents:
                area_of[ref] = area_parents[ref[1]].id
        elif p.get("area"):
            area_of[ref] = p["area"]
        elif p.get("unit"):
            units[ref] = p["unit"]
    unit_props = store.get_nodes("Unit", sorted(set(units.values()))) if units else {}
    for ref, unit in units.items():
        if unit_props.get(unit, {}).get("area"):
            area_of[ref] = unit_props[unit]["area"]
    codes = sorted(set(area_of.values()))
    areas = store.get_nodes("Area", codes) if codes else {}
    above = _parents(store, codes)
    out = {}
    for ref, code in area_of.items():
        name = areas.get(code, {}).get("name") or code
        up = above[code].props.get("name") if code in above else None
        out[ref] = f"{up} {name}" if up and ref[0] != "Area" else name
    return out


def _parents(store: Store, codes: list[str]) -> dict[str, Node]:
    """The area each of some areas is PART_OF (those that have one), in one read."""
    found = store.neighbours_of("Area", codes, ("PART_OF",), "out") if codes else {}
    return {code: near[0][1] for code, near in found.items() if near}


# ------------------------------------------------------------------- paths


def paths(store: Store, src: str, dst: str, *, k: int = 3, max_hops: int = 6) -> list[list[dict[str, Any]]]:
    """Up to ``k`` linkage paths between two nodes: of the shortest length and up to two more
    (a direct link does not hide a committee membership), through platforms first
    (:func:`gongjian.rules.linkage.path_order`). Each node after the first says ``via`` which
    relationships join it to the one before (type, Chinese word, whether it points forward)."""
    a, b = resolve(store, src), resolve(store, dst)
    found = store.linkage_paths(a.ref, b.ref, max_hops, PathSkip(PATH_SKIP_LABELS, PATH_SKIP_TYPES))
    found = sorted(found, key=lambda p: path_order(p.nodes))[:k]
    props: dict[tuple[str, str], dict] = {}
    for label in {ref[0] for p in found for ref in p.nodes}:
        ids = sorted({ref[1] for p in found for ref in p.nodes if ref[0] == label})
        props.update({(label, i): v for i, v in store.get_nodes(label, ids).items()})
    out = []
    for p in found:
        hops = [{"id": r[1], "label": r[0], "name": display_name(r[0], props.get(r, {}))} for r in p.nodes]
        for hop, joined in zip(hops[1:], p.steps, strict=True):
            hop["via"] = via_json(joined)
        out.append(hops)
    return out


# ----------------------------------------------------------- neighbourhood


def neighbourhood(store: Store, id: str, *, depth: int = 1, limit: int = 500) -> dict[str, Any]:
    """The nodes within ``depth`` relationships of a node, and the relationships among them."""
    centre = resolve(store, id)
    seen: dict[tuple[str, str], Node] = {centre.ref: centre}
    links: dict[tuple, dict[str, Any]] = {}
    frontier = [centre]
    truncated = False
    for _ in range(depth):
        nxt: list[Node] = []
        for n in frontier:
            for rel, other in store.neighbours(n.label, n.id):
                if other.ref not in seen:
                    if len(seen) >= limit:
                        truncated = True
                        continue
                    seen[other.ref] = other
                    nxt.append(other)
                links[(rel.type, rel.src, rel.dst)] = {
                    "source": f"{rel.src[0]}:{rel.src[1]}",
                    "target": f"{rel.dst[0]}:{rel.dst[1]}",
                    "type": rel.type,
                    **rel.props,
                }
        frontier = nxt
    keys = {f"{r[0]}:{r[1]}" for r in seen}
    return {
        "centre": ref_json(centre),
        "nodes": [{**_brief(n), "key": f"{n.label}:{n.id}"} for n in seen.values()],
        "links": [link for link in links.values() if link["source"] in keys and link["target"] in keys],
        "truncated": truncated,
    }


#: Properties a neighbourhood leaves out: a document's whole text and its figures
#: (GET /api/documents/{id} and /api/documents/{id}/figures have them).
_BULKY = {"Document": ("passages", "figures")}


def _brief(node: Node) -> dict[str, Any]:
    out = node_json(node)
    for prop in _BULKY.get(node.label, ()):
        out.pop(prop, None)
    return out


# ------------------------------------------------------------------- stats


def area_stats(store: Store, area: str | None = None) -> dict[str, Any]:
    """Counts in an area's subtree (or the whole store): the figures the seeds report."""
    if area is None:
        counts = store.counts()
        return {"area": None, **counts}
    node = resolve(store, area, ("Area",))
    codes = store.subtree(node.id)
    levels: dict[str, int] = {}
    for a in store.get_nodes("Area", codes).values():
        levels[a.get("level", "")] = levels.get(a.get("level", ""), 0) + 1
    needs = {s: store.find_nodes("Need", {"status": s}, areas=codes, limit=0)[0] for s in NEED_STATUS.codes}
    platforms = {
        kind: store.find_nodes("Platform", {"kind": kind}, areas=codes, limit=0)[0]
        for kind in PLATFORM_KIND.codes
    }
    return {
        "area": {**ref_json(node), "level": node.props.get("level")},
        "areas": levels,
        "units": store.find_nodes("Unit", areas=codes, limit=0)[0],
        "platforms": platforms,
        "needs": needs,
        "projects": store.find_nodes("Project", areas=codes, limit=0)[0],
    }


def node_detail(store: Store, id: str, labels: tuple[str, ...] = LABELS) -> dict[str, Any]:
    node = resolve(store, id, labels)
    out = node_json(node)
    out["relationships"] = [
        {
            "type": rel.type,
            "direction": "out" if rel.src == node.ref else "in",
            "node": ref_json(other),
            **rel.props,
        }
        for rel, other in sorted(
            store.neighbours(node.label, node.id),
            key=lambda ro: (ro[0].type, natural_key(display_name(ro[1].label, ro[1].props)), ro[1].id),
        )
    ]  # in order: a community's grids 第一, 第二 … 第十
    return out


__all__ = ["NotFound", "area_stats", "neighbourhood", "node_detail", "paths", "search"]
