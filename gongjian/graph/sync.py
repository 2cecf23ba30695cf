"""Copy a whole store into another (embedded ↔ Neo4j), for ``gongjian sync``.

The source is read through ``iter_nodes``/``iter_rels`` (streamed from Neo4j) and written
through ``apply``, every node before any relationship. Writes go in ChangeSets of at most
``CHUNK`` nodes and relationships: a store that fits in one chunk (the fixture ledger,
small cities) is copied in one transaction, all or nothing; a bigger one (Kunming's
hundreds of thousands, a province's millions) in several, each atomic, so that neither
this process nor a Neo4j server has to hold the whole store in one transaction. If a
chunked copy is interrupted, the destination holds the chunks written so far: run the
same sync again with ``--replace``. The caller checks the counts at the end.
"""

from __future__ import annotations

import os
from pathlib import Path

from gongjian.graph.store import ChangeSet, Progress, Store

CHUNK = 100_000
_NEO4J = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def same_store(a: str, b: str) -> bool:
    """Whether two ``--store`` values name the same store (same file, or same Neo4j address)."""
    if a.startswith(_NEO4J) or b.startswith(_NEO4J):
        return a.rstrip("/").lower() == b.rstrip("/").lower()
    return Path(a).resolve() == Path(b).resolve() or (
        Path(a).exists() and Path(b).exists() and os.path.samefile(a, b)
    )


def copy_store(
    src: Store, dst: Store, *, chunk: int = CHUNK, progress: Progress | None = None
) -> tuple[int, int]:
    """Copy every node and relationship of ``src`` into ``dst``; return (nodes, relationships) copied."""
    changes = ChangeSet()
    pending = nodes = rels = 0

    def flush() -> None:
        nonlocal changes, pending
        if pending:
            dst.apply(changes, progress)
            changes, pending = ChangeSet(), 0

    for node in src.iter_nodes():
        changes.nodes.setdefault(node.label, {})[node.id] = node.props
        nodes += 1
        pending += 1
        if pending >= chunk:
            flush()
    for rel in src.iter_rels():
        changes.rels.append(rel)
        rels += 1
        pending += 1
        if pending >= chunk:
            flush()
    flush()
    return nodes, rels
