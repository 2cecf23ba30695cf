"""The Neo4j store's reads: the read half of the store contract, in Cypher (a mixin of
:class:`gongjian.graph.neo4j.Neo4jStore`, which brings the driver, its sessions and its
one-line errors).

Every read is a file in ``gongjian/queries/cypher/``, values always parameters. A read is one
statement in an auto-commit transaction: one round trip to the server (a managed transaction
adds a BEGIN and a COMMIT), retried like the driver's managed transactions (a read changes
nothing, so running it again is harmless). A question asks as few statements as it can, each
round trip costing ≈0.6 ms before the server does anything: a match is two statements (the
need's head with its areas, then every walk with the nodes on it and the relationships joining
its steps), a node's neighbourhood two steps deep (a committee: the platform, its members and
their units) one statement, a county's needs one statement for all of them; what would be one
statement per label or per type is one, its parts joined by ``UNION ALL``
(:func:`gongjian.graph.cypher.render_each`), or, where the labels vary from call to call, one
fixed text with a branch per label (joining.cypher), so the server plans it once; a node's
relationships are read by type (``-[r:AT|LEADS]->``), not all read and filtered.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal, TypeVar

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from gongjian.graph.cypher import render, render_each
from gongjian.graph.neo4j_write import KEY_ONLY, RESERVED, held
from gongjian.graph.store import (
    PATH_POOL,
    Joins,
    LinkPath,
    NeedHead,
    NeedWalks,
    Neighbourhood,
    Node,
    NodeRef,
    PathSkip,
    Rel,
    StoreError,
    UnitActivity,
    UseCounts,
    Walk,
    WalkQuestion,
)
from gongjian.model import LABELS, NODE_TYPES, REL_TYPES, TABLES
from gongjian.rules.linkage import COMMITTEE_KINDS, STREET_PLATFORM_KINDS

BATCH = 5000  # ids per UNWIND statement
ALL_TYPES = "|".join(REL_TYPES)  # a __TYPES__ token standing for every relationship type of the model
WALKS_BATCH = 200  # needs per need_walks statement (a county's allocation asks for all of them)
#: One list of each size range the server keeps a plan for, up to ``WALKS_BATCH`` (warm_up).
WARM_SIZES = (1, 11, 101)
#: How long a read (and the driver, a managed transaction) is retried on transient errors (a
#: deadlock, a leader switch) before the request fails; during an outage, how long a 503 takes.
RETRY_SECONDS = 5.0
RETRY_FIRST = 0.1  # seconds before a read's 2nd try, doubled for each further one

_LABELS = frozenset(LABELS)
#: The labels whose ledgers have an area column: their nodes' ``area`` is indexed (index_area.cypher).
AREA_LABELS = tuple(t.label for t in TABLES.values() if t.label and any(c.name == "area" for c in t.columns))
log = logging.getLogger(__name__)
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


def _types(types: tuple[str, ...]) -> tuple[str, ...]:
    """The model's types among ``types``, sorted (none asked: every type), for a __TYPES__ token."""
    return tuple(sorted({t for t in types if t in REL_TYPES})) if types else tuple(sorted(REL_TYPES))


def _step(me: NodeRef, row: Sequence[Any]) -> tuple[Rel, Node]:
    """One ``[type, outgoing, labels, id, rel props, node props]`` row at the node ``me``."""
    type_, outgoing, labels, id_, rel, props = row
    other = Node(_label(labels), id_, _props(props))
    src, dst = (me, other.ref) if outgoing else (other.ref, me)
    return Rel(type_, src, dst, dict(rel)), other


def _in_order(found: list[tuple[Rel, Node]]) -> list[tuple[Rel, Node]]:
    """A node's relationships in the embedded store's order: by type, then the other node (its
    outgoing ones come first from the statements, and the sort is stable)."""
    found.sort(key=lambda rn: (rn[0].type, rn[1].label, rn[1].id))
    return found


def _ref(labels_and_id: Sequence[Any]) -> NodeRef:
    """A ``[labels, id]`` pair as a statement returns it, as a NodeRef."""
    return (_label(labels_and_id[0]), labels_and_id[1])


class Neo4jReads:
    """The contract's reads on a Neo4j server (mixed into :class:`~gongjian.graph.neo4j.Neo4jStore`)."""

    _session: Callable[..., neo4j.Session]
    _translated: Callable[[str], AbstractContextManager[None]]

    def _fetch(self, query: str, **params: Any) -> list[neo4j.Record]:
        """Every record of one read statement, in an auto-commit transaction (one round trip),
        tried again on a retryable error for up to RETRY_SECONDS."""
        deadline = time.monotonic() + RETRY_SECONDS
        delay = RETRY_FIRST
        with self._translated("reading"):
            while True:
                try:
                    with self._session() as s:
                        return list(s.run(query, params))
                except (Neo4jError, DriverError) as e:
                    if not e.is_retryable() or time.monotonic() + delay > deadline:
                        raise
                time.sleep(delay)
                delay *= 2

    def _ensure_indexes(self) -> None:
        """The indexes the reads rely on besides the key constraints (index_area.cypher), made
        when the store opens if missing (IF NOT EXISTS; a new index fills in the background).
        A user who may not change the schema is warned and reads on, slower."""
        (rec,) = self._fetch(render("index_names"))
        missing = [lab for lab in AREA_LABELS if f"gongjian_{lab}_area" not in rec["names"]]
        if not missing:
            return
        try:
            with self._translated("creating the indexes"), self._session(write=True) as s:
                for label in missing:
                    s.run(render("index_area", LABEL=label)).consume()
        except StoreError as e:
            log.warning("Neo4j 缺少按区划查找的索引，查询会变慢：%s", e)

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = self._fetch(render_each("count_nodes", "LABEL", LABELS))
        rels = self._fetch(render_each("count_rels", "TYPE", tuple(REL_TYPES)))
        found = {rec["name"]: rec["n"] for rec in nodes + rels}
        return {
            "nodes": {label: found.get(label, 0) for label in LABELS},  # a label never written: no row
            "relationships": {type_: found.get(type_, 0) for type_ in REL_TYPES},
        }

    def get_nodes(self, label: str, ids: Iterable[str]) -> dict[str, dict]:
        wanted = list(dict.fromkeys(ids))
        if label not in _LABELS or not wanted:
            return {}
        query = render("get_nodes", LABEL=label)
        found: dict[str, dict] = {}
        for chunk in _chunks(wanted, BATCH):
            for rec in self._fetch(query, ids=list(chunk)):
                found[rec["id"]] = _props(rec["props"])
        return {i: found[i] for i in wanted if i in found}

    def find_node(self, id: str, labels: tuple[str, ...]) -> Node | None:
        """The node ``id`` under the first of ``labels`` it exists under: one statement for all."""
        wanted = tuple(dict.fromkeys(lab for lab in labels if lab in _LABELS))
        if not wanted:
            return None
        found = {
            rec["label"]: rec["props"]
            for rec in self._fetch(render_each("find_node", "LABEL", wanted), id=id)
        }
        label = next((lab for lab in wanted if lab in found), None)
        return None if label is None else Node(label, id, _props(found[label]))

    def _held_labels(self) -> tuple[str, ...]:
        """The labels the database holds a node of, in model order (from the count store, no scan)."""
        return held(self._fetch(render_each("count_nodes", "LABEL", LABELS)))

    def labels_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """Asks only the labels that hold a node: on a first load, nothing (every key is new)."""
        wanted = list(dict.fromkeys(ids))
        labels = self._held_labels() if wanted else ()
        if not labels:
            return {}
        query = render_each("labels_of", "LABEL", labels)
        found: dict[str, set[str]] = {}
        for chunk in _chunks(wanted, BATCH):
            for rec in self._fetch(query, ids=list(chunk)):
                found.setdefault(rec["id"], set()).add(rec["label"])
        # model order, as the embedded store answers
        return {i: [lab for lab in LABELS if lab in found[i]] for i in wanted if i in found}

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
        return self.neighbours_of(label, [id], types, direction).get(id, [])

    def neighbours_of(
        self,
        label: str,
        ids: Iterable[str],
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
    ) -> dict[str, list[tuple[Rel, Node]]]:
        """:meth:`neighbours` of several nodes of one label, in one statement (neighbours.cypher)."""
        keys = list(dict.fromkeys(ids))
        out: dict[str, list[tuple[Rel, Node]]] = {i: [] for i in keys}
        wanted = _types(types)
        if label not in _LABELS or not wanted or not keys:
            return out
        query = render("neighbours", LABEL=label, TYPES="|".join(wanted))
        for chunk in _chunks(keys, BATCH):
            for rec in self._fetch(
                query,
                keys=list(chunk),
                outgoing=direction in ("out", "both"),
                incoming=direction in ("in", "both"),
            ):
                row = (rec["type"], rec["outgoing"], rec["labels"], rec["id"], rec["rel"], rec["props"])
                out[rec["at"]].append(_step((label, rec["at"]), row))
        for found in out.values():
            _in_order(found)
        return out

    def neighbourhood(
        self,
        id: str,
        labels: tuple[str, ...],
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
        then: tuple[str, ...] = (),
        then_direction: Literal["out", "in", "both"] = "both",
    ) -> Neighbourhood | None:
        """A node, its neighbours and theirs in one statement (neighbourhood.cypher, once per
        label it may be under, joined by UNION ALL)."""
        wanted = tuple(dict.fromkeys(lab for lab in labels if lab in _LABELS))
        first, second = _types(types), _types(then) if then else ()
        if not wanted:
            return None
        # a token needs a type: a step with none of the model's is run with a direction of neither
        query = render_each(
            "neighbourhood",
            "LABEL",
            wanted,
            TYPES="|".join(first or REL_TYPES),
            THEN="|".join(second or REL_TYPES),
        )
        found = {
            rec["label"]: rec
            for rec in self._fetch(
                query,
                id=id,
                outgoing=bool(first) and direction in ("out", "both"),
                incoming=bool(first) and direction in ("in", "both"),
                deeper=bool(then),
                then_out=bool(second) and then_direction in ("out", "both"),
                then_in=bool(second) and then_direction in ("in", "both"),
            )
        }
        label = next((lab for lab in wanted if lab in found), None)
        if label is None:
            return None
        rec = found[label]
        node = Node(label, id, _props(rec["props"]))
        around = _in_order([_step(node.ref, row) for row in rec["around"]])
        beyond: dict[NodeRef, list[tuple[Rel, Node]]] = {}
        for labels_, key, rows in rec["beyond"]:
            me = (_label(labels_), key)
            beyond[me] = _in_order([_step(me, row) for row in rows])
        return Neighbourhood(node, around, beyond)

    def subtree(self, code: str) -> list[str]:
        """The area's code, then the codes of every area below it in code order ([] if no such area)."""
        recs = self._fetch(render("subtree"), code=code)
        if not recs:
            return []
        rec = recs[0]
        return [rec["code"], *(c for c in rec["below"] if c != rec["code"])]

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
        params: dict[str, Any] = {
            "where": dict(where or {}),
            "offset": max(offset, 0),
            "limit": None if limit is None else max(limit, 0),
        }
        if areas is None:
            (rec,) = self._fetch(render("find_nodes", LABEL=label), **params)
        else:  # seeked in the label's area index
            (rec,) = self._fetch(render("find_nodes_in", LABEL=label), areas=list(areas), **params)
        return rec["total"], [Node(label, i, _props(p)) for i, p in rec["page"]]

    def linkage_paths(self, src: NodeRef, dst: NodeRef, max_hops: int, skip: PathSkip) -> list[LinkPath]:
        """linkage_paths.cypher's trails, kept when simple, of the shortest length and up to two
        more (at most ``max_hops``), merged per node sequence."""
        if src[0] not in _LABELS or dst[0] not in _LABELS:
            return []
        if src == dst:
            return [LinkPath((src,), ())] if self.get_node(*src) is not None else []
        records = self._fetch(
            render("linkage_paths", SRC=src[0], DST=dst[0]),
            src=src[1],
            dst=dst[1],
            skip_labels=sorted(skip.labels),
            skip_types=sorted(skip.types),
            pool=PATH_POOL,
        )
        steps: dict[tuple[NodeRef, ...], list[set[tuple[str, bool]]]] = {}
        for rec in records:
            seq = tuple(_ref(v) for v in rec["seq"])
            if len(set(seq)) < len(seq):
                continue  # a trail through one node twice is no path
            joined = steps.setdefault(seq, [set() for _ in rec["steps"]])
            for i, (type_, forward) in enumerate(rec["steps"]):
                joined[i].add((type_, forward))
        if not steps:
            return []
        longest = min(max_hops, min(map(len, steps)) + 1)  # d + 2 relationships: d + 3 nodes
        return [
            LinkPath(seq, tuple(tuple(sorted(s)) for s in joined))
            for seq, joined in sorted(steps.items(), key=lambda kv: len(kv[0]))
            if len(seq) - 1 <= longest
        ]

    def joining(self, pairs: Iterable[tuple[NodeRef, NodeRef]]) -> dict[tuple[NodeRef, NodeRef], Joins]:
        """joining.cypher: one fixed statement for pairs of any labels, which the server plans
        once (a statement per pair of labels made a match a dozen round trips; one whose text
        named the labels asked about was a new plan for nearly every match)."""
        wanted = [(a, b) for a, b in dict.fromkeys(pairs) if a[0] in _LABELS and b[0] in _LABELS]
        found: dict[tuple[NodeRef, NodeRef], set[tuple[str, bool]]] = {}
        query = render("joining", TYPES=ALL_TYPES)
        for chunk in _chunks(wanted, BATCH):
            for rec in self._fetch(query, pairs=[[a[0], a[1], b[0], b[1]] for a, b in chunk]):
                found.setdefault(chunk[rec["pair"]], set()).add((rec["type"], rec["forward"]))
        return {pair: tuple(sorted(joins)) for pair, joins in found.items()}

    def relationships_at(self, type: str, end: Literal["src", "dst"], refs: Iterable[NodeRef]) -> list[Rel]:
        """The ``type`` relationships at some nodes, one statement per label and batch
        (rels_from.cypher, rels_to.cypher), sorted by (src, dst)."""
        by_label: dict[str, list[str]] = {}
        for label, id_ in dict.fromkeys(refs):
            if label in _LABELS:
                by_label.setdefault(label, []).append(id_)
        if type not in REL_TYPES or not by_label:
            return []
        found: list[Rel] = []
        for label, ids in by_label.items():
            query = render("rels_from" if end == "src" else "rels_to", TYPE=type, LABEL=label)
            for chunk in _chunks(ids, BATCH):
                for rec in self._fetch(query, ids=list(chunk)):
                    if end == "src":
                        other = (_label(rec["dst_labels"]), rec["dst"])
                        found.append(Rel(type, (label, rec["src"]), other, dict(rec["props"])))
                    else:
                        other = (_label(rec["src_labels"]), rec["src"])
                        found.append(Rel(type, other, (label, rec["dst"]), dict(rec["props"])))
        return sorted(found, key=lambda r: (r.src, r.dst))

    def highest_number(self, label: str, prefix: str) -> int:
        if label not in _LABELS:
            return 0
        (rec,) = self._fetch(render("highest_number", LABEL=label), prefix=prefix)
        return int(rec["highest"] or 0)

    def relationships(self, type: str) -> list[Rel]:
        """Every relationship of one type, sorted by (src, dst)."""
        if type not in REL_TYPES:
            return []
        found = [
            Rel(type, (_label(rec[0]), rec[1]), (_label(rec[2]), rec[3]), dict(rec[4]))
            for rec in self._fetch(render("iter_rels", TYPE=type))
        ]
        return sorted(found, key=lambda r: (r.src, r.dst))

    def names(self, labels: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
        """``(label, id, name)`` of every node (of ``labels``) with a name (title for needs and
        resources), each followed by its short names; one statement for every label."""
        asked = tuple(label for label in LABELS if labels is None or label in labels)
        if not asked:
            return []
        props = {label: NODE_TYPES[label].name_prop for label in asked}
        out: list[tuple[str, str, str]] = []
        for rec in self._fetch(render_each("names", "LABEL", asked), props=props):
            if rec["name"]:
                label = rec["label"]
                out.append((label, rec["id"], str(rec["name"])))
                out.extend((label, rec["id"], a) for a in rec["aliases"] or () if isinstance(a, str) and a)
        return out

    def need_head(self, need_id: str) -> NeedHead | None:
        """The need, the smallest area it was raised in and every area above (need_head.cypher)."""
        return self.need_heads([need_id]).get(need_id)

    def need_heads(self, need_ids: Iterable[str]) -> dict[str, NeedHead]:
        """:meth:`need_head` of several needs in one statement (need_head.cypher)."""
        out: dict[str, NeedHead] = {}
        for chunk in _chunks(list(dict.fromkeys(need_ids)), BATCH):
            for head in self._fetch(render("need_head", TYPES=ALL_TYPES), needs=list(chunk)):
                need = Node("Need", head["id"], _props(head["props"]))
                found = out[need.id] = NeedHead(need, head["raised"], {})
                if head["joined"]:
                    found.joins[(need.ref, ("Area", head["raised"]))] = _sorted(head["joined"])
                for a in head["areas"]:
                    found.areas[a["id"]] = (_props(a["props"]), [p for p, _ in a["parents"]])
                    for parent, joined in a["parents"]:
                        found.joins[(("Area", a["id"]), ("Area", parent))] = _sorted(joined)
        return out

    def need_walks(
        self,
        need_id: str,
        chain: list[str],
        community: int | None,
        street: int | None,
        categories: frozenset[str],
    ) -> NeedWalks:
        """Every walk of the five linkage kinds and what they reach, in one statement (need_walks.cypher)."""
        return self.need_walks_of([WalkQuestion(need_id, chain, community, street, categories)])[0]

    def need_walks_of(self, questions: list[WalkQuestion]) -> list[NeedWalks]:
        """:meth:`need_walks` of several needs in one statement (need_walks.cypher): a county's
        allocation asks for all its open needs at once."""
        found = [NeedWalks() for _ in questions]
        asks = [
            {
                "at": i,
                "community": None if q.community is None else q.chain[q.community],
                "street": None if q.street is None else q.chain[q.street],
                "c_at": q.community,
                "s_at": q.street,
                "chain": list(q.chain),
                "categories": sorted(q.categories),
            }
            for i, q in enumerate(questions)
        ]
        query = render("need_walks", TYPES=ALL_TYPES)
        for chunk in _chunks(asks, WALKS_BATCH):
            parts = self._fetch(
                query,
                asks=list(chunk),
                committee_kinds=list(COMMITTEE_KINDS),
                street_kinds=list(STREET_PLATFORM_KINDS),
            )
            for part in parts:
                _add_part(found[part["at"]], part)
        return found

    def warm_up(self) -> None:
        """Have the server plan a match's and an allocation's walks now, as a server starts:
        planning need_walks.cypher takes it about a second, which the first match would
        otherwise wait for. Plans are kept per server, statement and size of a list parameter
        (up to 10, 100, 1,000 … items), so other workers find them made: a match asks about one
        need, an allocation about up to ``WALKS_BATCH`` at once; asking about needs that do not
        exist plans the statements and reads nothing."""
        for size in WARM_SIZES:
            absent = [f"-{i}" for i in range(size)]
            self.need_heads(absent)
            self.need_walks_of([WalkQuestion(i, ["-"], 0, 0, frozenset({"other"})) for i in absent])

    def area_units(self, codes: list[str]) -> list[str]:
        """Units sitting in or linked to some areas, in one statement (area_units.cypher)."""
        return [rec["id"] for rec in self._fetch(render("area_units"), codes=list(codes))]

    def unit_activity(self, unit_ids: list[str]) -> list[UnitActivity]:
        """What units' scorecards are judged on, in one statement per 500 units (unit_activity.cypher)."""
        found: list[UnitActivity] = []
        for chunk in _chunks(sorted(set(unit_ids)), 500):
            found.extend(map(_activity, self._fetch(render("unit_activity"), units=list(chunk))))
        return found


def uses_counted(pairs: list[list]) -> UseCounts:
    """[status, started] of each project that uses a resource, counted (the contract's UseCounts)."""
    return dict(Counter((status, started) for status, started in pairs))


def _add_part(found: NeedWalks, part: neo4j.Record) -> None:
    """One part of need_walks.cypher's answer (one linkage kind of one need) into ``found``."""
    for stage, kind, at, tail, unit, resource, window in part["walks"]:
        tail = tuple(map(_ref, tail))
        found.walks.append(Walk(stage, kind, at, tail, unit, resource, window and tuple(window)))
    for i, props, statuses, rated in part["units"]:
        found.units.setdefault(i, (_props(props), dict(Counter(statuses))))
        if rated and i not in found.verdicts:
            found.verdicts[i] = dict(Counter((status, rating) for status, rating in rated))
    for i, props, uses in part["resources"]:
        found.resources.setdefault(i, (_props(props), uses_counted(uses)))
    for labels, i, props in part["nodes"]:
        found.nodes.setdefault((_label(labels), i), _props(props))
    joined: dict[tuple[NodeRef, NodeRef], list[list]] = {}
    for a_labels, a, b_labels, b, type_, forward in part["joins"]:
        joined.setdefault(((_label(a_labels), a), (_label(b_labels), b)), []).append([type_, forward])
    found.joins.update((pair, _sorted(joins)) for pair, joins in joined.items())


def _sorted(joins: Iterable[Sequence]) -> Joins:
    """``[type, forward]`` pairs as a statement returns them, as the contract's Joins."""
    return tuple(sorted({(type_, forward) for type_, forward in joins}))


def _activity(rec: neo4j.Record) -> UnitActivity:
    """One row of unit_activity.cypher as a UnitActivity."""
    act = UnitActivity(Node("Unit", rec["id"], _props(rec["props"])))
    act.orgs = sorted((Node("PartyOrg", i, _props(p)) for i, p in rec["orgs"]), key=lambda n: n.id)
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
    act.resources = sorted((Node("Resource", i, _props(p)) for i, p in rec["resources"]), key=lambda n: n.id)
    return act
