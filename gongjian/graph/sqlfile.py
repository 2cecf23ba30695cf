"""The embedded store's SQLite file: its schema, opening it, migrating it, checking it.

Two tables hold the graph, ``nodes`` and ``rels``, properties as JSON; secondary
indexes let every read of the store contract be answered from the file without
loading it (schema 5): relationships by either end and type, nodes by the
properties the queries filter on (``area``, ``status``, ``level``, ``kind``), and a
``names`` table, kept by triggers, of every node's name and short names for search, with
their pinyin (:func:`spell_names`: a search in pinyin reads only the nodes it finds). The
``meta`` table says which readings spelled them (:data:`~gongjian.rules.spelling.READINGS`):
opened with others (pypinyin upgraded), the file is spelled again (:func:`_respell`).
A first load into an empty file builds them after its rows (:func:`first_load`).

Every connection runs with ``journal_mode = WAL`` (readers never wait for the writer; a
transaction is whole or absent after a crash), ``synchronous = NORMAL`` (the WAL is synced at
each checkpoint, not at each commit: a commit survives the process being killed, and after a
power cut or an OS crash the file holds the last commits that reached the disk, never half of
one) and a page cache of :data:`CACHE_KIB`. A load uses the same settings as any other write.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gongjian.graph.store import StoreError
from gongjian.model import NODE_TYPES
from gongjian.rules.spelling import READINGS, spelled

APPLICATION_ID = 0x67676A6E  # "ggjn": marks a SQLite file as a gongjian store
SCHEMA_VERSION = 5
CACHE_KIB = 65536  # SQLite page cache per connection: a Kunming dataset's B-tree pages fit

#: Node properties with an index of their own: ``find_nodes`` filters on them by equality.
INDEXED_PROPS = ("area", "status", "level", "kind")

_TABLES = """
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
_META_TABLE = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
#: The ``meta`` key of the readings the names were spelled with.
SPELLED_WITH = "spelled_with"


def _name_expr(row: str) -> str:
    """SQL for a node row's name: the property its label names (a title for a need)."""
    cases = " ".join(
        f"WHEN '{label}' THEN json_extract({row}.props, '$.{t.name_prop}')" for label, t in NODE_TYPES.items()
    )
    return f"CASE {row}.label {cases} END"


_NAMES_TABLE = """CREATE TABLE IF NOT EXISTS names (
    label   TEXT NOT NULL,
    id      TEXT NOT NULL,
    name    TEXT NOT NULL,
    aliases TEXT,
    spelled TEXT,
    PRIMARY KEY (label, id)
) WITHOUT ROWID"""
#: Partial indexes: name → the rows they hold. ``names_unspelled``: the names rows not spelled
#: yet, written by the triggers since the last write of gongjian's.
_PARTIAL = {"names_unspelled": "spelled IS NULL"}
_UNSPELLED = (
    f"CREATE INDEX IF NOT EXISTS names_unspelled ON names (label, id) WHERE {_PARTIAL['names_unspelled']}"
)

#: The SQL function of :func:`gongjian.rules.spelling.spelled` (name, aliases → their pinyin),
#: which every connection of gongjian's registers.
SPELL_FUNCTION = "gj_spell"


def _named(row: str, source: str = "") -> str:
    """A ``SELECT`` of the names row of node row ``row`` (none for a node without a name)."""
    return (
        f"SELECT {row}.label AS label, {row}.id AS id, {_name_expr(row)} AS name,"
        f" json_extract({row}.props, '$.aliases') AS aliases {source} WHERE {_name_expr(row)} IS NOT NULL"
    )


def spell_names(con: sqlite3.Connection) -> None:
    """Spell the names rows the triggers wrote unspelled (:data:`SPELL_FUNCTION`), at the end of
    each write transaction. The triggers leave the spelling out so that any SQLite client can
    still write the file; a search meanwhile spells the rows left unspelled itself."""
    con.execute(f"UPDATE names SET spelled = {SPELL_FUNCTION}(name, aliases) WHERE spelled IS NULL")


#: Schema 3's and 4's secondary indexes: name → what it indexes.
_INDEXES = {
    "rels_out": "rels (src_label, src_id, type)",
    "rels_in": "rels (dst_label, dst_id, type, src_label)",
    **{f"nodes_by_{p}": f"nodes (label, json_extract(props, '$.{p}'))" for p in INDEXED_PROPS},
}


def _triggers() -> dict[str, str]:
    """The triggers that keep ``names`` up with ``nodes``: name → its statement."""
    named = f"INSERT INTO names (label, id, name, aliases) {_named('new')}"
    body = "DELETE FROM names WHERE label = old.label AND id = old.id"
    return {
        "names_insert": f"AFTER INSERT ON nodes BEGIN {named}; END",
        "names_update": f"AFTER UPDATE ON nodes BEGIN {body}; {named}; END",
        "names_delete": f"AFTER DELETE ON nodes BEGIN {body}; END",
    }


def _secondary(con: sqlite3.Connection) -> None:
    """Build what schema 5 keeps beside the two tables from the rows they hold: the indexes
    (each sorted once), ``names`` filled in one statement and spelled, then its triggers."""
    for name, what in _INDEXES.items():
        con.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {what}")
    con.execute(_NAMES_TABLE)
    con.execute("DROP INDEX IF EXISTS names_unspelled")
    con.execute("DELETE FROM names")
    con.execute(
        f"INSERT INTO names (label, id, name, aliases, spelled) SELECT label, id, name, aliases,"
        f" {SPELL_FUNCTION}(name, aliases) FROM ({_named('n', 'FROM nodes n')})"
    )
    con.execute(_UNSPELLED)
    for name, what in _triggers().items():
        con.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {what}")
    con.execute(_META_TABLE)
    _spelled_with(con)


def _spelled_with(con: sqlite3.Connection) -> None:
    """Record that the names are spelled with this process's readings."""
    con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (SPELLED_WITH, READINGS))


def _respell(con: sqlite3.Connection) -> None:
    """Spell every name again if the file's were spelled with other readings than this
    process's (pypinyin upgraded; a province, a few seconds, once): search compares what a
    user types with them and with what it spells itself, so both must read alike."""
    with_ = con.execute("SELECT value FROM meta WHERE key = ?", (SPELLED_WITH,)).fetchone()
    if with_ and with_[0] == READINGS:
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        with_ = con.execute("SELECT value FROM meta WHERE key = ?", (SPELLED_WITH,)).fetchone()
        if not with_ or with_[0] != READINGS:  # not done meanwhile by another process
            con.execute(f"UPDATE names SET spelled = {SPELL_FUNCTION}(name, aliases)")
            _spelled_with(con)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


#: Schema 1's secondary indexes, which schema 3's replace.
_OLD_INDEXES = ("nodes_by_id", "rels_by_dst")


def empty(con: sqlite3.Connection) -> bool:
    """Whether the file holds no node and no relationship (a first load may take :func:`first_load`)."""
    return con.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM nodes) AND NOT EXISTS (SELECT 1 FROM rels)"
    ).fetchone()[0]


@contextmanager
def first_load(con: sqlite3.Connection) -> Iterator[None]:
    """Inside an open write transaction on an empty file: drop the secondary indexes and the
    names triggers, let the body write the rows, then build them again from what was written
    (:func:`_secondary`), far cheaper than keeping them row by row. The schema's changes are part
    of the transaction: if the body raises, or the process dies, the rollback (or the WAL's
    uncommitted frames, ignored on opening) leaves the schema and the rows as they were."""
    assert con.in_transaction, "first_load needs the write transaction open"
    for name in _INDEXES:
        con.execute(f"DROP INDEX IF EXISTS {name}")
    for name in _triggers():
        con.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    _secondary(con)


def _migrate(con: sqlite3.Connection) -> None:
    """Bring a schema 1–4 file to schema 5: the indexes (from schema 1 or 2: a province, a
    minute) and the names table with its pinyin (a province, ≈10 s), built once; from schema
    4, the ``meta`` table (its names are spelled again once opened, :func:`_respell`, since
    nothing says with which readings). Another process migrating at the same time waits,
    then finds it done."""
    con.execute("BEGIN IMMEDIATE")
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            con.execute(_META_TABLE)  # new in schema 5
            if version < 4:
                for name in _OLD_INDEXES:
                    con.execute(f"DROP INDEX IF EXISTS {name}")
                for name in _triggers():
                    con.execute(f"DROP TRIGGER IF EXISTS {name}")
                con.execute("DROP TABLE IF EXISTS names")
                _secondary(con)
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def connect(path: Path) -> sqlite3.Connection:
    """Open a store's SQLite file, refusing one that is not a gongjian store, is too new or is
    damaged where :func:`check` looks. A new or empty file gets the schema; an older one is
    migrated."""
    if path.is_dir():
        raise StoreError(f"{path} 是目录，不是 gongjian 数据库文件")
    fresh = not path.exists() or path.stat().st_size == 0
    if fresh and not path.parent.exists():
        raise StoreError(f"目录不存在：{path.parent}")
    try:
        con = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        con.create_function(SPELL_FUNCTION, 2, spelled, deterministic=True)
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
        if not fresh:
            check(con, path)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if fresh:
            con.executescript(_TABLES)
            _secondary(con)
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        else:
            if version < SCHEMA_VERSION:
                _migrate(con)
            _respell(con)
    except sqlite3.DatabaseError as e:
        raise refusal(path, e) from e
    return con


_CANNOT_OPEN = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR}


def refusal(path: Path, e: sqlite3.DatabaseError) -> StoreError:
    """The user's message for a file SQLite cannot read (opening it, or any read later)."""
    code = getattr(e, "sqlite_errorcode", None)
    if code in _CANNOT_OPEN:
        # not a question of the file's content: the path cannot be opened or created here
        return StoreError(f"无法打开数据库 {path}：路径不可读写（没有权限或不是普通文件系统）")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):  # another process migrates or writes it
        return StoreError(f"数据库 {path} 正被另一个进程写入（如升级架构或导入），请稍后重试")
    if code == sqlite3.SQLITE_NOTADB:
        return StoreError(f"{path} 不是 gongjian 数据库（不是 SQLite 文件），拒绝打开")
    return StoreError(f"{path} 文件已损坏，无法读取：{e}")


def damaged(e: sqlite3.DatabaseError) -> bool:
    """Whether an error SQLite raised mid-read says the file is damaged (a page, or a row's
    properties that are not JSON), rather than busy or locked."""
    code = getattr(e, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed JSON" in str(e)


def check(con: sqlite3.Connection, path: Path) -> None:
    """What opening checks, in milliseconds whatever the file's size: that the file is as long
    as its header says (a copy cut short), and that every table's and index's B-tree can be
    entered at both ends (garbage over a page). The rest of the file is read when a question
    needs it; a damaged page found then is refused the same way (:func:`refusal`)."""
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    with open(path, "rb") as f:
        header = f.read(100)
    if len(header) == 100 and header[24:28] == header[92:96]:  # the header's page count is valid
        pages = int.from_bytes(header[28:32], "big")
        if os.path.getsize(path) < pages * page_size:
            raise sqlite3.DatabaseError(f"文件不完整（应有 {pages} 页）")
    trees = con.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")
    for kind, name, table in trees.fetchall():
        if name.isidentifier() and table.isidentifier():  # every name this module gives
            # a table's every column, or an index would answer for it (as one answers for 1)
            scan = "* FROM {table} NOT INDEXED" if kind == "table" else f"1 FROM {table} INDEXED BY {name}"
            rows = f" WHERE {_PARTIAL[name]}" if name in _PARTIAL else ""  # the rows a partial one holds
            con.execute(f"SELECT {scan.format(table=table)}{rows} LIMIT 1").fetchall()
