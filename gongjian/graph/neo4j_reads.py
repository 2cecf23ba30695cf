"""The Neo4j store's reads: the read half of the store contract, in Cypher (a mixin of
:class:`gongjian.graph.neo4j.Neo4jStore`, which brings the driver, its sessions and its
one-line errors).

Every read is a file in ``gongjian/queries/cypher/``, values always parameters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal, TypeVar

import neo4j

from gongjian.graph.cypher import render
from gongjian.graph.store import (
    PATH_POOL,
    NeedHead,
    NeedWalks,
    Node,
    NodeRef,
    Rel,
    UnitActivity,
    Walk,
)
from gongjian.model import LABELS, NODE_TYPES, REL_TYPES
from gongjian.rules.linkage import COMMITTEE_KINDS, STREET_PLATFORM_KINDS

BATCH = 5000  # ids per UNWIND statement
KEY_ONLY = "_gj_key_only"
RESERVED = "_gj_"

_LABELS = frozenset(LABELS)
T = TypeVar("T")


def _chunks(items: Sequence[T], n: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _props(stored: dict) -> dict:
    """A node's props as the contract sees them: ``_gj_`` properties (and, key-only, ``id``) removed."""
    props = {k: v for k, v in stored.items() if not k.startswith(RESERVED)}
    if stored.get(KEY_ONLY):
        props.pop("id", None)
    return props


def _label(labels: Iterable[str]) -> str:
    """The model label among a node's labels (gongjian nodes have exactly one)."""
    labels = list(labels)
    return next((lab for lab in labels if lab in _LABELS), labels[0] if labels else "")


def _ref(labels_and_id: Sequence[Any]) -> NodeRef:
    """A ``[labels, id]`` pair as a statement returns it, as a NodeRef."""
    return (_label(labels_and_id[0]), labels_and_id[1])


class Neo4jReads:
    """The contract's reads on a Neo4j server (mixed into :class:`~gongjian.graph.neo4j.Neo4jStore`)."""

    _session: Callable[..., neo4j.Session]
    _translated: Callable[[str], AbstractContextManager[None]]

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self._translated("reading"), self._session() as s:
            return s.execute_read(work)

    def counts(self) -> dict[str, dict[str, int]]:
        def work(tx: neo4j.ManagedTransaction) -> dict[str, dict[str, int]]:
            nodes = {
                label: tx.run(render("count_nodes", LABEL=label)).single(strict=True)["n"] for label in LABELS
            }
            rels = {
                type_: tx.run(render("count_rels", TYPE=type_)).single(strict=True)["n"]
                for type_ in REL_TYPES
            }
            return {"nodes": nodes, "relationships": rels}

        return self._read(work)

    def get_nodes(self, label: str, ids: Iterable[str]) -> dict[str, dict]:
        wanted = list(dict.fromkeys(ids))
        if label not in _LABELS or not wanted:
            return {}
        query = render("get_nodes", LABEL=label)

        def work(tx: neo4j.ManagedTransaction) -> dict[str, dict]:
            found: dict[str, dict] = {}
            for chunk in _chunks(wanted, BATCH):
                for rec in tx.run(query, ids=list(chunk)):
                    found[rec["id"]] = _props(rec["props"])
            return found

        found = self._read(work)
        return {i: found[i] for i in wanted if i in found}

    def labels_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}

        def work(tx: neo4j.ManagedTransaction) -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for label in LABELS:  # model order, as the embedded store answers
                query = render("existing_ids", LABEL=label)
                for chunk in _chunks(wanted, BATCH):
                    for rec in tx.run(query, ids=list(chunk)):
                        out.setdefault(rec["id"], []).append(label)
            return out

        found = self._read(work)
        return {i: found[i] for i in wanted if i in found}

    def iter_nodes(self) -> Iterator[Node]:
        """Every node, streamed label by label (one auto-commit read per label)."""
        with self._translated("reading nodes"), self._session() as s:
            for label in LABELS:
                for rec in s.run(render("iter_nodes", LABEL=label)):
                    yield Node(label, rec[0], _props(rec[1]))

    def iter_rels(self) -> Iterator[Rel]:
        """Every relationship, streamed type by type."""
        with self._translated("reading relationships"), self._session() as s:
            for type_ in REL_TYPES:
                for rec in s.run(render("iter_rels", TYPE=type_)):
                    yield Rel(type_, (_label(rec[0]), rec[1]), (_label(rec[2]), rec[3]), dict(rec[4]))

    def neighbours(
        self,
        label: str,
        id: str,
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
    ) -> list[tuple[Rel, Node]]:
        """Relationships at a node (of some types, one direction) with the node at the other end."""
        if label not in _LABELS:
            return []
        wanted = [t for t in types if t in REL_TYPES] if types else list(REL_TYPES)
        if not wanted:
            return []
        query = render("neighbours", LABEL=label)
        me = (label, id)

        def work(tx: neo4j.ManagedTransaction) -> list[tuple[Rel, Node]]:
            out: list[tuple[Rel, Node]] = []
            result = tx.run(
                query,
                id=id,
                types=wanted,
                outgoing=direction in ("out", "both"),
                incoming=direction in ("in", "both"),
            )
            for rec in result:
                other = Node(_label(rec["labels"]), rec["id"], _props(rec["props"]))
                src, dst = (me, other.ref) if rec["outgoing"] else (other.ref, me)
                out.append((Rel(rec["type"], src, dst, dict(rec["rel"])), other))
            return out

        found = self._read(work)
        # outgoing rows come first and the sort is stable: the embedded store's order
        found.sort(key=lambda rn: (rn[0].type, rn[1].label, rn[1].id))
        return found

    def subtree(self, code: str) -> list[str]:
        """The area's code, then the codes of every area below it in code order ([] if no such area)."""

        def work(tx: neo4j.ManagedTransaction) -> list[str]:
            rec = tx.run(render("subtree"), code=code).single()
            return [] if rec is None else [rec["code"], *(c for c in rec["below"] if c != rec["code"])]

        return self._read(work)

    def find_nodes(
        self,
        label: str,
        where: dict[str, str] | None = None,
        areas: list[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[int, list[Node]]:
        """The total of a label's nodes matching ``where`` and ``areas``, and one page in id order."""
        if label not in _LABELS:
            return 0, []
        query = render("find_nodes", LABEL=label)
        params = {
            "where": dict(where or {}),
            "areas": None if areas is None else list(areas),
            "offset": max(offset, 0),
            "limit": None if limit is None else max(limit, 0),
        }

        def work(tx: neo4j.ManagedTransaction) -> tuple[int, list[Node]]:
            rec = tx.run(query, params).single(strict=True)
            return rec["total"], [Node(label, i, _props(p)) for i, p in rec["page"]]

        return self._read(work)

    def shortest_paths(self, src: NodeRef, dst: NodeRef, k: int, max_hops: int) -> list[list[NodeRef]]:
        """Up to ``k`` shortest paths (either direction) of at most ``max_hops``, in node-sequence order."""
        if src[0] not in _LABELS or dst[0] not in _LABELS:
            return []
        if src == dst:
            return [[src]] if self.get_node(*src) is not None else []
        query = render("shortest_paths", SRC=src[0], DST=dst[0])

        def work(tx: neo4j.ManagedTransaction) -> list[list[NodeRef]]:
            result = tx.run(query, src=src[1], dst=dst[1], pool=PATH_POOL)
            return [[_ref(v) for v in rec["seq"]] for rec in result]

        pool = self._read(work)
        if not pool or len(pool[0]) - 1 > max_hops:
            return []
        return sorted(pool)[:k]

    def relationships(self, type: str) -> list[Rel]:
        """Every relationship of one type, sorted by (src, dst)."""
        if type not in REL_TYPES:
            return []
        query = render("iter_rels", TYPE=type)

        def work(tx: neo4j.ManagedTransaction) -> list[Rel]:
            return [
                Rel(type, (_label(rec[0]), rec[1]), (_label(rec[2]), rec[3]), dict(rec[4]))
                for rec in tx.run(query)
            ]

        return sorted(self._read(work), key=lambda r: (r.src, r.dst))

    def names(self) -> list[tuple[str, str, str]]:
        """``(label, id, name)`` of every node with a name (title for needs and resources), each
        followed by its short names."""

        def work(tx: neo4j.ManagedTransaction) -> list[tuple[str, str, str]]:
            out: list[tuple[str, str, str]] = []
            for label in LABELS:
                query = render("names", LABEL=label)
                for rec in tx.run(query, prop=NODE_TYPES[label].name_prop):
                    if rec["name"]:
                        out.append((label, rec["id"], str(rec["name"])))
                        out.extend(
                            (label, rec["id"], a) for a in rec["aliases"] or () if isinstance(a, str) and a
                        )
            return out

        return self._read(work)

    def need_head(self, need_id: str) -> NeedHead | None:
        """The need, the smallest area it was raised in and every area above (need_head.cypher)."""

        def work(tx: neo4j.ManagedTransaction) -> NeedHead | None:
            head = tx.run(render("need_head"), need=need_id).single()
            if head is None:
                return None
            areas = {a["id"]: (_props(a["props"]), list(a["parents"])) for a in head["areas"]}
            return NeedHead(Node("Need", need_id, _props(head["props"])), head["raised"], areas)

        return self._read(work)

    def need_walks(
        self,
        need_id: str,
        chain: list[str],
        community: int | None,
        street: int | None,
        categories: frozenset[str],
    ) -> NeedWalks:
        """Every walk of the five linkage kinds and what they reach, in one statement (need_walks.cypher)."""

        def work(tx: neo4j.ManagedTransaction) -> NeedWalks:
            parts = tx.run(
                render("need_walks"),
                community=None if community is None else chain[community],
                street=None if street is None else chain[street],
                c_at=community,
                s_at=street,
                chain=chain,
                categories=sorted(categories),
                committee_kinds=list(COMMITTEE_KINDS),
                street_kinds=list(STREET_PLATFORM_KINDS),
            )
            found = NeedWalks()
            for part in parts:
                for stage, kind, at, tail, unit, resource, window in part["walks"]:
                    tail = tuple(map(_ref, tail))
                    found.walks.append(Walk(stage, kind, at, tail, unit, resource, window and tuple(window)))
                for i, props, statuses, rated in part["units"]:
                    found.units.setdefault(i, (_props(props), dict(Counter(statuses))))
                    if rated and i not in found.verdicts:
                        found.verdicts[i] = dict(Counter((status, rating) for status, rating in rated))
                for i, props, statuses in part["resources"]:
                    found.resources.setdefault(i, (_props(props), dict(Counter(statuses))))
            return found

        return self._read(work)

    def area_units(self, codes: list[str]) -> list[str]:
        """Units sitting in or linked to some areas, in one statement (area_units.cypher)."""

        def work(tx: neo4j.ManagedTransaction) -> list[str]:
            return [rec["id"] for rec in tx.run(render("area_units"), codes=list(codes))]

        return self._read(work)

    def unit_activity(self, unit_ids: list[str]) -> list[UnitActivity]:
        """What units' scorecards are judged on, in one statement per 500 units (unit_activity.cypher)."""

        def work(tx: neo4j.ManagedTransaction, ids: Sequence[str]) -> list[UnitActivity]:
            out = []
            for rec in tx.run(render("unit_activity"), units=list(ids)):
                act = UnitActivity(Node("Unit", rec["id"], _props(rec["props"])))
                act.orgs = sorted(
                    (Node("PartyOrg", i, _props(p)) for i, p in rec["orgs"]), key=lambda n: n.id
                )
                act.people = sorted(set(rec["people"]))
                seen = set()
                for type_, src_labels, src, rel, dst_labels, dst, other in rec["links"]:
                    r = Rel(type_, (_label(src_labels), src), (_label(dst_labels), dst), dict(rel))
                    if (r.type, r.src, r.dst) in seen:
                        continue
                    seen.add((r.type, r.src, r.dst))
                    far = r.src if type_ == "EVALUATES" else r.dst
                    act.links.append((r, Node(far[0], far[1], _props(other))))
                act.links.sort(key=lambda rn: (rn[0].type, rn[0].src, rn[0].dst))
                act.projects = sorted(
                    ((Node("Project", i, _props(p)), sorted(set(needs))) for i, p, needs in rec["projects"]),
                    key=lambda pn: pn[0].id,
                )
                act.needs = {i: _props(p) for i, p in rec["needs"]}
                act.resources = sorted(
                    (Node("Resource", i, _props(p)) for i, p in rec["resources"]), key=lambda n: n.id
                )
                out.append(act)
            return out

        wanted = sorted(set(unit_ids))
        found: list[UnitActivity] = []
        for chunk in _chunks(wanted, 500):
            found.extend(self._read(lambda tx, chunk=chunk: work(tx, chunk)))
        return found
