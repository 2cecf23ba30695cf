"""The Neo4j store: the store contract on a Neo4j 5 server, cluster or Aura, through the official driver.

``Neo4jStore("bolt://host:7687")`` talks to one server; ``neo4j://`` and ``neo4j+s://``
addresses let the driver route to a cluster or Aura (every session shares one bookmark
manager, so a read after a write sees it). Credentials: ``GONGJIAN_NEO4J_USER`` /
``GONGJIAN_NEO4J_PASSWORD`` (no auth when both are unset); database:
``GONGJIAN_NEO4J_DATABASE`` (default: the server's).

Data layout: the embedded store's nodes, relationships and property names. A node has one
label from :mod:`gongjian.model` and its key in ``id`` (an Area keeps ``code`` too), with a
uniqueness constraint per label. Where ``id`` is only the key and not one of the node's own
properties, the node carries ``_gj_key_only``; properties named ``_gj_…`` are reserved and
every read leaves them out, so ``props`` are exactly what the embedded store returns.

Cypher: every statement is a file in ``gongjian/queries/cypher/`` (:mod:`gongjian.graph.cypher`);
values always go as parameters, and labels and types, which cannot, are put in only from the
model. Writes are merge-patch as in the embedded store (``SET n += props``; null removes):
nodes and relationships the database cannot hold yet are CREATEd, the others MERGEd, between
MATCHed ends; one whose end does not exist refuses the whole ChangeSet (:mod:`.neo4j_write`).

Atomicity and retries: one ChangeSet is one write transaction (``neo4j_write.BATCH`` rows per ``UNWIND``),
retried whole up to ``APPLY_ATTEMPTS`` times on a retryable error or an unknown commit outcome
(a ChangeSet is idempotent). A claim locks the resource, then the need, by writing
``_gj_lock`` (removed before the commit), so a second claim for either waits and then reads
the first one's project. Short reads are managed transactions the driver retries. Driver
errors become one-line StoreError/StoreUnavailable. ``clear`` deletes gongjian's types and
labels in batches (not atomic: rerun it if interrupted), leaving other data alone.
``revision`` counts this process's writes only.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

import neo4j
from neo4j.exceptions import (
    AuthError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from gongjian.graph.cypher import render
from gongjian.graph.neo4j_write import KEY_ONLY, RESERVED, write
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
    Progress,
    Rel,
    Store,
    StoreError,
    StoreUnavailable,
    UnitActivity,
    UseCounts,
    Walk,
)
from gongjian.model import LABELS, NODE_TYPES, REL_TYPES
from gongjian.rules.linkage import COMMITTEE_KINDS, STREET_PLATFORM_KINDS

BATCH = 5000  # ids per read statement
DELETE_BATCH = 20_000  # nodes or relationships per clear() transaction
FETCH = 10_000  # records per network round trip when streaming
OPEN_RETRY_SECONDS = 4.0  # how long opening keeps trying a server that does not answer
#: How long the driver retries a managed transaction on transient errors (a deadlock, a
#: leader switch) before the request fails; during an outage that is how long a 503 takes.
RETRY_SECONDS = 5.0
CONNECT_TIMEOUT = 5.0  # seconds for one TCP/TLS connection attempt
APPLY_ATTEMPTS = 3  # tries of a whole ChangeSet on a retryable error
APPLY_BACKOFF = 1.0  # seconds before the 2nd try, doubled for each further one

#: the error of a CREATE whose key another transaction committed after this one looked
CREATED_MEANWHILE = "Neo.ClientError.Schema.ConstraintValidationFailed"
_LABELS = frozenset(LABELS)
T = TypeVar("T")


# what the store was doing, in the words of its one-line errors
_DOING = {
    "reading": "读取",
    "answering": "应答",
    "creating the key constraints": "建立唯一约束",
    "writing": "写入",
    "clearing": "清空",
    "reading nodes": "读取节点",
    "reading relationships": "读取关系",
    "claiming": "认领",
}


def _reason(e: BaseException) -> str:
    """One line saying why: the driver's socket-level reason when there is one."""
    text = getattr(e, "message", None) or str(e) or type(e).__name__
    m = re.search(r"\(reason ([^)]*)\)", text)
    if m:
        return m.group(1)
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else type(e).__name__


def _chunks(items: Sequence[T], n: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _props(stored: dict) -> dict:
    """A node's props as the contract sees them: ``_gj_`` properties (and, key-only, ``id``) removed."""
    props = {k: v for k, v in stored.items() if not k.startswith(RESERVED)}
    if stored.get(KEY_ONLY):
        props.pop("id", None)
    return props


def _uses(pairs: list[list]) -> UseCounts:
    """[status, started] of each project that uses a resource, counted (the contract's UseCounts)."""
    return dict(Counter((status, started) for status, started in pairs))


def _label(labels: Iterable[str]) -> str:
    """The model label among a node's labels (gongjian nodes have exactly one)."""
    labels = list(labels)
    return next((lab for lab in labels if lab in _LABELS), labels[0] if labels else "")


def _ref(labels_and_id: Sequence[Any]) -> NodeRef:
    """A ``[labels, id]`` pair as a statement returns it, as a NodeRef."""
    return (_label(labels_and_id[0]), labels_and_id[1])


def _retryable(e: Exception) -> bool:
    if isinstance(e, IncompleteCommit):
        return True  # outcome unknown; applying the same ChangeSet again is harmless
    if isinstance(e, Neo4jError) and e.code == CREATED_MEANWHILE:
        return True  # another write created a node this one was creating: the next try merges it
    return isinstance(e, Neo4jError | DriverError) and e.is_retryable()


class Neo4jStore(Store):
    """A gongjian store in a Neo4j 5 database (``bolt://``, ``neo4j://``, ``neo4j+s://`` …)."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.revision = 0
        self.database = os.environ.get("GONGJIAN_NEO4J_DATABASE") or None
        user = os.environ.get("GONGJIAN_NEO4J_USER")
        password = os.environ.get("GONGJIAN_NEO4J_PASSWORD")
        auth = (user or "neo4j", password or "") if (user or password) else None
        self._constraints = False
        self._lock = threading.Lock()
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=CONNECT_TIMEOUT,
                max_transaction_retry_time=RETRY_SECONDS,
                user_agent="gongjian",
            )
        except (DriverError, ValueError) as e:
            raise StoreError(f"Neo4j 地址不可用 {uri}：{_reason(e)}") from e
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        try:
            self._ping()
        except BaseException:
            self._driver.close()
            raise

    # ---------------------------------------------------------------- plumbing
    @contextmanager
    def _translated(self, doing: str) -> Iterator[None]:
        """Turn a driver error into one line: StoreUnavailable (retry later) or StoreError."""
        try:
            yield
        except AuthError as e:
            raise StoreError(
                f"Neo4j（{self.uri}）拒绝了用户名或密码"
                f"（GONGJIAN_NEO4J_USER / GONGJIAN_NEO4J_PASSWORD）：{_reason(e)}"
            ) from e
        except (ServiceUnavailable, SessionExpired) as e:
            raise StoreUnavailable(f"无法连接 Neo4j（{self.uri}）：{_reason(e)}") from e
        except TransientError as e:
            raise StoreUnavailable(
                f"Neo4j（{self.uri}）正忙（{_DOING.get(doing, doing)}），请重试：{_reason(e)}"
            ) from e
        except Neo4jError as e:
            raise StoreError(
                f"Neo4j（{self.uri}）{_DOING.get(doing, doing)}失败：{e.code}：{_reason(e)}"
            ) from e
        except DriverError as e:
            raise StoreError(f"Neo4j（{self.uri}）{_DOING.get(doing, doing)}失败：{_reason(e)}") from e

    def _session(self, write: bool = False) -> neo4j.Session:
        return self._driver.session(
            database=self.database,
            default_access_mode=neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS,
            bookmark_manager=self._bookmarks,
            fetch_size=FETCH,
        )

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self._translated("reading"), self._session() as s:
            return s.execute_read(work)

    def _ping(self) -> None:
        """Check server, credentials and database; retry a few seconds while it does not answer."""
        deadline = time.monotonic() + OPEN_RETRY_SECONDS
        delay = 0.25
        while True:
            try:
                with self._translated("answering"), self._session() as s:
                    s.run(render("ping")).consume()
                return
            except ValueError as e:  # the driver's word for an address it cannot resolve or use
                raise StoreError(f"Neo4j 地址不可用 {self.uri}：{_reason(e)}") from e
            except StoreUnavailable:
                if time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay *= 2

    def ensure_constraints(self) -> None:
        """The uniqueness constraint on every label's key, once per process (IF NOT EXISTS)."""
        if self._constraints:
            return
        with self._lock, self._translated("creating the key constraints"), self._session(write=True) as s:
            for label in LABELS:
                s.run(render("constraint", LABEL=label)).consume()
            self._constraints = True

    # ------------------------------------------------------------------ writes
    def apply(self, changes: ChangeSet, progress: Progress | None = None) -> None:
        """Apply a dataset's changes in one transaction (all or nothing), retried when retryable."""
        self._check(changes)
        self.ensure_constraints()
        with self._translated("writing"):
            for attempt in range(1, APPLY_ATTEMPTS + 1):
                step = progress if progress and attempt == 1 else None
                try:
                    with self._session(write=True) as s, s.begin_transaction() as tx:
                        write(tx, changes, step or (lambda n: None))
                        tx.commit()
                    break
                except (Neo4jError, DriverError) as e:
                    if attempt == APPLY_ATTEMPTS or not _retryable(e):
                        raise
                    time.sleep(APPLY_BACKOFF * 2 ** (attempt - 1))
        self.revision += 1

    @staticmethod
    def _check(changes: ChangeSet) -> None:
        """Every label and type a ChangeSet writes is one of the model's (before anything is sent)."""
        for label in changes.nodes:
            if label not in _LABELS:
                raise StoreError(f"{label!r} is not a label of the gongjian model")
        for r in changes.rels:
            if r.type not in REL_TYPES:
                raise StoreError(f"{r.type!r} is not a relationship type of the gongjian model")
            for lab in (r.src[0], r.dst[0]):
                if lab not in _LABELS:
                    raise StoreError(f"{lab!r} is not a label of the gongjian model")

    def clear(self) -> None:
        """Delete every gongjian relationship and node, in bounded batches (not atomic)."""

        def delete_batch(tx: neo4j.ManagedTransaction, query: str) -> int:
            return tx.run(query, batch=DELETE_BATCH).single(strict=True)["deleted"]

        with self._translated("clearing"), self._session(write=True) as s:
            for type_ in REL_TYPES:
                query = render("delete_rels", TYPE=type_)
                while s.execute_write(delete_batch, query):
                    pass
            for label in LABELS:
                query = render("delete_nodes", LABEL=label)
                while s.execute_write(delete_batch, query):
                    pass
        self.revision += 1

    # ------------------------------------------------------------------- reads
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

    def linkage_paths(self, src: NodeRef, dst: NodeRef, max_hops: int, skip: PathSkip) -> list[LinkPath]:
        """linkage_paths.cypher's trails, kept when simple, of the shortest length and up to two
        more (at most ``max_hops``), merged per node sequence."""
        if src[0] not in _LABELS or dst[0] not in _LABELS:
            return []
        if src == dst:
            return [LinkPath((src,), ())] if self.get_node(*src) is not None else []
        query = render("linkage_paths", SRC=src[0], DST=dst[0])
        params = {"skip_labels": sorted(skip.labels), "skip_types": sorted(skip.types), "pool": PATH_POOL}

        def work(tx: neo4j.ManagedTransaction) -> list[tuple[tuple[NodeRef, ...], list]]:
            result = tx.run(query, src=src[1], dst=dst[1], **params)
            return [(tuple(_ref(v) for v in rec["seq"]), rec["steps"]) for rec in result]

        steps: dict[tuple[NodeRef, ...], list[set[tuple[str, bool]]]] = {}
        for seq, trail in self._read(work):
            if len(set(seq)) < len(seq):
                continue  # a trail through one node twice is no path
            joined = steps.setdefault(seq, [set() for _ in trail])
            for i, (type_, forward) in enumerate(trail):
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
        """joining.cypher, once per pair of labels."""
        by_labels: dict[tuple[str, str], list[list[str]]] = {}
        for a, b in dict.fromkeys(pairs):
            if a[0] in _LABELS and b[0] in _LABELS:
                by_labels.setdefault((a[0], b[0]), []).append([a[1], b[1]])

        def work(tx: neo4j.ManagedTransaction) -> dict[tuple[NodeRef, NodeRef], set[tuple[str, bool]]]:
            found: dict[tuple[NodeRef, NodeRef], set[tuple[str, bool]]] = {}
            for (src, dst), ids in sorted(by_labels.items()):
                for rec in tx.run(render("joining", SRC=src, DST=dst), pairs=ids):
                    found.setdefault(((src, rec["a"]), (dst, rec["b"])), set()).add(
                        (rec["type"], rec["forward"])
                    )
            return found

        return {pair: tuple(sorted(joins)) for pair, joins in self._read(work).items()}

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

    def relationships_at(self, type: str, end: Literal["src", "dst"], refs: Iterable[NodeRef]) -> list[Rel]:
        """The ``type`` relationships at some nodes, one statement per label and batch
        (rels_from.cypher, rels_to.cypher), sorted by (src, dst)."""
        by_label: dict[str, list[str]] = {}
        for label, id_ in dict.fromkeys(refs):
            if label in _LABELS:
                by_label.setdefault(label, []).append(id_)
        if type not in REL_TYPES or not by_label:
            return []

        def work(tx: neo4j.ManagedTransaction) -> list[Rel]:
            found: list[Rel] = []
            for label, ids in by_label.items():
                query = render("rels_from" if end == "src" else "rels_to", TYPE=type, LABEL=label)
                for chunk in _chunks(ids, BATCH):
                    for rec in tx.run(query, ids=list(chunk)):
                        if end == "src":
                            other = (_label(rec["dst_labels"]), rec["dst"])
                            found.append(Rel(type, (label, rec["src"]), other, dict(rec["props"])))
                        else:
                            other = (_label(rec["src_labels"]), rec["src"])
                            found.append(Rel(type, other, (label, rec["dst"]), dict(rec["props"])))
            return found

        return sorted(self._read(work), key=lambda r: (r.src, r.dst))

    def highest_number(self, label: str, prefix: str) -> int:
        if label not in LABELS:
            return 0
        query = render("highest_number", LABEL=label)
        found = self._read(lambda tx: tx.run(query, prefix=prefix).single(strict=True)["highest"])
        return int(found or 0)

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
                for i, props, uses in part["resources"]:
                    found.resources.setdefault(i, (_props(props), _uses(uses)))
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

    def claim(
        self, need_id: str, resource_id: str, project_id: str, decide: Callable[[ClaimFacts], ChangeSet]
    ) -> None:
        """One write transaction: lock the resource and the need (claim_lock.cypher), read the
        facts, write what ``decide`` makes of them. The locks make a second claim for the same
        resource or need wait for the first to commit, then read its project. Retried by the
        driver on a transient error (a deadlock with another writer), which rolls back first."""
        self.ensure_constraints()
        ids = {"need": need_id, "resource": resource_id}

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(render("claim_lock"), ids).consume()
            rec = tx.run(render("claim_facts"), ids, project=project_id).single(strict=True)
            facts = ClaimFacts(
                need=None if rec["need"] is None else Node("Need", need_id, _props(rec["need"])),
                resource=None
                if rec["resource"] is None
                else Node("Resource", resource_id, _props(rec["resource"])),
                resource_projects=_uses(rec["used"]),
                offered_by=sorted(rec["units"]),
                raised_in=sorted(rec["areas"]),
                project_taken=rec["taken"],
            )
            write(tx, decide(facts), lambda n: None)
            tx.run(render("claim_unlock"), ids).consume()

        with self._translated("claiming"), self._session(write=True) as s:
            s.execute_write(work)
        self.revision += 1

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
