"""The Neo4j store: the store contract on a Neo4j 5 server, cluster or Aura, through the official driver.

``Neo4jStore("bolt://host:7687")`` talks to one server; ``neo4j://`` and
``neo4j+s://`` addresses let the driver route to a cluster or to Aura (reads to
readers, writes to the leader; every session shares one bookmark manager, so a read
after a write sees it). Credentials come from ``GONGJIAN_NEO4J_USER`` /
``GONGJIAN_NEO4J_PASSWORD`` (no auth when both are unset), the database from
``GONGJIAN_NEO4J_DATABASE`` (default: the server's default database).

Data layout — the same nodes, relationships and property names as the embedded store:

- A node has exactly one label from :mod:`gongjian.model` and its key in the property
  ``id`` (an Area's key is its code: it keeps ``code`` as in the embedded store and also
  has ``id``). Each label has a uniqueness constraint on ``id``, created (IF NOT EXISTS)
  before the first write of a process.
- Where ``id`` is only the key and not one of the node's own properties (every Area;
  any node written without an ``id`` property), the node carries ``_gj_key_only: true``.
  Reads strip the marker, and then ``id``, so ``props`` are exactly what the embedded
  store returns. A node's own ``id`` property, when it has one, must equal its key;
  property names starting with ``_gj_`` are reserved, and every read leaves them out.
- A relationship is keyed by (type, start, end); its properties are the Rel's props.

Writes are merge-patch exactly as in the embedded store: ``SET n += row.props`` sets the
properties given and removes those given as null; a new node is MERGEd with its key only
and then patched, so it never holds a null. Relationships are MERGEd between MATCHed ends:
a relationship whose start or end node does not exist is refused (StoreError, nothing of
the ChangeSet is written), where the embedded store would let it invent a bare node;
ingest and sync never produce one.

Cypher. Every statement is a file in ``gongjian/queries/cypher/`` (see
:mod:`gongjian.graph.cypher`). Values always go as parameters. Labels and relationship
types cannot be parameters, so statements that need one carry a token (``__LABEL__``,
``__SRC__``, ``__DST__``, ``__TYPE__``) which :func:`gongjian.graph.cypher.render` replaces
only with a name it finds in ``model.LABELS`` / ``model.REL_TYPES`` (else ValueError).
Names reach it from ChangeSets and method arguments only after this module has checked
them against the model; no user string is ever put into Cypher text.

Atomicity. One ChangeSet (one dataset) is one explicit write transaction: batches of
``BATCH`` rows per ``UNWIND`` statement inside it, committed once at the end. A failure
anywhere (a refused relationship, a bad value, the server going away) rolls everything
back; a crash leaves the old dataset. The transaction state lives on the server's heap
until commit. Measured on the Kunming demo (38,167 nodes, 81,038 relationships, one
transaction, Neo4j 5.26 with a 2 GB heap): heap in use rose from about 50 MB to a peak of
about 0.7 GB, no full GC, about 12 s for the whole ``gongjian ingest``. A province (about
a million nodes and a few million relationships, ~25× that) would need on the order of
16 GB of heap in one transaction: give Neo4j that heap, or load a province as several
datasets (one per prefecture), or copy it with ``gongjian sync``, which applies in
chunks. A staged swap (write under a new generation, flip, delete the old) would bound
memory but doubles the writes and makes every read filter by generation; not worth it
at these scales.

Retries. ``apply`` retries the whole transaction, at most ``APPLY_ATTEMPTS`` times with
backoff, on errors the driver calls retryable (TransientError such as a deadlock,
ServiceUnavailable, SessionExpired, a leader switch) and on IncompleteCommit (commit
outcome unknown): a ChangeSet is idempotent (merge-patch and clear-then-merge give the
same result when applied twice), so a retry is safe. Short reads run as managed
transactions (``execute_read``), which the driver retries itself. Opening retries for
``OPEN_RETRY_SECONDS`` (a server still starting); then it fails with one line:
``StoreUnavailable("cannot reach Neo4j at URI: reason")``, or StoreError for refused
credentials or a missing database. Every driver error on a later call is turned into a
StoreError/StoreUnavailable with one line too.

Retrieval is pushed down, one statement file per question, nothing read whole:
``neighbours``, ``subtree``, ``find_nodes`` (count and page in one statement),
``names``, ``relationships``, ``shortest_paths`` (``allShortestPaths`` over either
direction, distinct node sequences, at most ``PATH_POOL``; searched up to 32 hops, as a
bound cannot be a parameter) and ``need_context``: two statements in one read transaction,
the need with the areas above it, then every walk of the five linkage kinds with the
reached units' and resources' properties and counts (six rows, one per kind). Of several
walks for one (resource, kind) both stores keep the one with the smallest
``nxqueries.walk_rank`` (stage, length, node sequence), so they answer the same whatever
order they find walks in. Where the embedded store answers in an order (neighbours,
relationships, candidates, pages) this store answers in the same order; ``subtree`` gives
the area first and then the codes below it in code order.

Claims. ``claim`` is one managed write transaction: ``claim_lock`` first writes the reserved
property ``_gj_lock`` on the resource and then on the need, which takes Neo4j's write locks
on both until the commit; only then are the need's status, the resource's status, capacity
and active load read (``claim_check``), so a second claim for the same resource or need
waits and then sees the first one's project: of two claims for the last capacity exactly
one wins, the other gets Conflict. The project is written with the ChangeSet code
(``upsert_nodes``, ``upsert_rels``) and ``claim_unlock`` removes ``_gj_lock`` before the
commit, so it is never stored. The driver retries the transaction on a transient error (a
deadlock with another writer), after rolling it back. NotFound and Conflict are raised in
the order and with the words of the embedded store.

``clear`` deletes gongjian's relationship types, then its labels, ``DELETE_BATCH`` at a time,
one transaction per batch (bounded memory at any scale, any Neo4j 5 or Cypher 25; not
atomic: rerun it if interrupted). Nodes with other labels in the same database are left
alone. ``revision`` counts this process's writes (apply, claim, clear); writes by another
process to the same database are not seen by it, and ``graph()`` always reads afresh.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from itertools import islice
from typing import Any, Literal, TypeVar

import neo4j
import networkx as nx
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
from gongjian.graph.nxqueries import COMMITTEE_KINDS, STREET_PLATFORM_KINDS, walk_rank
from gongjian.graph.store import (
    ACTIVE_PROJECT,
    PATH_POOL,
    Candidate,
    ChangeSet,
    Claim,
    Conflict,
    NeedContext,
    Node,
    NodeRef,
    NotFound,
    Progress,
    Rel,
    StoreError,
    StoreUnavailable,
)
from gongjian.model import COMMUNITY_LEVELS, LABELS, NODE_TYPES, REL_TYPES, STREET_LEVELS, categories_serving

BATCH = 5000  # rows per UNWIND statement
DELETE_BATCH = 20_000  # nodes or relationships per clear() transaction
FETCH = 10_000  # records per network round trip when streaming
OPEN_RETRY_SECONDS = 4.0  # how long opening keeps trying a server that does not answer
#: How long the driver retries a managed transaction on transient errors (a deadlock, a
#: leader switch) before the request fails; during an outage that is how long a 503 takes.
RETRY_SECONDS = 5.0
CONNECT_TIMEOUT = 5.0  # seconds for one TCP/TLS connection attempt
APPLY_ATTEMPTS = 3  # tries of a whole ChangeSet on a retryable error
APPLY_BACKOFF = 1.0  # seconds before the 2nd try, doubled for each further one
KEY_ONLY = "_gj_key_only"
RESERVED = "_gj_"

_LABELS = frozenset(LABELS)
T = TypeVar("T")


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


def _label(labels: Iterable[str]) -> str:
    """The model label among a node's labels (gongjian nodes have exactly one)."""
    labels = list(labels)
    return next((lab for lab in labels if lab in _LABELS), labels[0] if labels else "")


def _ref(labels_and_id: Sequence[Any]) -> NodeRef:
    """A ``[labels, id]`` pair as a statement returns it, as a NodeRef."""
    return (_label(labels_and_id[0]), labels_and_id[1])


def _node_row(label: str, key: str, patch: dict) -> dict[str, Any]:
    """The ``upsert_nodes`` row for one node: its key, its patch with ``id`` mapped to the marker."""
    props: dict[str, Any] = {}
    for k, v in patch.items():
        if k == "id":
            if v is None:
                props[KEY_ONLY] = True
            elif v == key:
                props[KEY_ONLY] = None
            else:
                raise StoreError(
                    f"{label} {key}: its id property {v!r} differs from its key; "
                    "the Neo4j store keeps a node's key in id"
                )
        elif k.startswith(RESERVED):
            raise StoreError(f"{label} {key}: property name {k} is reserved (prefix {RESERVED})")
        else:
            props[k] = v
    return {"id": key, "props": props}


def _retryable(e: Exception) -> bool:
    if isinstance(e, IncompleteCommit):
        return True  # outcome unknown; applying the same ChangeSet again is harmless
    return isinstance(e, Neo4jError | DriverError) and e.is_retryable()


class Neo4jStore:
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
            raise StoreError(f"not a usable Neo4j address {uri}: {_reason(e)}") from e
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
                f"Neo4j at {self.uri} refused the credentials "
                f"(GONGJIAN_NEO4J_USER / GONGJIAN_NEO4J_PASSWORD): {_reason(e)}"
            ) from e
        except (ServiceUnavailable, SessionExpired) as e:
            raise StoreUnavailable(f"cannot reach Neo4j at {self.uri}: {_reason(e)}") from e
        except TransientError as e:
            raise StoreUnavailable(f"Neo4j at {self.uri} is busy ({doing}), try again: {_reason(e)}") from e
        except Neo4jError as e:
            raise StoreError(f"Neo4j at {self.uri} failed {doing}: {e.code}: {_reason(e)}") from e
        except DriverError as e:
            raise StoreError(f"Neo4j at {self.uri} failed {doing}: {_reason(e)}") from e

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
                raise StoreError(f"not a usable Neo4j address {self.uri}: {_reason(e)}") from e
            except StoreUnavailable:
                if time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay *= 2

    def _ensure_constraints(self) -> None:
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
        self._ensure_constraints()
        with self._translated("writing"):
            for attempt in range(1, APPLY_ATTEMPTS + 1):
                step = progress if progress and attempt == 1 else None
                try:
                    with self._session(write=True) as s, s.begin_transaction() as tx:
                        self._write(tx, changes, step or (lambda n: None))
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

    def _write(self, tx: neo4j.Transaction, changes: ChangeSet, step: Progress) -> None:
        for label, rows in changes.nodes.items():
            query = render("upsert_nodes", LABEL=label)
            items = iter(rows.items())
            while chunk := list(islice(items, BATCH)):
                tx.run(query, rows=[_node_row(label, k, p) for k, p in chunk]).consume()
                step(len(chunk))
        for clear in changes.clears:
            if clear.type not in REL_TYPES:
                continue  # no such relationships, nothing to clear (as in the embedded store)
            by_label: dict[str, list[str]] = {}
            for lab, id_ in clear.refs:
                if lab in _LABELS:
                    by_label.setdefault(lab, []).append(id_)
            other = list(clear.other_labels)
            where = dict(clear.where)
            for lab, ids in by_label.items():
                query = render(f"clear_rels_{clear.end}", TYPE=clear.type, LABEL=lab)
                for chunk in _chunks(ids, BATCH):
                    tx.run(query, ids=list(chunk), other_labels=other, where=where).consume()
        groups: dict[tuple[str, str, str], list[Rel]] = {}
        for r in changes.rels:
            groups.setdefault((r.type, r.src[0], r.dst[0]), []).append(r)
        for (type_, src, dst), rels in groups.items():
            query = render("upsert_rels", TYPE=type_, SRC=src, DST=dst)
            for chunk in _chunks(rels, BATCH):
                rows = [{"src": r.src[1], "dst": r.dst[1], "props": r.props} for r in chunk]
                merged = tx.run(query, rows=rows).single(strict=True)["merged"]
                if merged < len({(r.src[1], r.dst[1]) for r in chunk}):
                    raise StoreError(self._missing_ends(tx, type_, chunk))
                step(len(chunk))

    @staticmethod
    def _missing_ends(tx: neo4j.Transaction, type_: str, rels: Sequence[Rel]) -> str:
        wanted: dict[str, list[str]] = {}
        for r in rels:
            for lab, id_ in (r.src, r.dst):
                wanted.setdefault(lab, []).append(id_)
        missing: list[str] = []
        for lab, ids in wanted.items():
            found = {rec["id"] for rec in tx.run(render("existing_ids", LABEL=lab), ids=ids)}
            missing += [f"{lab} {i}" for i in dict.fromkeys(ids) if i not in found]
        shown = "、".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        return f"{type_} relationships refer to nodes that do not exist ({shown}); nothing was written"

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

    def get_node(self, label: str, id: str) -> Node | None:
        props = self.get_nodes(label, [id]).get(id)
        return None if props is None else Node(label, id, props)

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

    def graph(self) -> nx.MultiDiGraph:
        """The whole graph, read afresh, in the embedded store's shape."""
        g = nx.MultiDiGraph()
        g.add_nodes_from((n.ref, n.props) for n in self.iter_nodes())
        g.add_edges_from((r.src, r.dst, r.type, r.props) for r in self.iter_rels())
        return g

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
        """``(label, id, name)`` of every node with a name (title for needs and resources)."""

        def work(tx: neo4j.ManagedTransaction) -> list[tuple[str, str, str]]:
            out: list[tuple[str, str, str]] = []
            for label in LABELS:
                query = render("names", LABEL=label)
                for rec in tx.run(query, prop=NODE_TYPES[label].name_prop):
                    if rec["name"]:
                        out.append((label, rec["id"], str(rec["name"])))
            return out

        return self._read(work)

    def read_here(self) -> AbstractContextManager[bool]:
        return nullcontext(False)  # a read mostly waits on the server: a worker thread's job

    def warm_up(self, today: str) -> None:
        """Nothing to prepare: each match is one round trip to the server."""

    def need_context(self, need_id: str, today: str) -> NeedContext | None:
        """A need, its chain of areas, its candidate walks (see need_context_walks.cypher) and counts.

        Two statements in one read transaction: the need and the areas above it (the chain is
        walked here, as nxqueries.ancestors does); then every walk of the five linkage kinds
        with the properties and counts of the units and resources they reach (six rows). Per
        (resource, kind) the walk with the smallest ``nxqueries.walk_rank`` is kept, as the
        embedded store does, so both stores answer the same.
        """

        def work(tx: neo4j.ManagedTransaction) -> NeedContext | None:
            head = tx.run(render("need_context_head"), need=need_id).single()
            if head is None:
                return None
            areas = {a["id"]: a for a in head["areas"]}
            chain: list[str] = []
            code = head["raised"]
            while code is not None and code in areas and code not in chain:
                chain.append(code)
                code = min(areas[code]["parents"], default=None)
            need = ("Need", need_id)
            ctx = NeedContext(
                Node("Need", need_id, _props(head["props"])),
                [Node("Area", c, _props(areas[c]["props"])) for c in chain],
            )
            levels = [a.props.get("level") for a in ctx.areas]
            c_at = next((i for i, lv in enumerate(levels) if lv in COMMUNITY_LEVELS), None)
            s_at = next((i for i, lv in enumerate(levels) if lv in STREET_LEVELS), None)
            parts = tx.run(
                render("need_context_walks"),
                community=None if c_at is None else chain[c_at],
                street=None if s_at is None else chain[s_at],
                c_at=c_at,
                s_at=s_at,
                chain=chain,
                today=today,
                committee_kinds=list(COMMITTEE_KINDS),
                street_kinds=list(STREET_PLATFORM_KINDS),
                active=list(ACTIVE_PROJECT),
            )
            refs = [("Area", c) for c in chain]
            found: dict[tuple[str, str], tuple[tuple, list[NodeRef], str]] = {}
            units: dict[str, tuple[dict, int]] = {}
            resources: dict[str, tuple[dict, int]] = {}
            for part in parts:
                for stage, kind, at, tail, unit, resource in part["walks"]:
                    path = [need, *refs[: at + 1], *map(_ref, tail)]
                    key = (resource, kind)
                    rank = walk_rank(stage, path)
                    old = found.get(key)
                    if old is None or rank < old[0]:
                        found[key] = (rank, path, unit)
                for i, props, done in part["units"]:
                    units.setdefault(i, (_props(props), done))
                for i, props, active in part["resources"]:
                    resources.setdefault(i, (_props(props), active))
            serving = categories_serving(ctx.need.props.get("category") or "other")
            for (rid, kind), (_, path, uid) in sorted(found.items()):
                (uprops, done), (rprops, active) = units[uid], resources[rid]
                if (rprops.get("category") or "other") not in serving:
                    continue  # the walks reach every resource; the contract wants those that fit
                unit, res = Node("Unit", uid, dict(uprops)), Node("Resource", rid, dict(rprops))
                ctx.candidates.append(Candidate(kind, path, unit, res))
                ctx.done.setdefault(uid, done)
                ctx.active.setdefault(rid, active)
            return ctx

        return self._read(work)

    def claim(self, claim: Claim) -> None:
        """Dispatch in one write transaction: lock the resource and the need, check, create the project.

        The locks (claim_lock.cypher) make a second claim for the same resource or need wait
        for the first to commit, then read its project: of two claims for the last capacity one
        wins and the other gets Conflict. Retried by the driver on a transient error (a deadlock
        with another writer), which rolls back first.
        """
        self._ensure_constraints()
        ids = {"need": claim.need_id, "resource": claim.resource_id}

        def work(tx: neo4j.ManagedTransaction) -> None:
            locked = tx.run(render("claim_lock"), ids).single(strict=True)
            if not locked["need"]:
                raise NotFound("需求", claim.need_id)
            if not locked["resource"]:
                raise NotFound("资源", claim.resource_id)
            rec = tx.run(
                render("claim_check"), ids, project=claim.project_id, active=list(ACTIVE_PROJECT)
            ).single(strict=True)
            status = rec["need_status"] or "open"
            if status != "open":
                raise Conflict(f"需求 {claim.need_id} 已不是待认领状态（{status}）")
            if rec["status"] in ("retired", "full"):
                raise Conflict(f"资源 {claim.resource_id} 状态为 {rec['status']}，不能派单")
            if rec["active"] >= int(rec["capacity"] or 1):
                raise Conflict(f"资源 {claim.resource_id} 的服务容量已用完")
            if claim.project_id and rec["taken"]:
                raise Conflict(f"项目编码 {claim.project_id} 已存在")
            unit = min(rec["units"], default=None)
            area = min(rec["areas"], default=None)
            props = {**claim.project, "needs": [claim.need_id], "resources": [claim.resource_id]}
            props.setdefault("status", ACTIVE_PROJECT[0])
            me = ("Project", claim.project_id)
            rels = [
                Rel("ADDRESSES", me, ("Need", claim.need_id)),
                Rel("USES", me, ("Resource", claim.resource_id)),
            ]
            if unit is not None:
                props["unit"] = unit
                rels.append(Rel("CLAIMED_BY", me, ("Unit", unit)))
            if area is not None:
                props["area"] = area
                rels.append(Rel("LOCATED_IN", me, ("Area", area)))
            changes = ChangeSet(
                nodes={"Project": {claim.project_id: props}, "Need": {claim.need_id: {"status": "claimed"}}},
                rels=rels,
            )
            self._write(tx, changes, lambda n: None)
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
