"""Linkage paths read from the SQLite file: the embedded store's ``linkage_paths``.

A breadth-first search from the far end gives each node's distance to it, then a
depth-first walk from the near end goes only where that distance still fits the length
allowed. Every step reads one node's relationships through the file's indexes on both
ends, so a search costs the neighbourhoods it visits, not the file.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongjian.graph.sqlqueries import File
from gongjian.graph.store import PATH_POOL, Joins, LinkPath, NodeRef, PathSkip


class _Near:
    """A node's neighbours and the relationship types joining them, skipping ``skip_types``,
    each node read from the file once per search."""

    def __init__(self, f: File, skip_types: frozenset[str]) -> None:
        self.f = f
        self.skip = skip_types
        self.seen: dict[NodeRef, dict[NodeRef, list[tuple[str, bool]]]] = {}

    def joins(self, u: NodeRef) -> dict[NodeRef, list[tuple[str, bool]]]:
        """Neighbour → the ``(type, forward)`` relationships joining ``u`` to it."""
        found = self.seen.get(u)
        if found is None:
            found = self.seen[u] = {}
            con = self.f.con
            outs = con.execute(
                "SELECT type, dst_label, dst_id FROM rels WHERE src_label = ? AND src_id = ?", u
            )
            for type_, label, id_ in outs:
                if type_ not in self.skip:
                    found.setdefault((label, id_), []).append((type_, True))
            ins = con.execute(
                "SELECT type, src_label, src_id FROM rels WHERE dst_label = ? AND dst_id = ?", u
            )
            for type_, label, id_ in ins:
                if type_ not in self.skip:
                    found.setdefault((label, id_), []).append((type_, False))
        return found


def linkage_paths(f: File, src: NodeRef, dst: NodeRef, max_hops: int, skip: PathSkip) -> list[LinkPath]:
    """The store contract's ``linkage_paths``."""
    if not (f.has(src) and f.has(dst)):
        return []
    if src == dst:
        return [LinkPath((src,), ())]
    skip_labels = skip.labels
    near = _Near(f, skip.types)

    dist = {dst: 0}  # distances to dst, through nodes a path may pass (dst aside)
    frontier, level, longest = [dst], 0, max_hops
    while frontier and level < longest - 1:  # an inner node is at most longest - 1 away
        level += 1
        ahead = []
        for u in frontier:
            if u == dst or u[0] not in skip_labels:
                for v in near.joins(u):
                    if v not in dist:
                        dist[v] = level
                        ahead.append(v)
        frontier = ahead
        if src in dist:
            longest = min(max_hops, dist[src] + 2)
    if src not in dist and not any(
        v in dist and (v == dst or v[0] not in skip_labels) for v in near.joins(src)
    ):
        return []  # (when src is not in dist, a path is max_hops long or none is)
    found: list[tuple[NodeRef, ...]] = []
    path, on = [src], {src}

    def walk(u: NodeRef) -> None:
        for v in sorted(near.joins(u)):
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
        LinkPath(p, tuple(tuple(sorted(near.joins(a)[b])) for a, b in zip(p, p[1:], strict=False)))
        for p in found
    ]


def joining(f: File, pairs: Iterable[tuple[NodeRef, NodeRef]]) -> dict[tuple[NodeRef, NodeRef], Joins]:
    """The store contract's ``joining``: two indexed ranges a pair."""
    out: dict[tuple[NodeRef, NodeRef], Joins] = {}
    sql = "SELECT type FROM rels WHERE src_label = ? AND src_id = ? AND dst_label = ? AND dst_id = ?"
    for a, b in pairs:
        there = [(t, True) for (t,) in f.con.execute(sql, (*a, *b))]
        back = [(t, False) for (t,) in f.con.execute(sql, (*b, *a))]
        if there or back:
            out[(a, b)] = tuple(sorted(there + back))
    return out
