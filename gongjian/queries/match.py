"""Matching a resident need to the resources of linked units (群众点单 → 社区派单).

The store retrieves every resource reachable through a linkage (docs/domain.md,
"Linkage"); here they are filtered and ranked, the same way for both stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from gongjian.graph.store import Joins, NodeRef, NotFound, Store
from gongjian.model import CATEGORY, COMMUNITY_LEVELS, URGENCY, display_name
from gongjian.queries.common import node_json, ref_json, today, via_json
from gongjian.queries.linkage import Candidate, NeedContext, need_context
from gongjian.queries.text import similarity, words
from gongjian.queries.text import warm_up as warm_text
from gongjian.rules.linkage import KIND_ORDER, LINK_KINDS
from gongjian.rules.lists import available, capacity

#: How much each part counts in the score (sums to 1). ``track_record`` is the unit's done projects,
#: done ÷ (done + 2), times its residents' ``satisfaction`` ((satisfied + fair + 1) ÷ (rated + 1)
#: of the needs its done projects served, :func:`gongjian.rules.lists.satisfaction`), which is
#: shown as a part of its own and counts only through the track record.
WEIGHTS: dict[str, float] = {
    "link": 0.35,
    "category": 0.2,
    "text": 0.2,
    "capacity": 0.1,
    "track_record": 0.1,
    "urgency": 0.05,
}
URGENCY_WEIGHT = {"high": 1.0, "medium": 0.6, "low": 0.3}


@dataclass(frozen=True, slots=True)
class Match:
    candidate: Candidate
    score: float
    parts: dict[str, float]
    capacity_left: int
    other_links: tuple[str, ...]


def _text(props: dict) -> str:
    return " ".join(str(props.get(k) or "") for k in ("title", "description"))


def warm_up(store: Store) -> int:
    """Load jieba's dictionary and cut every resource's text into words now, as a server
    starts (≈0.1 ms a text: Kunming 0.12 s, a province ≈10 s), and let the store prepare
    (:meth:`Store.warm_up`), so that no request pays for them: not the first (≈1 s of
    dictionary), not a need's first match, not the first need of a community."""
    warm_text()
    _, resources = store.find_nodes("Resource")
    for r in resources:
        words(_text(r.props))
    store.warm_up()
    return len(resources)


def rank(ctx: NeedContext) -> list[Match]:
    """Every fitting resource once, through its strongest link, best score first."""
    need = ctx.need.props
    need_cat = need.get("category") or "other"
    need_text = _text(need)
    urgency = URGENCY_WEIGHT.get(need.get("urgency") or "medium", 0.6)
    by_resource: dict[str, list[Candidate]] = {}
    for c in ctx.candidates:
        by_resource.setdefault(c.resource.id, []).append(c)
    out: list[Match] = []
    for rid, cands in by_resource.items():
        res = cands[0].resource.props
        if not available(res):  # (the context holds only categories that serve the need's)
            continue
        total = capacity(res)
        left = total - ctx.active.get(rid, 0)
        if left <= 0:
            continue
        category = res.get("category") or "other"
        cands.sort(key=lambda c: KIND_ORDER[c.kind])
        best = cands[0]
        done = ctx.done.get(best.unit.id, 0)
        satisfied = ctx.satisfaction.get(best.unit.id, 1.0)
        parts = {
            "link": LINK_KINDS[best.kind][0],
            "category": 1.0 if category == need_cat else 0.6,
            "text": round(similarity(need_text, _text(res)), 4),
            "capacity": 1.0 if res.get("status") == "idle" else round(left / total, 4),
            "track_record": round(done / (done + 2) * satisfied, 4),
            "urgency": urgency,
            "satisfaction": satisfied,
        }
        score = round(sum(w * parts[k] for k, w in WEIGHTS.items()), 4)
        kinds = tuple(dict.fromkeys(c.kind for c in cands[1:] if c.kind != best.kind))
        out.append(Match(best, score, parts, left, kinds))
    out.sort(key=lambda m: (-m.score, m.candidate.resource.id))
    return out


def match_json(
    m: Match,
    store_nodes: dict[NodeRef, dict] | None = None,
    joins: dict[tuple[NodeRef, NodeRef], Joins] | None = None,
) -> dict[str, Any]:
    """A match as answered; with ``joins`` (:func:`path_joins`) each node of its path after the
    first says ``via`` which relationships join it to the one before."""
    c = m.candidate
    res = c.resource.props
    return {
        "resource": {
            **ref_json(c.resource),
            "title": res.get("title"),
            "category": res.get("category"),
            "category_zh": CATEGORY.zh(res.get("category") or "other"),
            "status": res.get("status"),
            "capacity": capacity(res),
            "capacity_left": m.capacity_left,
        },
        "unit": ref_json(c.unit),
        "score": m.score,
        "parts": m.parts,
        "link": {
            "kind": c.kind,
            "kind_zh": LINK_KINDS[c.kind][1],
            "path": _path_json(c.path, store_nodes, joins),
        },
        "other_links": list(m.other_links),
        "other_links_zh": [LINK_KINDS[k][1] for k in m.other_links],
    }


def _path_json(
    path: list[NodeRef], names: dict[NodeRef, dict] | None, joins: dict[tuple[NodeRef, NodeRef], Joins] | None
) -> list[dict[str, Any]]:
    out = []
    for i, ref in enumerate(path):
        props = (names or {}).get(ref, {})
        node = {"id": ref[1], "label": ref[0], "name": display_name(ref[0], props) if props else ref[1]}
        if joins is not None and i:
            node["via"] = via_json(joins.get((path[i - 1], ref), ()))
        out.append(node)
    return out


def path_joins(
    store: Store, matches: list[Match], *contexts: NeedContext
) -> dict[tuple[NodeRef, NodeRef], Joins]:
    """The relationships each step of the matches' paths takes: those the store gave with the
    walks (the contexts' ``joins``), the others in one retrieval."""
    known: dict[tuple[NodeRef, NodeRef], Joins] = {}
    for ctx in contexts:
        known.update(ctx.joins)
    wanted = {pair for m in matches for pair in pairwise(m.candidate.path)}
    missing = wanted - known.keys()
    found = store.joining(missing) if missing else {}
    return {pair: joins for pair in wanted if (joins := known.get(pair) or found.get(pair))}


def need_json(ctx: NeedContext) -> dict[str, Any]:
    need = node_json(ctx.need)
    area = ctx.areas[0] if ctx.areas else None
    need["area"] = {**ref_json(area), "level": area.props.get("level")} if area else None
    community = next((a for a in ctx.areas if a.props.get("level") in COMMUNITY_LEVELS), None)
    need["community"] = ref_json(community) if community else None
    need["urgency_zh"] = URGENCY.zh(need.get("urgency") or "medium")
    return need


def path_names(store: Store, matches: list[Match], ctx: NeedContext) -> dict[tuple[str, str], dict]:
    """Properties of every node on the matches' paths: those the store gave with the walks, the
    others fetched in one batch per label."""
    known: dict[tuple[str, str], dict] = dict(ctx.nodes)
    known[("Need", ctx.need.id)] = ctx.need.props
    known.update({("Area", a.id): a.props for a in ctx.areas})
    for m in matches:
        known[("Unit", m.candidate.unit.id)] = m.candidate.unit.props
        known[("Resource", m.candidate.resource.id)] = m.candidate.resource.props
    wanted: dict[str, set[str]] = {}
    for m in matches:
        for ref in m.candidate.path:
            if ref not in known:
                wanted.setdefault(ref[0], set()).add(ref[1])
    for label, ids in wanted.items():
        for id_, props in store.get_nodes(label, sorted(ids)).items():
            known[(label, id_)] = props
    return known


def match_need(store: Store, need_id: str, *, limit: int = 10, on: str | None = None) -> dict[str, Any]:
    """The ranked matches of a need: ``{"need": …, "matches": [...]}``; no candidate is an empty list."""
    ctx = need_context(store, need_id, on or today())
    if ctx is None:
        raise NotFound("需求", need_id)
    matches = rank(ctx)[: max(limit, 0)]
    names, joins = path_names(store, matches, ctx), path_joins(store, matches, ctx)
    return {"need": need_json(ctx), "matches": [match_json(m, names, joins) for m in matches]}
