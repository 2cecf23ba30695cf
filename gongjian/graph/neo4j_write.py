"""How the Neo4j store writes one ChangeSet inside one transaction.

A node the database does not hold yet is CREATEd, one it holds is MERGEd and patched
(``SET n += props``: a property given as None is removed). Which is which is asked once per
batch of keys (``existing_ids``, an index lookup each; not at all for a label the database holds
no node of, which the count store tells at once), so a first load into an empty store creates
everything and never pays MERGE's lookup-then-lock. A relationship with an end
created in this ChangeSet cannot exist yet, so it is CREATEd too (duplicates in the ChangeSet
folded into one first, their props patched in order, as MERGE would); every other one is
MERGEd. Either way both ends are MATCHed, and a relationship whose end does not exist refuses
the whole ChangeSet. Rows go ``BATCH`` at a time in one ``UNWIND`` statement per label, or per
relationship type and end labels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, IncompleteCommit, Neo4jError

from gongjian.graph.cypher import render, render_each
from gongjian.graph.store import ChangeSet, Progress, Rel, StoreError
from gongjian.model import LABELS, NODE_TYPES, REL_TYPES

BATCH = 10000  # rows per UNWIND statement
KEY_ONLY = "_gj_key_only"
RESERVED = "_gj_"

_LABELS = frozenset(LABELS)
#: the error of a CREATE whose key another transaction committed after this one looked
CREATED_MEANWHILE = "Neo.ClientError.Schema.ConstraintValidationFailed"


def retryable(e: Exception) -> bool:
    """Whether a failed write may be tried again whole (a ChangeSet is idempotent)."""
    if isinstance(e, IncompleteCommit):
        return True  # outcome unknown; applying the same ChangeSet again is harmless
    if isinstance(e, Neo4jError) and e.code == CREATED_MEANWHILE:
        return True  # another write created a node this one was creating: the next try merges it
    return isinstance(e, Neo4jError | DriverError) and e.is_retryable()


def chunks(items: Sequence[Any], n: int = BATCH) -> Iterable[Sequence[Any]]:
    """``items`` in slices of at most ``n``."""
    for i in range(0, len(items), n):
        yield items[i : i + n]


def node_props(label: str, key: str, patch: dict) -> dict[str, Any]:
    """A node's patch as stored: ``id`` mapped to the ``_gj_key_only`` marker, reserved names refused."""
    props: dict[str, Any] = {}
    for k, v in patch.items():
        if k == "id":
            if v is None:
                props[KEY_ONLY] = True
            elif v == key:
                props[KEY_ONLY] = None
            else:
                raise StoreError(
                    f"{NODE_TYPES[label].zh} {key}：属性 id 的值 {v!r} 与其编码不同"
                    "（Neo4j 库以 id 保存节点的编码）"
                )
        elif k.startswith(RESERVED):
            raise StoreError(f"{NODE_TYPES[label].zh} {key}：属性名 {k} 为系统保留（不可以 {RESERVED} 开头）")
        else:
            props[k] = v
    return props


def new_node_props(label: str, key: str, patch: dict) -> dict[str, Any]:
    """A new node's properties: its patch without None values, ``_gj_key_only`` unless ``id`` is its own."""
    props = node_props(label, key, patch)
    props.setdefault(KEY_ONLY, True)
    return {k: v for k, v in props.items() if v is not None}


def folded(rels: Iterable[Rel]) -> dict[tuple[str, str], dict]:
    """New relationships of one group by (src id, dst id), repeated ones' props patched in order."""
    out: dict[tuple[str, str], dict] = {}
    for r in rels:
        key = (r.src[1], r.dst[1])
        before = out.get(key)
        out[key] = r.props if before is None else {**before, **r.props}
    return out


def held(counts: Iterable[Any]) -> tuple[str, ...]:
    """The labels with a node, in model order, from ``count_nodes`` records (name, n)."""
    found = {rec["name"] for rec in counts if rec["n"]}
    return tuple(label for label in LABELS if label in found)


class _Pipeline:
    """Write statements sent one after the other without waiting for each one's end: a
    statement's result is looked at once the next one has been sent, so the client builds and
    packs a statement while the server runs the one before (the driver keeps a result that
    arrives meanwhile; the server runs a transaction's statements in order)."""

    def __init__(self, tx: neo4j.Transaction) -> None:
        self.tx = tx
        self._last: tuple[neo4j.Result, Callable[[neo4j.Result], None]] | None = None

    def run(self, query: str, check: Callable[[neo4j.Result], None] | None = None, **params: Any) -> None:
        result = self.tx.run(query, **params)
        self.flush()
        self._last = (result, check or neo4j.Result.consume)

    def flush(self) -> None:
        """Look at the last statement's result (raise if it refuses the write)."""
        if self._last is not None:
            (result, check), self._last = self._last, None
            check(result)


def _existing(tx: neo4j.Transaction, label: str, ids: Sequence[str]) -> set[str]:
    query = render("existing_ids", LABEL=label)
    found: set[str] = set()
    for chunk in chunks(ids):
        found.update(rec["id"] for rec in tx.run(query, ids=list(chunk)))
    return found


def write(tx: neo4j.Transaction, changes: ChangeSet, step: Progress) -> None:
    """Write ``changes`` in ``tx`` (not committed); raise StoreError if a relationship lacks an end."""
    sent = _Pipeline(tx)
    created = _write_nodes(sent, changes, step)
    _clear_rels(sent, changes)
    groups: dict[tuple[str, str, str], list[Rel]] = {}
    for r in changes.rels:
        groups.setdefault((r.type, r.src[0], r.dst[0]), []).append(r)
    for (type_, src, dst), rels in groups.items():
        new_src, new_dst = created.get(src, set()), created.get(dst, set())
        fresh = [r for r in rels if r.src[1] in new_src or r.dst[1] in new_dst]
        known = [r for r in rels if not (r.src[1] in new_src or r.dst[1] in new_dst)] if fresh else rels
        _create_rels(sent, type_, src, dst, fresh, step)
        _merge_rels(sent, type_, src, dst, known, step)
    sent.flush()


def _write_nodes(sent: _Pipeline, changes: ChangeSet, step: Progress) -> dict[str, set[str]]:
    """CREATE the new nodes, MERGE the others; return the keys created, by label."""
    created: dict[str, set[str]] = {}
    labels = held(sent.tx.run(render_each("count_nodes", "LABEL", LABELS))) if changes.nodes else ()
    for label, patches in changes.nodes.items():
        keys = list(patches)
        if label in labels:
            sent.flush()
            there = _existing(sent.tx, label, keys)
        else:
            there = set()
        new = [k for k in keys if k not in there]
        created[label] = set(new)
        create = render("create_nodes", LABEL=label)
        for chunk in chunks(new):
            rows = [{"id": k, "props": new_node_props(label, k, patches[k])} for k in chunk]
            sent.run(create, rows=rows)
            step(len(chunk))
        merge = render("upsert_nodes", LABEL=label)
        for chunk in chunks([k for k in keys if k in there]):
            rows = [{"id": k, "props": node_props(label, k, patches[k])} for k in chunk]
            sent.run(merge, rows=rows)
            step(len(chunk))
    return created


def _clear_rels(sent: _Pipeline, changes: ChangeSet) -> None:
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
            for chunk in chunks(ids):
                sent.run(query, ids=list(chunk), other_labels=other, where=where)


def _create_rels(sent: _Pipeline, type_: str, src: str, dst: str, rels: list[Rel], step: Progress) -> None:
    if not rels:
        return
    query = render("create_rels", TYPE=type_, SRC=src, DST=dst)
    rows = [{"src": s, "dst": d, "props": p} for (s, d), p in folded(rels).items()]
    for chunk in chunks(rows):

        def check(result: neo4j.Result, chunk: Sequence[dict] = chunk) -> None:
            if result.single(strict=True)["created"] < len(chunk):
                _refuse(sent.tx, type_, src, dst, chunk)

        sent.run(query, check, rows=list(chunk))
    step(len(rels))


def _merge_rels(sent: _Pipeline, type_: str, src: str, dst: str, rels: list[Rel], step: Progress) -> None:
    query = render("upsert_rels", TYPE=type_, SRC=src, DST=dst)
    for chunk in chunks(rels):
        rows = [{"src": r.src[1], "dst": r.dst[1], "props": r.props} for r in chunk]

        def check(result: neo4j.Result, rows: list[dict] = rows) -> None:
            if result.single(strict=True)["merged"] < len({(r["src"], r["dst"]) for r in rows}):
                _refuse(sent.tx, type_, src, dst, rows)

        sent.run(query, check, rows=rows)
        step(len(chunk))


def _refuse(tx: neo4j.Transaction, type_: str, src: str, dst: str, rows: Sequence[dict]) -> None:
    """Raise StoreError naming the ends (up to five) that do not exist."""
    missing: list[str] = []
    for lab, ids in ((src, [r["src"] for r in rows]), (dst, [r["dst"] for r in rows])):
        found = _existing(tx, lab, ids)
        missing += [f"{NODE_TYPES[lab].zh} {i}" for i in dict.fromkeys(ids) if i not in found]
    missing = list(dict.fromkeys(missing))
    shown = "、".join(missing[:5]) + (f" 等 {len(missing)} 个" if len(missing) > 5 else "")
    what = REL_TYPES[type_].zh if type_ in REL_TYPES else type_
    raise StoreError(f"“{what}”关系（{type_}）的一端节点不存在：{shown}；本次未写入任何内容")
