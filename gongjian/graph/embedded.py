"""The embedded store: one SQLite file is the truth, a networkx graph the index.

The file holds two tables, ``nodes`` and ``rels``, properties as JSON. A dataset
is written in one ``BEGIN IMMEDIATE`` transaction in WAL mode, so a process killed
mid-ingest leaves the previous dataset intact. On open the whole file is read into
a ``networkx.MultiDiGraph`` (node ``(label, id)``, edge key = relationship type,
node and edge attributes = properties); every read is answered from that graph.
A committed write reaches the graph on the next read, not at commit: ``gongjian
ingest`` ends without one and never pays for it. When another process commits to
the file (an ingest while ``serve`` runs), the next read notices through ``PRAGMA
data_version`` and reloads.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path
from typing import Any, Literal, TypeVar

import networkx as nx
import orjson

from gongjian.graph import nxqueries
from gongjian.graph.store import (
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
    RelClear,
    Store,
    StoreError,
    UnitActivity,
)
from gongjian.model import LABELS, REL_TYPES

T = TypeVar("T")
APPLICATION_ID = 0x67676A6E  # "ggjn": marks a SQLite file as a gongjian store
SCHEMA_VERSION = 2
BATCH = 5000
INLINE_MIRROR = 2000  # changes a read may mirror in the event loop's thread (≈3 ms)
CACHE_KIB = 65536  # SQLite page cache per connection: a Kunming dataset's B-tree pages fit

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    label TEXT NOT NULL,
    id    TEXT NOT NULL,
    props TEXT NOT NULL,
    PRIMARY KEY (label, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rels (
    type      TEXT NOT NULL,
    src_label TEXT NOT NULL,
    src_id    TEXT NOT NULL,
    dst_label TEXT NOT NULL,
    dst_id    TEXT NOT NULL,
    props     TEXT NOT NULL,
    PRIMARY KEY (type, src_label, src_id, dst_label, dst_id)
) WITHOUT ROWID;
"""
# Schema 2 has no secondary indexes: every read is answered by the graph, and a clear
# deletes the relationships the graph names by primary key. Schema 1 files still carry
# ``nodes_by_id`` and ``rels_by_dst``; SQLite keeps them up to date and they do no harm.

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


def _merge(target: dict, patch: dict) -> None:
    """Merge ``patch`` into ``target`` the way ``json_patch`` does: None removes a key."""
    for k, v in patch.items():
        if v is None:
            target.pop(k, None)
        else:
            target[k] = v


def connect(path: Path) -> sqlite3.Connection:
    """Open a store's SQLite file, refusing one that is not a gongjian store or is too new.

    A new or empty file gets the schema. The graph is not read: :class:`EmbeddedStore` does that.
    """
    if path.is_dir():
        raise StoreError(f"{path} 是目录，不是 gongjian 数据库文件")
    fresh = not path.exists() or path.stat().st_size == 0
    if fresh and not path.parent.exists():
        raise StoreError(f"目录不存在：{path.parent}")
    try:
        con = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if not fresh and app_id != APPLICATION_ID:
            has_tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            con.close()
            kind = "另一个 SQLite 数据库" if has_tables else "空的 SQLite 数据库"
            raise StoreError(f"{path} 不是 gongjian 数据库（是{kind}），拒绝打开")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            con.close()
            raise StoreError(f"{path} 由更新版本的 gongjian 创建（架构 {version}），请升级")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if fresh:
            con.executescript(_SCHEMA)
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as e:
        if getattr(e, "sqlite_errorcode", None) in _CANNOT_OPEN:
            # not a question of the file's content: the path cannot be opened or created here
            raise StoreError(f"无法打开数据库 {path}：路径不可读写（没有权限或不是普通文件系统）") from e
        if getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            raise StoreError(f"{path} 不是 gongjian 数据库（不是 SQLite 文件），拒绝打开") from e
        raise StoreError(f"{path} 文件已损坏或无法读取：{e}") from e
    return con


_CANNOT_OPEN = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR}


def _check_indexes(con: sqlite3.Connection, expected: dict[str, int]) -> None:
    """Read any secondary index through (schema 1 files have two) and count it against its
    table's ``expected`` rows: a damaged index page fails on opening, not in the middle of a
    later write. (A full ``quick_check`` costs as long as reading the graph.)"""
    indexes = con.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, table in indexes:
        if table not in expected or not name.isidentifier():
            continue
        found = con.execute(f"SELECT count(*) FROM {table} INDEXED BY {name}").fetchone()[0]
        if found != expected[table]:
            raise sqlite3.DatabaseError(f"索引 {name} 与数据不一致（{found} 对 {expected[table]}）")


def check_file(path: Path) -> None:
    """Open a store's file and read every row and index through, as opening does, without
    building the graph (a province: ≈1 s, against 20 s). Raises StoreError."""
    con = connect(path)
    try:
        rows = {}
        for table in ("nodes", "rels"):  # every page, overflow pages too (length reads the text)
            sql = f"SELECT count(*), sum(length(props)) FROM {table} NOT INDEXED"
            rows[table] = con.execute(sql).fetchone()[0]
        _check_indexes(con, rows)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} 文件已损坏，无法读取：{e}") from e
    finally:
        con.close()


def _label_index(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    """The ids of each label's nodes, so a listing scans one label, not the graph."""
    index: dict[str, set[str]] = {}
    for label, id_ in g._node:
        index.setdefault(label, set()).add(id_)
    return index


def _put_edges(g: nx.MultiDiGraph, rels: Iterable[Rel]) -> None:
    """Add or merge relationships into the graph the way the SQL does: a new one without its
    null properties, an existing one patched (None removes a key)."""
    for r in rels:
        data = g.get_edge_data(r.src, r.dst, r.type)
        if data is None:
            g.add_edge(r.src, r.dst, r.type, **_without_nulls(r.props))
        else:
            _merge(data, r.props)


def _glob_escape(text: str) -> str:
    """``text`` matched literally by SQLite's GLOB."""
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in text)


def _digits(text: str) -> bool:
    """1 to 18 ASCII digits (a number both stores keep in 64 bits)."""
    return 0 < len(text) <= 18 and text.isascii() and text.isdigit()


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    """Run a read under the store's lock: a write changes the graph in place, and a read
    iterating it meanwhile would fail ("dictionary changed size during iteration")."""

    @functools.wraps(method)
    def wrapper(self: EmbeddedStore, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class EmbeddedStore(Store):
    """A gongjian store in one SQLite file (default ``./gongjian.db``)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.uri = str(self.path)
        self._lock = threading.RLock()
        self._checked = False  # inside read_here, the file's version was just checked
        self.revision = 0
        self._memo = nxqueries.Memo()  # reused by need_context; told of every write
        self._con = connect(self.path)
        self._g: nx.MultiDiGraph = nx.MultiDiGraph()
        self._ids: dict[str, set[str]] = {}
        # Change sets committed to the file and not yet in the graph, oldest first, each with
        # the relationships it cleared; and the one of the transaction under way.
        self._unmirrored: list[tuple[ChangeSet, list[tuple[NodeRef, NodeRef, str]]]] = []
        self._staged: tuple[ChangeSet, list[tuple[NodeRef, NodeRef, str]]] | None = None
        self._load()

    # ---------------------------------------------------------------- opening
    def _load(self) -> None:
        """(Re)build the in-memory graph from the file."""
        g = nx.MultiDiGraph()
        try:
            with self._lock:
                self._seen = self._data_version()
                loads = orjson.loads
                rows = self._con.execute("SELECT label, id, props FROM nodes")
                g.add_nodes_from(((label, id_), loads(props)) for label, id_, props in rows)
                rows = self._con.execute("SELECT type, src_label, src_id, dst_label, dst_id, props FROM rels")
                g.add_edges_from(
                    ((sl, si), (dl, di), type_, loads(props)) for type_, sl, si, dl, di, props in rows
                )
                _check_indexes(self._con, {"nodes": g.number_of_nodes(), "rels": g.number_of_edges()})
        except (sqlite3.DatabaseError, orjson.JSONDecodeError) as e:  # a page, or a row's properties
            raise StoreError(f"{self.path} 文件已损坏，无法读取：{e}") from e
        self._g = g
        self._ids = _label_index(g)
        self._unmirrored = []  # the file holds them, and now the graph too
        self._memo = nxqueries.Memo()
        self.revision += 1

    def _data_version(self) -> int:
        return self._con.execute("PRAGMA data_version").fetchone()[0]

    def _fresh(self) -> nx.MultiDiGraph:
        """The graph, reloaded first if another process committed to the file, and with this
        process's committed writes mirrored."""
        with self._lock:
            if not self._checked and self._data_version() != self._seen:
                self._load()
            if self._unmirrored:
                self._mirror()
            return self._g

    def _unmirrored_size(self) -> int:
        return sum(changes.size() for changes, _ in self._unmirrored)

    def _mirror(self) -> None:
        """Bring this process's committed change sets into the graph, in commit order."""
        pending, self._unmirrored = self._unmirrored, []
        for changes, doomed in pending:
            self._apply_in_memory(changes, doomed)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the file (``BEGIN IMMEDIATE``: writers queue up)."""
        with self._lock:
            self._con.execute("BEGIN IMMEDIATE")
            self._staged = None
            try:
                if self._data_version() != self._seen:  # holding the write lock: nobody
                    self._load()  # commits between this read and ours
                if self._unmirrored:
                    self._mirror()  # a write clears relationships as the graph holds them
                yield self._con
            except BaseException:
                self._con.execute("ROLLBACK")
                self._staged = None  # the graph never saw it
                raise
            else:
                self._con.execute("COMMIT")
                self._seen = self._data_version()
                if self._staged is not None:
                    self._unmirrored.append(self._staged)
                    self._staged = None
                    self.revision += 1  # readers keyed on it (the name index) look again

    # ----------------------------------------------------------------- writes
    def apply(self, changes: ChangeSet, progress: Progress | None = None) -> None:
        with self.transaction() as con:
            self._write(con, changes, progress)

    def _write(self, con: sqlite3.Connection, changes: ChangeSet, progress: Progress | None = None) -> None:
        """Write a change set inside the open transaction (one a transaction: ``apply`` and
        ``claim`` each write one); the graph takes it after COMMIT, on the next read (an ingest
        process never reads the graph it wrote). The store keeps ``changes``: the caller hands
        it over."""
        assert self._staged is None, "one change set a transaction"  # else its clears miss the first
        doomed = [edge for clear in changes.clears for edge in self._cleared(clear)]
        self._write_file(con, changes, doomed, progress)
        self._staged = (changes, doomed)

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
        """The relationships a clear removes, as the graph (in step with the file) holds them."""
        g = self._g
        found: list[tuple[NodeRef, NodeRef, str]] = []
        for ref in clear.refs:
            if ref not in g:
                continue
            if clear.end == "src":
                ends = ((ref, v, keyed) for v, keyed in g._succ[ref].items())
            else:
                ends = ((u, ref, keyed) for u, keyed in g._pred[ref].items())
            for u, v, keyed in ends:
                props = keyed.get(clear.type)
                if props is None:
                    continue
                other = v if clear.end == "src" else u
                if clear.other_labels and other[0] not in clear.other_labels:
                    continue
                if all(props.get(k) == want for k, want in clear.where):
                    found.append((u, v, clear.type))
        return found

    def _apply_in_memory(self, changes: ChangeSet, doomed: list[tuple[NodeRef, NodeRef, str]]) -> None:
        """Mirror a committed change set in the graph (same merge rules as the SQL)."""
        g = self._g
        for label, rows in changes.nodes.items():
            fresh = []
            for id_, patch in rows.items():
                attrs = g.nodes.get((label, id_))
                if attrs is not None:
                    _merge(attrs, patch)
                else:
                    fresh.append(((label, id_), _without_nulls(patch)))
            g.add_nodes_from(fresh)
            self._ids.setdefault(label, set()).update(ref[1] for ref, _ in fresh)
        g.remove_edges_from(doomed)
        _put_edges(g, changes.rels)
        self._memo.changed(links=nxqueries.moves_links(changes, doomed))

    # ------------------------------------------------------------------ reads
    @_locked
    def counts(self) -> dict[str, dict[str, int]]:
        g = self._fresh()
        nodes = dict.fromkeys(LABELS, 0)
        for label, _ in g.nodes:
            nodes[label] = nodes.get(label, 0) + 1
        rels = dict.fromkeys(REL_TYPES, 0)
        for _, _, k in g.edges(keys=True):
            rels[k] = rels.get(k, 0) + 1
        return {"nodes": nodes, "relationships": rels}

    @_locked
    def get_node(self, label: str, id: str) -> Node | None:
        g = self._fresh()
        props = g.nodes.get((label, id))
        return None if props is None else Node(label, id, dict(props))

    @_locked
    def get_nodes(self, label: str, ids: Iterable[str]) -> dict[str, dict]:
        nodes = self._fresh()._node
        if not self._ids.get(label):
            return {}  # none of this kind yet (an ingest into a new store asks for every id)
        out = {}
        for id_ in ids:
            props = nodes.get((label, id_))
            if props is not None:
                out[id_] = dict(props)
        return out

    @_locked
    def labels_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        g = self._fresh()
        out: dict[str, list[str]] = {}
        for id_ in ids:
            found = [label for label in LABELS if (label, id_) in g]
            if found:
                out[id_] = found
        return out

    def iter_nodes(self) -> Iterator[Node]:
        with self._lock:  # a copy taken under the lock, handed out after
            nodes = [Node(label, id_, dict(props)) for (label, id_), props in self._fresh().nodes(data=True)]
        yield from nodes

    def iter_rels(self) -> Iterator[Rel]:
        with self._lock:
            rels = [Rel(k, u, v, dict(d)) for u, v, k, d in self._fresh().edges(keys=True, data=True)]
        yield from rels

    def graph(self) -> nx.MultiDiGraph:
        """The live index; treat it as read-only."""
        return self._fresh()

    def integrity(self) -> str:
        """SQLite's ``quick_check`` verdict on the file (``ok`` when sound)."""
        with self._lock:
            return self._con.execute("PRAGMA quick_check").fetchone()[0]

    def clear(self) -> None:
        with self.transaction() as con:
            con.execute("DELETE FROM rels")
            con.execute("DELETE FROM nodes")
            self._g = nx.MultiDiGraph()
            self._ids = {}
            self._unmirrored = []
            self._memo = nxqueries.Memo()
            self.revision += 1

    @_locked
    def neighbours(
        self,
        label: str,
        id: str,
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
    ) -> list[tuple[Rel, Node]]:
        return nxqueries.neighbours(self._fresh(), (label, id), types, direction)

    @_locked
    def subtree(self, code: str) -> list[str]:
        return nxqueries.subtree(self._fresh(), code)

    @_locked
    def find_nodes(
        self,
        label: str,
        where: dict[str, str] | None = None,
        areas: list[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[int, list[Node]]:
        g = self._fresh()
        nodes = g._node
        conds = list((where or {}).items())
        area_set = set(areas) if areas is not None else None
        hits = sorted(
            id_
            for id_ in self._ids.get(label, ())
            if all(nodes[(label, id_)].get(k) == v for k, v in conds)
            and (area_set is None or nodes[(label, id_)].get("area") in area_set)
        )
        page = hits[offset : None if limit is None else offset + limit]
        return len(hits), [Node(label, i, dict(nodes[(label, i)])) for i in page]

    @_locked
    def linkage_paths(self, src: NodeRef, dst: NodeRef, max_hops: int, skip: PathSkip) -> list[LinkPath]:
        return nxqueries.linkage_paths(self._fresh(), src, dst, max_hops, skip)

    @_locked
    def relationships(self, type: str) -> list[Rel]:
        g = self._fresh()
        return sorted(
            (Rel(k, u, v, dict(d)) for u, v, k, d in g.edges(keys=True, data=True) if k == type),
            key=lambda r: (r.src, r.dst),
        )

    @_locked
    def joining(self, pairs: Iterable[tuple[NodeRef, NodeRef]]) -> dict[tuple[NodeRef, NodeRef], Joins]:
        return nxqueries.joining(self._fresh(), pairs)

    @_locked
    def highest_number(self, label: str, prefix: str) -> int:
        # the file's primary key (label, id) answers this range; the graph would be walked whole
        rows = self._con.execute(
            "SELECT id FROM nodes WHERE label = ? AND id GLOB ?", (label, _glob_escape(prefix) + "[0-9]*")
        )
        return max((int(rest) for (id_,) in rows if _digits(rest := id_[len(prefix) :])), default=0)

    @_locked
    def names(self) -> list[tuple[str, str, str]]:
        return nxqueries.names(self._fresh())

    @contextmanager
    def read_here(self) -> Iterator[bool]:
        if not self._lock.acquire(blocking=False):  # a write under way in another thread
            yield False
            return
        try:
            # else a reload, or a big write's mirror, first, in a worker thread
            here = self._data_version() == self._seen and self._unmirrored_size() <= INLINE_MIRROR
            # the reads inside need not ask the file again: this thread holds the lock, so no
            # write of this process comes between, and another's is seen by the next request
            self._checked = here
            yield here
        finally:
            self._checked = False
            self._lock.release()

    @_locked
    def need_head(self, need_id: str) -> NeedHead | None:
        return nxqueries.need_head(self._fresh(), need_id)

    @_locked
    def need_walks(
        self,
        need_id: str,
        chain: list[str],
        community: int | None,
        street: int | None,
        categories: frozenset[str],
    ) -> NeedWalks:
        return nxqueries.need_walks(self._fresh(), need_id, chain, community, street, categories, self._memo)

    @_locked
    def area_units(self, codes: list[str]) -> list[str]:
        return nxqueries.area_units(self._fresh(), codes)

    @_locked
    def unit_activity(self, unit_ids: list[str]) -> list[UnitActivity]:
        return nxqueries.unit_activity(self._fresh(), unit_ids)

    @_locked
    def warm_up(self) -> None:
        nxqueries.warm(self._fresh(), self._memo)

    def claim(
        self, need_id: str, resource_id: str, project_id: str, decide: Callable[[ClaimFacts], ChangeSet]
    ) -> None:
        with self.transaction():  # the graph is in step with the file inside it
            self._write(self._con, decide(nxqueries.claim_facts(self._g, need_id, resource_id, project_id)))

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
