"""A need's linked resources (联结): the walks a store retrieves, judged by the rules of
:mod:`gongjian.rules.linkage` — the area chain, the day's memberships and agreements, the
best walk per resource and kind — the same way for both stores."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongjian.graph.store import Joins, NeedHead, NeedWalks, Node, NodeRef, Store, WalkQuestion
from gongjian.model import COMMUNITY_LEVELS, STREET_LEVELS, categories_serving
from gongjian.rules.linkage import area_chain, walk_rank, within
from gongjian.rules.lists import active_load, done_count, satisfaction


@dataclass(slots=True)
class Candidate:
    """A resource reachable from a need through one kind of linkage, with the walk that shows it."""

    kind: str
    """big_committee | agreement | alliance | registration | proximity (strongest first)."""
    path: list[NodeRef]
    unit: Node
    resource: Node


@dataclass(slots=True)
class NeedContext:
    """What matching a need works from; ranking is done by :mod:`gongjian.queries.match`.

    ``areas`` is the need's area and its ancestors, nearest first. ``candidates`` holds, per
    resource whose category can serve the need's (``model.categories_serving``; a missing
    category is ``other``) and linkage kind that holds on the day, the best walk need → … →
    unit → resource (or … → area → resource → unit for a service scope), ordered by
    (resource id, kind). ``done`` counts each candidate unit's completed projects, ``active``
    each candidate resource's orders held this month (:func:`gongjian.rules.lists.active_load`), ``satisfaction`` is each
    candidate unit's residents' satisfaction (:func:`gongjian.rules.lists.satisfaction`).
    ``nodes`` holds the properties of other nodes on the walks that the store gave with them,
    ``joins`` the relationships joining steps of the walks that it gave with them (its
    :meth:`~gongjian.graph.store.Store.joining` answer for those pairs).
    """

    need: Node
    areas: list[Node]
    candidates: list[Candidate] = field(default_factory=list)
    done: dict[str, int] = field(default_factory=dict)
    active: dict[str, int] = field(default_factory=dict)
    satisfaction: dict[str, float] = field(default_factory=dict)
    nodes: dict[NodeRef, dict] = field(default_factory=dict)
    joins: dict[tuple[NodeRef, NodeRef], Joins] = field(default_factory=dict)


def need_context(store: Store, need_id: str, day: str) -> NeedContext | None:
    """A need's candidates on ``day``, or None if there is no such need."""
    head = store.need_head(need_id)
    if head is None:
        return None
    question = _question(head)
    return _context(head, question.chain, store.need_walks(*question), day)


def need_contexts(store: Store, need_ids: list[str], day: str) -> dict[str, NeedContext]:
    """:func:`need_context` of several needs (those that exist), each store read asked once for
    all of them (a county's allocation)."""
    heads = store.need_heads(need_ids)
    questions = [_question(head) for head in heads.values()]
    found = store.need_walks_of(questions)
    return {
        q.need_id: _context(heads[q.need_id], q.chain, walks, day)
        for q, walks in zip(questions, found, strict=True)
    }


def _question(head: NeedHead) -> WalkQuestion:
    """What to ask the store for a need's walks: its area chain, the community's and street's
    places on it, the resource categories that serve it."""
    chain = area_chain(head.raised, {code: parents for code, (_, parents) in head.areas.items()})
    levels = [head.areas[code][0].get("level") for code in chain]
    community = next((i for i, level in enumerate(levels) if level in COMMUNITY_LEVELS), None)
    street = next((i for i, level in enumerate(levels) if level in STREET_LEVELS), None)
    serving = categories_serving(head.need.props.get("category") or "other")
    return WalkQuestion(head.need.id, chain, community, street, serving)


def _context(head: NeedHead, chain: list[str], found: NeedWalks, day: str) -> NeedContext:
    """The walks that hold on ``day``, the best per (resource, kind), as a NeedContext."""
    need_id = head.need.id
    need: NodeRef = ("Need", need_id)
    refs = [("Area", code) for code in chain]
    best: dict[tuple[str, str], tuple[tuple, list[NodeRef], str]] = {}
    for w in found.walks:
        if w.window is not None and not within(w.window, day):
            continue
        path = [need, *refs[: w.at + 1], *w.tail]
        key = (w.resource, w.kind)
        rank = walk_rank(w.stage, path)
        old = best.get(key)
        if old is None or rank < old[0]:
            best[key] = (rank, path, w.unit)

    ctx = NeedContext(head.need, [Node("Area", code, head.areas[code][0]) for code in chain])
    ctx.nodes = found.nodes
    ctx.joins = {**head.joins, **found.joins} if head.joins or found.joins else {}
    units: dict[str, Node] = {}
    resources: dict[str, Node] = {}
    for (rid, kind), (_, path, uid) in sorted(best.items()):
        unit = units.get(uid)
        if unit is None:
            props, claimed = found.units[uid]
            unit = units[uid] = Node("Unit", uid, dict(props))
            ctx.done[uid] = done_count(claimed)
            ctx.satisfaction[uid] = satisfaction(found.verdicts.get(uid, {}))
        res = resources.get(rid)
        if res is None:
            props, used = found.resources[rid]
            res = resources[rid] = Node("Resource", rid, dict(props))
            ctx.active[rid] = active_load(used, day)
        ctx.candidates.append(Candidate(kind, path, unit, res))
    return ctx
