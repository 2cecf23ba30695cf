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
the first one's project. Reads are one auto-commit statement each, retried
(:mod:`gongjian.graph.neo4j_reads`). Driver errors become one-line StoreError/StoreUnavailable. ``clear`` deletes gongjian's types and
labels in batches (not atomic: rerun it if interrupted), leaving other data alone.
``revision`` counts this process's writes only.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import neo4j
from neo4j.exceptions import (
    AuthError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from gongjian.graph.cypher import render
from gongjian.graph.neo4j_overlap import Overlapped
from gongjian.graph.neo4j_reads import (
    _LABELS,
    RETRY_SECONDS,
    Neo4jReads,
    _props,
    uses_counted,
)
from gongjian.graph.neo4j_write import retryable, write
from gongjian.graph.store import (
    ChangeSet,
    ClaimFacts,
    Node,
    Progress,
    Store,
    StoreError,
    StoreUnavailable,
)
from gongjian.model import LABELS, REL_TYPES

DELETE_BATCH = 20_000  # nodes or relationships per clear() transaction
FETCH = 10_000  # records per network round trip when streaming
OPEN_RETRY_SECONDS = 4.0  # how long opening keeps trying a server that does not answer
CONNECT_TIMEOUT = 5.0  # seconds for one TCP/TLS connection attempt
APPLY_ATTEMPTS = 3  # tries of a whole ChangeSet on a retryable error
APPLY_BACKOFF = 1.0  # seconds before the 2nd try, doubled for each further one


# what the store was doing, in the words of its one-line errors
_DOING = {
    "reading": "读取",
    "answering": "应答",
    "creating the key constraints": "建立唯一约束",
    "creating the indexes": "建立索引",
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


class Neo4jStore(Neo4jReads, Store):
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
                # the server's hints ("label does not exist" on an empty database) are for
                # developers in Neo4j Browser, not for users in English on stderr
                notifications_min_severity="OFF",
            )
        except (DriverError, ValueError) as e:
            raise StoreError(f"Neo4j 地址不可用 {uri}：{_reason(e)}") from e
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        try:
            self._ping()
            self._ensure_indexes()
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
                    if attempt == APPLY_ATTEMPTS or not retryable(e):
                        raise
                    time.sleep(APPLY_BACKOFF * 2 ** (attempt - 1))
        self.revision += 1

    @contextmanager
    def writing(self) -> Iterator[Overlapped]:
        """A dataset's write that runs while the dataset is still being checked
        (:mod:`.neo4j_overlap`); rolled back unless applied."""
        overlapped = Overlapped(self)
        try:
            yield overlapped
        finally:
            overlapped.close()

    @staticmethod
    def _check(changes: ChangeSet) -> None:
        """Every label and type a ChangeSet writes is one of the model's (before anything is sent)."""
        for label in changes.nodes:
            if label not in _LABELS:
                raise StoreError(f"{label!r} 不是 gongjian 模型中的节点类型，未写入任何内容")
        for r in changes.rels:
            if r.type not in REL_TYPES:
                raise StoreError(f"{r.type!r} 不是 gongjian 模型中的关系类型，未写入任何内容")
            for lab in (r.src[0], r.dst[0]):
                if lab not in _LABELS:
                    raise StoreError(f"{lab!r} 不是 gongjian 模型中的节点类型，未写入任何内容")

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
                resource_projects=uses_counted(rec["used"]),
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
