"""The embedded store: one SQLite file, read through its indexes.

The file (:mod:`gongjian.graph.sqlfile`) holds two tables, ``nodes`` and ``rels``,
properties as JSON, and indexes on both ends of every relationship and on the node
properties the queries filter on. Opening it reads a few pages, whatever its size; every
read of the contract is answered from the file by :mod:`gongjian.graph.sqlqueries` and
:mod:`gongjian.graph.sqlassess`, costing what it touches. A dataset is written in one
``BEGIN IMMEDIATE`` transaction in WAL mode, so a process killed mid-ingest leaves the
previous dataset intact. A networkx graph of the whole file is built only when asked for
(:meth:`EmbeddedStore.graph`, for graph algorithms), and kept while the file does not change.
When another process commits to the file (an ingest while ``serve`` runs), the next read
notices through ``PRAGMA data_version``.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from itertools import repeat
from pathlib import Path
from typing import Any, Literal, TypeVar

import networkx as nx
import orjson

from gongjian.graph import sqlassess, sqlfile, sqlpaths, sqlqueries
from gongjian.graph.sqlfile import APPLICATION_ID, SCHEMA_VERSION, connect, damaged, refusal
from gongjian.graph.sqlqueries import File
from gongjian.graph.store import (
    ChangeSet,
    ClaimFacts,
    Joins,
    LinkPath,
    NeedHead,
    NeedWalks,
    Neighbourhood,
    Node,
    NodeRef,
    PathSkip,
    Progress,
    Rel,
    RelClear,
    Spelled,
    Store,
    UnitActivity,
)

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "EmbeddedStore", "check_file", "connect"]

T = TypeVar("T")
BATCH = 5000

# ?3/?6: the properties of a new row (nulls left out); ?4/?7: the patch for an existing one
_UPSERT_NODE = (
    "INSERT INTO nodes (label, id, props) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (label, id) DO UPDATE SET props = json_patch(nodes.props, ?4)"
)
_UPSERT_REL = (
    "INSERT INTO rels (type, src_label, src_id, dst_label, dst_id, props) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (type, src_label, src_id, dst_label, dst_id) "
    "DO UPDATE SET props = json_patch(rels.props, ?7)"
)
_DELETE_REL = (
    "DELETE FROM rels WHERE type = ? AND src_label = ? AND src_id = ? AND dst_label = ? AND dst_id = ?"
)


def _dumps(props: dict) -> str:
    return orjson.dumps(props).decode()


def _without_nulls(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None}


def _patch(props: dict) -> tuple[str, str]:
    """A change's JSON for a new row (no nulls) and as a patch of an existing one."""
    if not props:
        return "{}", "{}"
    patch = _dumps(props)
    if None not in props.values():
        return patch, patch
    return _dumps(_without_nulls(props)), patch


def _glob_escape(text: str) -> str:
    """``text`` matched literally by SQLite's GLOB."""
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in text)


def _digits(text: str) -> bool:
    """1 to 18 ASCII digits (a number both stores keep in 64 bits)."""
    return 0 < len(text) <= 18 and text.isascii() and text.isdigit()


def check_file(path: Path) -> None:
    """Open a store's file and check it as opening does (milliseconds). Raises StoreError."""
    connect(path).close()


def _read(method: Callable[..., T]) -> Callable[..., T]:
    """Run a read under the store's lock (one connection serves every thread), on the file
    as it is now, and refuse a damaged page met on the way as opening would."""

    @functools.wraps(method)
    def wrapper(self: EmbeddedStore, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            self._fresh()
            try:
                return method(self, *args, **kwargs)
            except sqlite3.DatabaseError as e:
                if damaged(e):
                    raise refusal(self.path, e) from e
                raise

    return wrapper


class EmbeddedStore(Store):
    """A gongjian store in one SQLite file (default ``./gongjian.db``)."""

    revision_follows_others = True  # a read first looks at the file's data version (_fresh)

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.uri = str(self.path)
        self._lock = threading.RLock()
        self._checked = False  # inside read_here, the file's version was just checked
        self.revision = 1
        self._memo = sqlqueries.Memo()  # reused by need_walks; told of every write
        self._con = connect(self.path)
        self._file = File(self._con)
        self._seen = self._data_version()
        self._graph: tuple[int, nx.MultiDiGraph] | None = None  # built on demand, by revision
        self._closed = False
        self._moves: bool | None = None  # whether the write under way moves the memo's links

    def _data_version(self) -> int:
        return self._con.execute("PRAGMA data_version").fetchone()[0]

    def _fresh(self) -> None:
        """Forget what was kept from the file if another process committed to it since."""
        if not self._checked and self._data_version() != self._seen:
            self._changed()

    def _changed(self, links: bool = True) -> None:
        self._seen = self._data_version()
        self._memo.changed(links=links)
        self.revision += 1  # readers keyed on it (the name index, the graph) look again

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the file (``BEGIN IMMEDIATE``: writers queue up)."""
        with self._lock:
            self._con.execute("BEGIN IMMEDIATE")
            self._moves = None
            try:
                if self._data_version() != self._seen:  # holding the write lock: nobody
                    self._changed()  # commits between this read and ours
                yield self._con
            except sqlite3.DatabaseError as e:
                self._rollback()
                raise (refusal(self.path, e) if damaged(e) else e) from e
            except BaseException:
                self._rollback()
                raise
            else:
                sqlfile.spell_names(self._con)
                self._con.execute("COMMIT")
                if self._moves is not None:
                    self._changed(links=self._moves)
                else:
                    self._seen = self._data_version()

    def _rollback(self) -> None:
        if self._con.in_transaction:
            self._con.execute("ROLLBACK")

    # ----------------------------------------------------------------- writes
    def apply(self, changes: ChangeSet, progress: Progress | None = None) -> None:
        with self.transaction() as con:
            self._write(con, changes, progress, first=sqlfile.empty(con))

    def _write(
        self,
        con: sqlite3.Connection,
        changes: ChangeSet,
        progress: Progress | None = None,
        first: bool = False,
    ) -> None:
        """Write a change set inside the open transaction (one a transaction: ``apply`` and
        ``claim`` each write one). ``first``: the file is empty, and its indexes and names are
        built after the rows go in (:func:`sqlfile.first_load`)."""
        doomed = [edge for clear in changes.clears for edge in self._cleared(clear)]
        with sqlfile.first_load(con) if first else nullcontext():
            self._write_file(con, changes, doomed, progress)
        self._moves = bool(self._moves) or sqlqueries.moves_links(changes, doomed)

    def _write_file(
        self,
        con: sqlite3.Connection,
        changes: ChangeSet,
        doomed: list[tuple[NodeRef, NodeRef, str]],
        progress: Progress | None,
    ) -> None:
        """The change set's upserts, cleared relationships and new ones, in the open transaction."""
        step = progress or (lambda n: None)
        for label, rows in changes.nodes.items():
            keys, values = list(rows), list(rows.values())
            for i in range(0, len(keys), BATCH):
                ids, props = keys[i : i + BATCH], values[i : i + BATCH]
                if any(None in p.values() for p in props):  # a cell to clear: row and patch differ
                    con.executemany(
                        _UPSERT_NODE, ((label, k, *_patch(p)) for k, p in zip(ids, props, strict=True))
                    )
                else:  # the common case (every new record): the row is the patch
                    texts = [_dumps(p) for p in props]
                    con.executemany(_UPSERT_NODE, zip(repeat(label), ids, texts, texts))
                step(len(ids))
        con.executemany(_DELETE_REL, ((k, *u, *v) for u, v, k in doomed))
        rels = changes.rels
        for i in range(0, len(rels), BATCH):
            chunk = rels[i : i + BATCH]
            con.executemany(
                _UPSERT_REL,
                ((r.type, *r.src, *r.dst, *_patch(r.props)) for r in chunk),
            )
            step(len(chunk))

    def _cleared(self, clear: RelClear) -> list[tuple[NodeRef, NodeRef, str]]:
        """The relationships a clear removes, as the file holds them."""
        f = self._file
        found: list[tuple[NodeRef, NodeRef, str]] = []
        for ref in clear.refs:
            ends = f.outs(ref, clear.type) if clear.end == "src" else f.ins(ref, clear.type)
            for other, props in ends:
                if clear.other_labels and other[0] not in clear.other_labels:
                    continue
                if all(props.get(k) == want for k, want in clear.where):
                    found.append((ref, other, clear.type) if clear.end == "src" else (other, ref, clear.type))
        return found

    # ------------------------------------------------------------------ reads
    @_read
    def counts(self) -> dict[str, dict[str, int]]:
        return sqlqueries.counts(self._file)

    @_read
    def get_node(self, label: str, id: str) -> Node | None:
        props = self._file.props((label, id))
        return None if props is None else Node(label, id, props)

    @_read
    def get_nodes(self, label: str, ids: Iterable[str]) -> dict[str, dict]:
        return self._file.many(label, ids)

    @_read
    def labels_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        return sqlqueries.labels_of(self._file, ids)

    def iter_nodes(self) -> Iterator[Node]:
        yield from self._all(sqlqueries.iter_nodes)

    def iter_rels(self) -> Iterator[Rel]:
        yield from self._all(sqlqueries.iter_rels)

    @_read
    def _all(self, rows: Callable[[File], Iterator[T]]) -> list[T]:
        """Every row at once, read under the lock (one snapshot of the file) and handed out after."""
        return list(rows(self._file))

    def graph(self) -> nx.MultiDiGraph:
        """The whole file as networkx, built on first use and kept until the file changes
        (a province: ≈25 s and 3 GB); treat it as read-only."""
        with self._lock:
            self._fresh()
            if self._graph is None or self._graph[0] != self.revision:
                self._graph = None  # the old one goes before the new one is built
                g = nx.MultiDiGraph()  # streamed from the file: no list of every row beside it
                g.add_nodes_from((n.ref, n.props) for n in sqlqueries.iter_nodes(self._file))
                g.add_edges_from((r.src, r.dst, r.type, r.props) for r in sqlqueries.iter_rels(self._file))
                self._graph = (self.revision, g)
            return self._graph[1]

    def integrity(self) -> str:
        """SQLite's ``quick_check`` verdict on the file (``ok`` when sound)."""
        with self._lock:
            return self._con.execute("PRAGMA quick_check").fetchone()[0]

    def clear(self) -> None:
        with self.transaction() as con:
            con.execute("DELETE FROM rels")
            con.execute("DELETE FROM nodes")
            self._moves = True

    @_read
    def neighbours(
        self,
        label: str,
        id: str,
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
    ) -> list[tuple[Rel, Node]]:
        return sqlqueries.neighbours(self._file, (label, id), types, direction)

    @_read
    def neighbourhood(
        self,
        id: str,
        labels: tuple[str, ...],
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
        then: tuple[str, ...] = (),
        then_direction: Literal["out", "in", "both"] = "both",
    ) -> Neighbourhood | None:
        return sqlqueries.neighbourhood(self._file, id, labels, types, direction, then, then_direction)

    @_read
    def subtree(self, code: str) -> list[str]:
        return sqlqueries.subtree(self._file, code)

    @_read
    def find_nodes(
        self,
        label: str,
        where: dict[str, str] | None = None,
        areas: list[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[int, list[Node]]:
        return sqlqueries.find_nodes(self._file, label, where, areas, offset, limit)

    @_read
    def linkage_paths(self, src: NodeRef, dst: NodeRef, max_hops: int, skip: PathSkip) -> list[LinkPath]:
        return sqlpaths.linkage_paths(self._file, src, dst, max_hops, skip)

    @_read
    def relationships(self, type: str) -> list[Rel]:
        return sqlqueries.relationships(self._file, type)

    @_read
    def relationships_at(self, type: str, end: Literal["src", "dst"], refs: Iterable[NodeRef]) -> list[Rel]:
        return sqlqueries.relationships_at(self._file, type, end, refs)

    @_read
    def joining(self, pairs: Iterable[tuple[NodeRef, NodeRef]]) -> dict[tuple[NodeRef, NodeRef], Joins]:
        return sqlpaths.joining(self._file, pairs)

    @_read
    def highest_number(self, label: str, prefix: str) -> int:
        # the primary key (label, id) answers this range
        rows = self._con.execute(
            "SELECT id FROM nodes WHERE label = ? AND id GLOB ?", (label, _glob_escape(prefix) + "[0-9]*")
        )
        return max((int(rest) for (id_,) in rows if _digits(rest := id_[len(prefix) :])), default=0)

    @_read
    def names(self, labels: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
        return sqlqueries.names(self._file, labels)

    @_read
    def names_spelled(self, latin: str, id: str) -> list[Spelled]:
        return sqlqueries.names_spelled(self._file, latin, id)

    @_read
    def names_like(self, chars: str, id: str, places: str) -> list[tuple[str, str, str]]:
        return sqlqueries.names_like(self._file, chars, id, places)

    @contextmanager
    def read_here(self) -> Iterator[bool]:
        """True unless a write of another thread holds the store: a read costs what it touches."""
        if not self._lock.acquire(blocking=False):  # a write under way in another thread
            yield False
            return
        try:
            self._fresh()
            # the reads inside need not ask the file again: this thread holds the lock, so no
            # write of this process comes between, and another's is seen by the next request
            self._checked = True
            yield True
        finally:
            self._checked = False
            self._lock.release()

    @_read
    def need_head(self, need_id: str) -> NeedHead | None:
        return sqlqueries.need_head(self._file, need_id)

    @_read
    def need_walks(
        self,
        need_id: str,
        chain: list[str],
        community: int | None,
        street: int | None,
        categories: frozenset[str],
    ) -> NeedWalks:
        return sqlqueries.need_walks(self._file, need_id, chain, community, street, categories, self._memo)

    @_read
    def area_units(self, codes: list[str]) -> list[str]:
        return sqlassess.area_units(self._file, codes)

    @_read
    def unit_activity(self, unit_ids: list[str]) -> list[UnitActivity]:
        return sqlassess.unit_activity(self._file, unit_ids)

    def warm_up(self) -> None:
        """Fill the memo with every community's and street's links (a province: ≈10 s) in a
        thread of its own, one area at a time under the lock: serving starts at once, and a
        request meanwhile waits for one area at most (or works out its own first)."""
        areas = self._all(sqlqueries.linked_areas)
        threading.Thread(target=self._warm, args=(areas,), name="gongjian-warm-up", daemon=True).start()

    def _warm(self, areas: list[tuple[NodeRef, str]]) -> None:
        for ref, level in areas:
            with self._lock:
                if self._closed:
                    return
                try:
                    self._fresh()
                    sqlqueries.warm_area(self._file, self._memo, ref, level)
                except sqlite3.Error:  # a damaged page: the request that meets it says so
                    return

    def claim(
        self, need_id: str, resource_id: str, project_id: str, decide: Callable[[ClaimFacts], ChangeSet]
    ) -> None:
        with self.transaction():  # the facts are read under the write lock
            self._write(
                self._con, decide(sqlqueries.claim_facts(self._file, need_id, resource_id, project_id))
            )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._graph = None
            self._con.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
