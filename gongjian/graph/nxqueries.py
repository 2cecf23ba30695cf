"""Retrieval over a networkx graph: the embedded store's side of the contract's read queries.

Plain functions that take the graph (node ``(label, id)``, edge key = type) and
return data, in networkx style. The Neo4j store answers the same questions with
the Cypher in ``gongjian/queries/cypher/``; the contract tests hold them equal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Literal

import networkx as nx

from gongjian.graph.store import (
    ACTIVE_PROJECT,
    PATH_POOL,
    Candidate,
    ChangeSet,
    NeedContext,
    Node,
    NodeRef,
    Rel,
)
from gongjian.model import COMMUNITY_LEVELS, NODE_TYPES, STREET_LEVELS, categories_serving

COMMITTEE_KINDS = ("big_committee",)
STREET_PLATFORM_KINDS = ("alliance", "big_working_committee")


def node(g: nx.MultiDiGraph, ref: NodeRef) -> Node:
    return Node(ref[0], ref[1], dict(g.nodes[ref]))


def neighbours(
    g: nx.MultiDiGraph,
    ref: NodeRef,
    types: tuple[str, ...] = (),
    direction: Literal["out", "in", "both"] = "both",
) -> list[tuple[Rel, Node]]:
    if ref not in g:
        return []
    out: list[tuple[Rel, Node]] = []
    if direction in ("out", "both"):
        for _, v, k, d in g.out_edges(ref, keys=True, data=True):
            if not types or k in types:
                out.append((Rel(k, ref, v, dict(d)), node(g, v)))
    if direction in ("in", "both"):
        for u, _, k, d in g.in_edges(ref, keys=True, data=True):
            if not types or k in types:
                out.append((Rel(k, u, ref, dict(d)), node(g, u)))
    out.sort(key=lambda rn: (rn[0].type, rn[1].label, rn[1].id))
    return out


def _in(g: nx.MultiDiGraph, ref: NodeRef, type_: str) -> Iterable[tuple[NodeRef, dict]]:
    """Nodes with a ``type_`` relationship to ``ref``, and its properties.

    Reads networkx's adjacency dicts directly (``_pred``: node → {neighbour: {key: data}}):
    the edge views cost ten times more on this hot path.
    """
    for u, keyed in g._pred[ref].items():
        d = keyed.get(type_)
        if d is not None:
            yield u, d


def _out(g: nx.MultiDiGraph, ref: NodeRef, type_: str) -> Iterable[tuple[NodeRef, dict]]:
    for v, keyed in g._succ[ref].items():
        d = keyed.get(type_)
        if d is not None:
            yield v, d


def subtree(g: nx.MultiDiGraph, code: str) -> list[str]:
    root = ("Area", code)
    if root not in g:
        return []
    seen = [code]
    visited = {root}  # ingest keeps PART_OF acyclic; this guards a hand-edited file all the same
    stack = [root]
    while stack:
        for child, _ in _in(g, stack.pop(), "PART_OF"):
            if child not in visited:
                visited.add(child)
                seen.append(child[1])
                stack.append(child)
    return seen


def ancestors(g: nx.MultiDiGraph, code: str) -> list[NodeRef]:
    """The area and its ancestors, nearest first (stops on a cycle).

    An area has one parent; should it have several, the smallest (label, code) is followed,
    so both stores walk the same chain.
    """
    chain: list[NodeRef] = []
    ref: NodeRef | None = ("Area", code)
    while ref is not None and ref in g and ref not in chain:
        chain.append(ref)
        ref = min((p for p, _ in _out(g, ref, "PART_OF")), default=None)
    return chain


def current(props: dict, today: str) -> bool:
    """A membership is current from ``since`` (if any) until ``until`` (if any), inclusive."""
    since, until = props.get("since"), props.get("until")
    return (not since or since <= today) and (not until or until >= today)


def in_force(props: dict, today: str) -> bool:
    """An agreement is in force from signing until it expires (open-ended when no date)."""
    signed, expires = props.get("signed"), props.get("expires")
    return (not signed or signed <= today) and (not expires or expires >= today)


def units_of(g: nx.MultiDiGraph, ref: NodeRef) -> list[list[NodeRef]]:
    """The unit a member or signatory stands for, as the walk to it: [unit] or [party org, unit]."""
    if ref[0] == "Unit":
        return [[ref]]
    if ref[0] == "PartyOrg":
        return [[ref, u] for u, _ in _out(g, ref, "BUILT_IN") if u[0] == "Unit"]
    return []


def walk_rank(stage: int, path: list[NodeRef]) -> tuple[int, int, list[NodeRef]]:
    """Which of several walks for one (resource, kind) a need's context keeps: the smallest rank.

    The stage first (a proximity walk through the street's own areas, stage 0, before one
    through a service scope, stage 1; every other kind has stage 0), then the shorter walk
    (a unit that is a member itself before one through its party org; a nearer service area
    before a farther one), then the smaller node sequence. Both stores keep the same walk
    whatever order they find them in.
    """
    return (stage, len(path), path)


def street_units(g: nx.MultiDiGraph, street: NodeRef) -> list[tuple[NodeRef, ...]]:
    """The units that sit in a street's own area or any area below it and offer a resource,
    each as the walk down to it (the areas below the street, then the unit). One pass over
    each area's in-edges finds both units and sub-areas; most of those edges are people's
    LOCATED_IN."""
    pred, succ = g._pred, g._succ
    found: list[tuple[NodeRef, ...]] = []
    stack: list[tuple[NodeRef, tuple[NodeRef, ...]]] = [(street, ())]
    while stack:
        area, walk = stack.pop()
        for u, keyed in pred[area].items():
            if "LOCATED_IN" in keyed and u[0] == "Unit" and any("OFFERS" in k for k in succ[u].values()):
                found.append((*walk, u))
            if "PART_OF" in keyed:
                stack.append((u, (*walk, u)))
    return found


def offered(g: nx.MultiDiGraph, unit: NodeRef) -> dict[str, list[NodeRef]]:
    """The resources a unit offers, by category (a missing one is ``other``)."""
    nodes = g._node
    by_category: dict[str, list[NodeRef]] = {}
    for res, keyed in g._succ[unit].items():
        if "OFFERS" in keyed:
            by_category.setdefault(nodes[res].get("category") or "other", []).append(res)
    return by_category


Walk = tuple[NodeRef, ...]
#: A unit linked to an area: (linkage kind, the walk from the area down to the unit — the
#: area itself left out —, the unit's resources by category as :func:`offered` gives them).
Link = tuple[str, Walk, dict[str, list[NodeRef]]]


def community_links(
    g: nx.MultiDiGraph, community: NodeRef, today: str, offers: dict[NodeRef, dict[str, list[NodeRef]]]
) -> list[Link]:
    """The units linked to a community that offer something: members of its big party
    committee (1), signatories of agreements in force with the community or its party org
    (2), units registered with it (4, 双报到). ``offers`` memoises :func:`offered`."""
    nodes = g._node
    walks: list[tuple[str, Walk]] = []
    c_orgs = [o for o, _ in _in(g, community, "BUILT_IN") if o[0] == "PartyOrg"]
    # 1. the community's big party committee
    for p, _ in _in(g, community, "AT"):
        if nodes[p].get("kind") in COMMITTEE_KINDS:
            for m, d in _in(g, p, "MEMBER_OF"):
                if current(d, today):
                    walks += [("big_committee", (p, *walk)) for walk in units_of(g, m)]
    # 2. agreements in force with the community or its party org
    for side_a in (community, *c_orgs):
        via = () if side_a == community else (side_a,)
        for ag, d in _out(g, side_a, "SIGNED"):
            if d.get("side") == "a" and in_force(nodes[ag], today):
                for b, db in _in(g, ag, "SIGNED"):
                    if db.get("side") == "b":
                        walks += [("agreement", (*via, ag, *walk)) for walk in units_of(g, b)]
    # 4. double registration with the community
    for subj, _ in _in(g, community, "REGISTERED_WITH"):
        walks += [("registration", tuple(walk)) for walk in units_of(g, subj)]
    return _offering(g, walks, offers)


def street_links(
    g: nx.MultiDiGraph, street: NodeRef, today: str, offers: dict[NodeRef, dict[str, list[NodeRef]]]
) -> list[Link]:
    """The units linked to a street that offer something: members of its alliance or big
    working committee (3), and the units that sit in it (5a, :func:`street_units`)."""
    nodes = g._node
    walks: list[tuple[str, Walk]] = []
    for p, _ in _in(g, street, "AT"):
        if nodes[p].get("kind") in STREET_PLATFORM_KINDS:
            for m, d in _in(g, p, "MEMBER_OF"):
                if current(d, today):
                    walks += [("alliance", (p, *walk)) for walk in units_of(g, m)]
    walks += [("proximity", below) for below in street_units(g, street)]
    return _offering(g, walks, offers)


def _offering(
    g: nx.MultiDiGraph, walks: list[tuple[str, Walk]], offers: dict[NodeRef, dict[str, list[NodeRef]]]
) -> list[Link]:
    links: list[Link] = []
    for kind, walk in walks:
        unit = walk[-1]
        by_category = offers.get(unit)
        if by_category is None:
            by_category = offers[unit] = offered(g, unit)
        if by_category:
            links.append((kind, walk, by_category))
    return links


def served_in(g: nx.MultiDiGraph, area: NodeRef) -> list[tuple[NodeRef, str, list[NodeRef]]]:
    """The resources whose service scope is this area (5b): (resource, its category, the
    units offering it)."""
    nodes = g._node
    return [
        (res, nodes[res].get("category") or "other", [unit for unit, _ in _in(g, res, "OFFERS")])
        for res, _ in _in(g, area, "SERVES")
    ]


@dataclasses.dataclass(slots=True)
class Memo:
    """What :func:`need_context` may reuse from one need to the next while the graph does
    not change. Whoever keeps one calls :meth:`changed` after each write. What depends on
    the day (memberships, agreements in force) is kept for one ``today`` at a time.

    A need's own walk is short; the costly part is around its community and street (their
    in-edges are mostly people's LOCATED_IN and REGISTERED_WITH), which the needs raised
    there share.
    """

    today: str = ""
    communities: dict[NodeRef, list[Link]] = dataclasses.field(default_factory=dict)
    """community → :func:`community_links` (on ``today``)"""
    streets: dict[NodeRef, list[Link]] = dataclasses.field(default_factory=dict)
    """street → :func:`street_links` (on ``today``)"""
    served: dict[NodeRef, list[tuple[NodeRef, str, list[NodeRef]]]] = dataclasses.field(default_factory=dict)
    """area → :func:`served_in`"""
    offers: dict[NodeRef, dict[str, list[NodeRef]]] = dataclasses.field(default_factory=dict)
    """unit → :func:`offered`"""
    done: dict[NodeRef, int] = dataclasses.field(default_factory=dict)
    """unit → :func:`done_count`"""
    active: dict[NodeRef, int] = dataclasses.field(default_factory=dict)
    """resource → :func:`active_load`"""

    def on(self, today: str) -> None:
        """Forget what held on another day."""
        if today != self.today:
            self.today = today
            self.communities.clear()
            self.streets.clear()

    def changed(self, links: bool) -> None:
        """After a write: the project counts go; the links too unless ``links`` is False (see
        :func:`moves_links`)."""
        self.done.clear()
        self.active.clear()
        if links:
            self.communities.clear()
            self.streets.clear()
            self.served.clear()
            self.offers.clear()


#: Nodes that no link, offer or service scope is made of: a write that changes only these and
#: relationships at them (a need raised or edited, a claim, a project moving on) leaves a
#: :class:`Memo`'s links standing.
LINK_FREE_LABELS = frozenset(("Need", "Project"))


def moves_links(changes: ChangeSet, removed: Iterable[tuple[NodeRef, NodeRef, str]]) -> bool:
    """Whether a write may change what a :class:`Memo`'s links, offers and service scopes hold."""
    free = LINK_FREE_LABELS
    if any(label not in free for label in changes.nodes):
        return True
    return any(r.src[0] not in free and r.dst[0] not in free for r in changes.rels) or any(
        u[0] not in free and v[0] not in free for u, v, _ in removed
    )


def warm(g: nx.MultiDiGraph, today: str, memo: Memo) -> None:
    """Fill ``memo`` with every community's and street's links and every area's service
    scope on ``today`` (a province: ≈3 s), as a server starts, so that no need pays for its
    community's first."""
    memo.on(today)
    nodes = g._node
    for ref, props in nodes.items():
        if ref[0] != "Area":
            continue
        level = props.get("level")
        if level in COMMUNITY_LEVELS and ref not in memo.communities:
            memo.communities[ref] = community_links(g, ref, today, memo.offers)
        elif level in STREET_LEVELS and ref not in memo.streets:
            memo.streets[ref] = street_links(g, ref, today, memo.offers)
        if ref not in memo.served:
            memo.served[ref] = served_in(g, ref)


def _memoised(
    memo: dict[NodeRef, int],
    g: nx.MultiDiGraph,
    ref: NodeRef,
    count: Callable[[nx.MultiDiGraph, NodeRef], int],
) -> int:
    n = memo.get(ref)
    if n is None:
        n = memo[ref] = count(g, ref)
    return n


def need_context(
    g: nx.MultiDiGraph, need_id: str, today: str, memo: Memo | None = None
) -> NeedContext | None:
    """A need's candidates (see the Store contract)."""
    memo = Memo() if memo is None else memo
    memo.on(today)
    need = ("Need", need_id)
    if need not in g:
        return None
    nodes = g._node  # networkx's own dict (node → props): see _in
    raised = min((a for a, _ in _out(g, need, "RAISED_IN")), default=None)
    chain = ancestors(g, raised[1]) if raised else []
    ctx = NeedContext(node(g, need), [node(g, a) for a in chain])
    levels = [nodes[a].get("level") for a in chain]
    c_at = next((i for i, lv in enumerate(levels) if lv in COMMUNITY_LEVELS), None)
    s_at = next((i for i, lv in enumerate(levels) if lv in STREET_LEVELS), None)
    # (resource id, kind) → (rank, path, unit, resource): the best walk so far (see walk_rank)
    found: dict[tuple[str, str], tuple[tuple, list[NodeRef], NodeRef, NodeRef]] = {}

    def keep(kind: str, path: list[NodeRef], unit: NodeRef, res: NodeRef, stage: int = 0) -> None:
        key = (res[1], kind)
        rank = walk_rank(stage, path)
        old = found.get(key)
        if old is None or rank < old[0]:
            found[key] = (rank, path, unit, res)

    serving = categories_serving(nodes[need].get("category") or "other")

    def offer(links: list[Link], to_area: list[NodeRef]) -> None:
        for kind, walk, by_category in links:
            unit = walk[-1]
            for category, resources in by_category.items():
                if category in serving:
                    for res in resources:
                        keep(kind, [need, *to_area, *walk, res], unit, res)

    if c_at is not None:  # 1, 2 and 4: see community_links
        community = chain[c_at]
        links = memo.communities.get(community)
        if links is None:
            links = memo.communities[community] = community_links(g, community, today, memo.offers)
        offer(links, chain[: c_at + 1])
    if s_at is not None:  # 3 and 5a: see street_links
        street = chain[s_at]
        links = memo.streets.get(street)
        if links is None:
            links = memo.streets[street] = street_links(g, street, today, memo.offers)
        offer(links, chain[: s_at + 1])
    # 5b. resources whose service scope covers the need's area (or an area above it)
    for i, area in enumerate(chain):
        here = memo.served.get(area)
        if here is None:
            here = memo.served[area] = served_in(g, area)
        for res, category, units in here:
            if category in serving:
                for unit in units:
                    keep("proximity", [need, *chain[: i + 1], res, unit], unit, res, stage=1)

    # one copy of each unit's and resource's properties, shared by its candidates; the counts
    # in candidate order (the order the Neo4j store fills them in)
    copies: dict[NodeRef, Node] = {}
    done, active = ctx.done, ctx.active
    candidates = ctx.candidates
    for (_, kind), (_, path, unit, res) in sorted(found.items()):
        u = copies.get(unit)
        if u is None:
            u = copies[unit] = _node(unit[0], unit[1], dict(nodes[unit]))
            done[unit[1]] = _memoised(memo.done, g, unit, done_count)
        r = copies.get(res)
        if r is None:
            r = copies[res] = _node(res[0], res[1], dict(nodes[res]))
            active[res[1]] = _memoised(memo.active, g, res, active_load)
        candidates.append(_candidate(kind, path, u, r))
    return ctx


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[object, object], None], ...]:
    """The slot descriptors' setters of a frozen, slotted dataclass of the contract, in field order."""
    if tuple(f.name for f in dataclasses.fields(cls)) != names:
        raise TypeError(f"{cls.__name__} has other fields now: update nxqueries._node/_candidate")
    return tuple(cls.__dict__[name].__set__ for name in names)


_NODE_FIELDS = _slot_setters(Node, ("label", "id", "props"))
_CANDIDATE_FIELDS = _slot_setters(Candidate, ("kind", "path", "unit", "resource"))


def _node(label: str, id_: str, props: dict) -> Node:
    """``Node(label, id_, props)`` in half the time: a frozen dataclass's ``__init__`` sets each
    field through ``object.__setattr__``; a need's context builds a hundred of them."""
    n = object.__new__(Node)
    set_label, set_id, set_props = _NODE_FIELDS
    set_label(n, label)
    set_id(n, id_)
    set_props(n, props)
    return n


def _candidate(kind: str, path: list[NodeRef], unit: Node, resource: Node) -> Candidate:
    """``Candidate(kind, path, unit, resource)``, the way ``_node`` builds a Node."""
    c = object.__new__(Candidate)
    set_kind, set_path, set_unit, set_resource = _CANDIDATE_FIELDS
    set_kind(c, kind)
    set_path(c, path)
    set_unit(c, unit)
    set_resource(c, resource)
    return c


def done_count(g: nx.MultiDiGraph, unit: NodeRef) -> int:
    """Completed projects claimed by a unit: its track record."""
    nodes = g._node
    n = 0
    for p, keyed in g._pred[unit].items():
        if "CLAIMED_BY" in keyed and nodes[p].get("status") == "done":
            n += 1
    return n


def active_load(g: nx.MultiDiGraph, resource: NodeRef) -> int:
    """Claimed or in-progress projects using a resource: the capacity it holds."""
    nodes = g._node
    n = 0
    for p, keyed in g._pred[resource].items():
        if "USES" in keyed and nodes[p].get("status", "claimed") in ACTIVE_PROJECT:
            n += 1
    return n


def names(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    out = []
    for (label, id_), props in g.nodes(data=True):
        name = props.get(NODE_TYPES[label].name_prop) if label in NODE_TYPES else None
        if name:
            out.append((label, id_, str(name)))
    return out


def shortest_paths(
    g: nx.MultiDiGraph, src: NodeRef, dst: NodeRef, k: int, max_hops: int
) -> list[list[NodeRef]]:
    """The store contract's ``shortest_paths`` over an undirected view (no copy of the graph)."""
    if src not in g or dst not in g:
        return []
    view = g.to_undirected(as_view=True)
    try:
        if nx.shortest_path_length(view, src, dst) > max_hops:
            return []
        pool = []
        for path in nx.all_shortest_paths(view, src, dst):
            pool.append(path)
            if len(pool) >= PATH_POOL:
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(pool)[:k]
