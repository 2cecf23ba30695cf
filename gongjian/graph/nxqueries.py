"""Retrieval over a networkx graph: the embedded store's side of the contract's read queries.

Plain functions that take the graph (node ``(label, id)``, edge key = type) and
return data, in networkx style. The Neo4j store answers the same questions with
the Cypher in ``gongjian/queries/cypher/``; the contract tests hold them equal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Literal

import networkx as nx

from gongjian.graph.store import (
    PATH_POOL,
    ChangeSet,
    ClaimFacts,
    Joins,
    LinkPath,
    NeedHead,
    NeedWalks,
    Node,
    NodeRef,
    PathSkip,
    Rel,
    StatusCounts,
    UnitActivity,
    UseCounts,
    Verdicts,
)
from gongjian.graph.store import Walk as StoreWalk
from gongjian.model import COMMUNITY_LEVELS, NODE_TYPES, STREET_LEVELS
from gongjian.rules.linkage import COMMITTEE_KINDS, STREET_PLATFORM_KINDS

Steps = tuple[NodeRef, ...]
"""A walk down from an area or platform to a unit, the start left out."""


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


def units_of(g: nx.MultiDiGraph, ref: NodeRef) -> list[Steps]:
    """The unit a member or signatory stands for, as the walk to it: (unit) or (party org, unit)."""
    if ref[0] == "Unit":
        return [(ref,)]
    if ref[0] == "PartyOrg":
        return [(ref, u) for u, _ in _out(g, ref, "BUILT_IN") if u[0] == "Unit"]
    return []


def street_units(g: nx.MultiDiGraph, street: NodeRef) -> list[Steps]:
    """The units that sit in a street's own area or any area below it and offer a resource,
    each as the walk down to it (the areas below the street, then the unit). One pass over
    each area's in-edges finds both units and sub-areas; most of those edges are people's
    LOCATED_IN."""
    pred, succ = g._pred, g._succ
    found: list[Steps] = []
    stack: list[tuple[NodeRef, Steps]] = [(street, ())]
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


Window = tuple[str | None, str | None] | None
#: A unit linked to an area: (linkage kind, the walk from the area down to the unit — the
#: area itself left out —, when the link holds, the unit's resources by category as
#: :func:`offered` gives them).
Link = tuple[str, Steps, Window, dict[str, list[NodeRef]]]


def community_links(
    g: nx.MultiDiGraph, community: NodeRef, offers: dict[NodeRef, dict[str, list[NodeRef]]]
) -> list[Link]:
    """The units linked to a community that offer something: members of its big party
    committee, signatories of agreements with the community or its party org, units
    registered with it (双报到). ``offers`` memoises :func:`offered`."""
    nodes = g._node
    walks: list[tuple[str, Steps, Window]] = []
    c_orgs = [o for o, _ in _in(g, community, "BUILT_IN") if o[0] == "PartyOrg"]
    for p, _ in _in(g, community, "AT"):
        if nodes[p].get("kind") in COMMITTEE_KINDS:
            for m, d in _in(g, p, "MEMBER_OF"):
                window = (d.get("since"), d.get("until"))
                walks += [("big_committee", (p, *walk), window) for walk in units_of(g, m)]
    for side_a in (community, *c_orgs):
        via = () if side_a == community else (side_a,)
        for ag, d in _out(g, side_a, "SIGNED"):
            if d.get("side") == "a":
                window = (nodes[ag].get("signed"), nodes[ag].get("expires"))
                for b, db in _in(g, ag, "SIGNED"):
                    if db.get("side") == "b":
                        walks += [("agreement", (*via, ag, *walk), window) for walk in units_of(g, b)]
    for subj, _ in _in(g, community, "REGISTERED_WITH"):
        walks += [("registration", walk, None) for walk in units_of(g, subj)]
    return _offering(g, walks, offers)


def street_links(
    g: nx.MultiDiGraph, street: NodeRef, offers: dict[NodeRef, dict[str, list[NodeRef]]]
) -> list[Link]:
    """The units linked to a street that offer something: members of its alliance or big
    working committee, and the units that sit in it (:func:`street_units`)."""
    nodes = g._node
    walks: list[tuple[str, Steps, Window]] = []
    for p, _ in _in(g, street, "AT"):
        if nodes[p].get("kind") in STREET_PLATFORM_KINDS:
            for m, d in _in(g, p, "MEMBER_OF"):
                window = (d.get("since"), d.get("until"))
                walks += [("alliance", (p, *walk), window) for walk in units_of(g, m)]
    walks += [("proximity", below, None) for below in street_units(g, street)]
    return _offering(g, walks, offers)


def _offering(
    g: nx.MultiDiGraph,
    walks: list[tuple[str, Steps, Window]],
    offers: dict[NodeRef, dict[str, list[NodeRef]]],
) -> list[Link]:
    links: list[Link] = []
    for kind, walk, window in walks:
        unit = walk[-1]
        by_category = offers.get(unit)
        if by_category is None:
            by_category = offers[unit] = offered(g, unit)
        if by_category:
            links.append((kind, walk, window, by_category))
    return links


def served_in(g: nx.MultiDiGraph, area: NodeRef) -> list[tuple[NodeRef, str, list[NodeRef]]]:
    """The resources whose service scope is this area: (resource, its category, the units
    offering it)."""
    nodes = g._node
    return [
        (res, nodes[res].get("category") or "other", [unit for unit, _ in _in(g, res, "OFFERS")])
        for res, _ in _in(g, area, "SERVES")
    ]


def project_statuses(g: nx.MultiDiGraph, ref: NodeRef, type_: str) -> StatusCounts:
    """The statuses of the projects with a ``type_`` relationship to ``ref`` (CLAIMED_BY a
    unit, USES a resource), counted."""
    nodes = g._node
    counts: StatusCounts = {}
    for p, keyed in g._pred[ref].items():
        if type_ in keyed:
            status = nodes[p].get("status")
            counts[status] = counts.get(status, 0) + 1
    return counts


def project_uses(g: nx.MultiDiGraph, res: NodeRef) -> UseCounts:
    """The (status, started) of the projects that USE a resource, counted."""
    nodes = g._node
    counts: UseCounts = {}
    for p, keyed in g._pred[res].items():
        if "USES" in keyed:
            key = (nodes[p].get("status"), nodes[p].get("started"))
            counts[key] = counts.get(key, 0) + 1
    return counts


def unit_verdicts(g: nx.MultiDiGraph, unit: NodeRef) -> Verdicts:
    """Residents' verdicts on the needs the projects CLAIMED_BY ``unit`` address, counted by
    (project status, need rating); needs without a rating are left out."""
    nodes = g._node
    counts: Verdicts = {}
    for p, keyed in g._pred[unit].items():
        if "CLAIMED_BY" in keyed:
            status = nodes[p].get("status")
            for n, via in g._succ[p].items():
                rating = nodes[n].get("rating") if "ADDRESSES" in via else None
                if rating:
                    counts[(status, rating)] = counts.get((status, rating), 0) + 1
    return counts


@dataclasses.dataclass(slots=True)
class Memo:
    """What :func:`need_walks` may reuse from one need to the next while the graph does not
    change. Whoever keeps one calls :meth:`changed` after each write.

    A need's own walk is short; the costly part is around its community and street (their
    in-edges are mostly people's LOCATED_IN and REGISTERED_WITH), which the needs raised
    there share.
    """

    communities: dict[NodeRef, list[Link]] = dataclasses.field(default_factory=dict)
    """community → :func:`community_links`"""
    streets: dict[NodeRef, list[Link]] = dataclasses.field(default_factory=dict)
    """street → :func:`street_links`"""
    served: dict[NodeRef, list[tuple[NodeRef, str, list[NodeRef]]]] = dataclasses.field(default_factory=dict)
    """area → :func:`served_in`"""
    offers: dict[NodeRef, dict[str, list[NodeRef]]] = dataclasses.field(default_factory=dict)
    """unit → :func:`offered`"""
    claimed: dict[NodeRef, StatusCounts] = dataclasses.field(default_factory=dict)
    verdicts: dict[NodeRef, Verdicts] = dataclasses.field(default_factory=dict)
    """unit → :func:`unit_verdicts`"""
    """unit → :func:`project_statuses` of CLAIMED_BY"""
    used: dict[NodeRef, UseCounts] = dataclasses.field(default_factory=dict)
    """resource → :func:`project_uses`"""

    def changed(self, links: bool) -> None:
        """After a write: the project statuses go; the links too unless ``links`` is False (see
        :func:`moves_links`)."""
        self.claimed.clear()
        self.used.clear()
        self.verdicts.clear()
        if links:
            self.communities.clear()
            self.streets.clear()
            self.served.clear()
            self.offers.clear()


#: Nodes that no link, offer or service scope is made of: a write that changes only these and
#: relationships at them (a need raised or edited, a claim, a project moving on) leaves a
#: :class:`Memo`'s links standing.
LINK_FREE_LABELS = frozenset(("Need", "Project", "Event", "Evaluation", "Document"))


def moves_links(changes: ChangeSet, removed: Iterable[tuple[NodeRef, NodeRef, str]]) -> bool:
    """Whether a write may change what a :class:`Memo`'s links, offers and service scopes hold."""
    free = LINK_FREE_LABELS
    if any(label not in free for label in changes.nodes):
        return True
    return any(r.src[0] not in free and r.dst[0] not in free for r in changes.rels) or any(
        u[0] not in free and v[0] not in free for u, v, _ in removed
    )


def warm(g: nx.MultiDiGraph, memo: Memo) -> None:
    """Fill ``memo`` with every community's and street's links and every area's service
    scope (a province: ≈3 s), as a server starts, so that no need pays for its community's
    first."""
    nodes = g._node
    for ref, props in nodes.items():
        if ref[0] != "Area":
            continue
        level = props.get("level")
        if level in COMMUNITY_LEVELS and ref not in memo.communities:
            memo.communities[ref] = community_links(g, ref, memo.offers)
        elif level in STREET_LEVELS and ref not in memo.streets:
            memo.streets[ref] = street_links(g, ref, memo.offers)
        if ref not in memo.served:
            memo.served[ref] = served_in(g, ref)


def need_head(g: nx.MultiDiGraph, need_id: str) -> NeedHead | None:
    """The store contract's ``need_head``."""
    need = ("Need", need_id)
    if need not in g:
        return None
    nodes = g._node
    raised = min((a for a, _ in _out(g, need, "RAISED_IN")), default=None)
    areas: dict[str, tuple[dict, list[str]]] = {}
    stack = [raised] if raised is not None else []
    while stack:
        area = stack.pop()
        if area[1] not in areas:
            parents = [p for p, _ in _out(g, area, "PART_OF")]
            areas[area[1]] = (dict(nodes[area]), [p[1] for p in parents])
            stack += parents
    return NeedHead(node(g, need), None if raised is None else raised[1], areas)


def need_walks(
    g: nx.MultiDiGraph,
    need_id: str,
    chain: list[str],
    community: int | None,
    street: int | None,
    categories: frozenset[str],
    memo: Memo,
) -> NeedWalks:
    """The store contract's ``need_walks``, reusing ``memo`` (a unit's and a resource's
    properties are the graph's own dicts: read them, never change them)."""
    nodes = g._node
    found = NeedWalks()
    walks, units, resources = found.walks, found.units, found.resources

    def reach(unit: NodeRef, res: NodeRef) -> None:
        if unit[1] not in units:
            units[unit[1]] = (nodes[unit], _memoised(memo.claimed, g, unit, "CLAIMED_BY"))
            rated = memo.verdicts.get(unit)
            if rated is None:
                rated = memo.verdicts[unit] = unit_verdicts(g, unit)
            if rated:
                found.verdicts[unit[1]] = rated
        if res[1] not in resources:
            used = memo.used.get(res)
            if used is None:
                used = memo.used[res] = project_uses(g, res)
            resources[res[1]] = (nodes[res], used)

    def offer(links: list[Link], at: int) -> None:
        for kind, walk, window, by_category in links:
            unit = walk[-1]
            for category, offered_here in by_category.items():
                if category in categories:
                    for res in offered_here:
                        walks.append(StoreWalk(0, kind, at, (*walk, res), unit[1], res[1], window))
                        reach(unit, res)

    if community is not None:
        ref = ("Area", chain[community])
        links = memo.communities.get(ref)
        if links is None:
            links = memo.communities[ref] = community_links(g, ref, memo.offers)
        offer(links, community)
    if street is not None:
        ref = ("Area", chain[street])
        links = memo.streets.get(ref)
        if links is None:
            links = memo.streets[ref] = street_links(g, ref, memo.offers)
        offer(links, street)
    for at, code in enumerate(chain):
        ref = ("Area", code)
        here = memo.served.get(ref)
        if here is None:
            here = memo.served[ref] = served_in(g, ref)
        for res, category, offering in here:
            if category in categories:
                for unit in offering:
                    walks.append(StoreWalk(1, "proximity", at, (res, unit), unit[1], res[1], None))
                    reach(unit, res)
    return found


def _memoised(
    memo: dict[NodeRef, StatusCounts], g: nx.MultiDiGraph, ref: NodeRef, type_: str
) -> StatusCounts:
    counts = memo.get(ref)
    if counts is None:
        counts = memo[ref] = project_statuses(g, ref, type_)
    return counts


def claim_facts(g: nx.MultiDiGraph, need_id: str, resource_id: str, project_id: str) -> ClaimFacts:
    """The store contract's claim facts, read from the graph (in step with the file)."""
    need, res = ("Need", need_id), ("Resource", resource_id)
    return ClaimFacts(
        need=node(g, need) if need in g else None,
        resource=node(g, res) if res in g else None,
        resource_projects=project_uses(g, res) if res in g else {},
        offered_by=sorted(u[1] for u, _ in _in(g, res, "OFFERS")) if res in g else [],
        raised_in=sorted(a[1] for a, _ in _out(g, need, "RAISED_IN")) if need in g else [],
        project_taken=("Project", project_id) in g,
    )


def names(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    out = []
    for (label, id_), props in g.nodes(data=True):
        name = props.get(NODE_TYPES[label].name_prop) if label in NODE_TYPES else None
        if name:
            out.append((label, id_, str(name)))
            for short in props.get("aliases") or ():  # its short names (简称), after its name
                if isinstance(short, str) and short:
                    out.append((label, id_, short))
    return out


def linkage_paths(
    g: nx.MultiDiGraph, src: NodeRef, dst: NodeRef, max_hops: int, skip: PathSkip
) -> list[LinkPath]:
    """The store contract's ``linkage_paths``: a breadth-first search from ``dst`` gives each
    node's distance to it, and a depth-first walk from ``src`` goes only where that distance
    still fits the length allowed."""
    if src not in g or dst not in g:
        return []
    if src == dst:
        return [LinkPath((src,), ())]
    succ, pred = g._succ, g._pred
    skip_labels, skip_types = skip

    def near(u: NodeRef) -> set[NodeRef]:
        out = {v for v, keyed in succ[u].items() if not skip_types.issuperset(keyed)}
        out.update(v for v, keyed in pred[u].items() if not skip_types.issuperset(keyed))
        return out

    dist = {dst: 0}  # distances to dst, through nodes a path may pass (dst aside)
    frontier, level, longest = [dst], 0, max_hops
    while frontier and level < longest - 1:  # an inner node is at most longest - 1 away
        level += 1
        ahead = []
        for u in frontier:
            if u == dst or u[0] not in skip_labels:
                for v in near(u):
                    if v not in dist:
                        dist[v] = level
                        ahead.append(v)
        frontier = ahead
        if src in dist:
            longest = min(max_hops, dist[src] + 2)
    if src not in dist and not any(v in dist and (v == dst or v[0] not in skip_labels) for v in near(src)):
        return []  # (when src is not in dist, a path is max_hops long or none is)
    found: list[tuple[NodeRef, ...]] = []
    path, on = [src], {src}

    def walk(u: NodeRef) -> None:
        for v in sorted(near(u)):
            if len(found) >= PATH_POOL:
                return
            if v == dst:
                found.append((*path, dst))
            elif v not in on and v[0] not in skip_labels and len(path) + dist.get(v, longest) <= longest:
                path.append(v)
                on.add(v)
                walk(v)
                on.discard(v)
                path.pop()

    walk(src)
    found.sort(key=len)
    return [
        LinkPath(p, tuple(_joining(g, a, b, skip_types) for a, b in zip(p, p[1:], strict=False)))
        for p in found
    ]


def joining(
    g: nx.MultiDiGraph, pairs: Iterable[tuple[NodeRef, NodeRef]]
) -> dict[tuple[NodeRef, NodeRef], Joins]:
    """The store contract's ``joining``."""
    out = {}
    for a, b in pairs:
        if a in g and b in g:
            joins = _joining(g, a, b, frozenset())
            if joins:
                out[(a, b)] = joins
    return out


def _joining(g: nx.MultiDiGraph, a: NodeRef, b: NodeRef, skip: frozenset[str]) -> Joins:
    """The relationships joining ``a`` to ``b`` (but those of ``skip``): sorted (type, forward)."""
    there = [(t, True) for t in g._succ[a].get(b, ()) if t not in skip]
    back = [(t, False) for t in g._pred[a].get(b, ()) if t not in skip]
    return tuple(sorted(there + back))


# ---------------------------------------------------------------- assessment


#: Labels whose edges into an area never lead to a unit for :func:`area_units`.
_NO_UNIT = frozenset(("Person", "Need", "Project", "Event", "Evaluation", "Resource"))


def area_units(g: nx.MultiDiGraph, codes: list[str]) -> list[str]:
    """The store contract's ``area_units``."""
    units: set[str] = set()
    succ, pred = g._succ, g._pred

    def holder(ref: NodeRef) -> None:
        if ref[0] == "Unit":
            units.add(ref[1])
        elif ref[0] == "PartyOrg":
            units.update(u[1] for u, keyed in succ[ref].items() if "BUILT_IN" in keyed and u[0] == "Unit")

    def signers(agreement: NodeRef) -> None:
        for s, keyed in pred[agreement].items():
            if "SIGNED" in keyed:
                holder(s)

    for code in codes:
        area = ("Area", code)
        if area not in succ:
            continue
        for src, keyed in pred[area].items():
            if src[0] in _NO_UNIT:  # people, needs, projects: most of an area's edges
                continue
            if "LOCATED_IN" in keyed and src[0] == "Unit":
                units.add(src[1])
            if "REGISTERED_WITH" in keyed:
                holder(src)
            if "AT" in keyed and src[0] == "Platform":
                for m, k2 in pred[src].items():
                    if "MEMBER_OF" in k2:
                        holder(m)
            if "BUILT_IN" in keyed and src[0] == "PartyOrg":
                for agreement, k2 in succ[src].items():
                    if "SIGNED" in k2:
                        signers(agreement)
        for agreement, keyed in succ[area].items():
            if "SIGNED" in keyed:
                signers(agreement)
    return sorted(units)


_HELD = ("MEMBER_OF", "SIGNED", "REGISTERED_WITH")


def unit_activity(g: nx.MultiDiGraph, unit_ids: list[str]) -> list[UnitActivity]:
    """The store contract's ``unit_activity``. Properties are the graph's own dicts (as in
    :func:`need_walks`): read them, never change them."""
    nodes, succ, pred = g._node, g._succ, g._pred
    out: list[UnitActivity] = []
    for uid in sorted(set(unit_ids)):
        unit = ("Unit", uid)
        if unit not in nodes:
            continue
        act = UnitActivity(Node("Unit", uid, nodes[unit]))
        orgs = sorted(o for o, keyed in pred[unit].items() if "BUILT_IN" in keyed and o[0] == "PartyOrg")
        act.orgs = [Node(o[0], o[1], nodes[o]) for o in orgs]
        people = {p for p, keyed in pred[unit].items() if "WORKS_AT" in keyed and p[0] == "Person"}
        for o in orgs:
            people.update(p for p, keyed in pred[o].items() if "BELONGS_TO" in keyed and p[0] == "Person")
        act.people = sorted(p[1] for p in people)
        links: list[tuple[Rel, Node]] = []
        for holder in (unit, *orgs, *sorted(people)):
            for other, keyed in succ[holder].items():
                for type_ in _HELD:
                    if type_ in keyed:
                        links.append(
                            (Rel(type_, holder, other, keyed[type_]), Node(other[0], other[1], nodes[other]))
                        )
        for holder in (unit, *orgs):
            for e, keyed in pred[holder].items():
                if "EVALUATES" in keyed:
                    links.append(
                        (Rel("EVALUATES", e, holder, keyed["EVALUATES"]), Node(e[0], e[1], nodes[e]))
                    )
        links.sort(key=lambda rn: (rn[0].type, rn[0].src, rn[0].dst))
        act.links = links
        for p, keyed in sorted(pred[unit].items()):
            if "CLAIMED_BY" in keyed and p[0] == "Project":
                needs = sorted(n[1] for n, k2 in succ[p].items() if "ADDRESSES" in k2 and n[0] == "Need")
                act.projects.append((Node(p[0], p[1], nodes[p]), needs))
                for n in needs:
                    act.needs.setdefault(n, nodes[("Need", n)])
        act.resources = [
            Node(r[0], r[1], nodes[r])
            for r, keyed in sorted(succ[unit].items())
            if "OFFERS" in keyed and r[0] == "Resource"
        ]
        out.append(act)
    return out
