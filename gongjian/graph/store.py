"""The contract every store fulfils, and the data that crosses it.

A store holds nodes keyed by ``(label, id)`` and relationships keyed by
``(type, src, dst)``; labels and types come from :mod:`gongjian.model`. Writes
arrive as one :class:`ChangeSet` per dataset and are applied atomically: after a
crash the store holds the old dataset or the new one, never half of it.

Retrieval is pushed down into the store (Python over networkx, or Cypher); the
shared code in :mod:`gongjian.queries` does scoring and ranking, once, for both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

import networkx as nx

NodeRef = tuple[str, str]
"""A node's identity: ``(label, id)``; an area's id is its code."""

Progress = Callable[[int], None]
"""Called with the number of rows just written, to advance a progress bar."""


@dataclass(frozen=True, slots=True)
class Node:
    label: str
    id: str
    props: dict

    @property
    def ref(self) -> NodeRef:
        return (self.label, self.id)


@dataclass(slots=True)
class Rel:
    """A relationship ``src -[type]-> dst``. Not frozen: an ingest makes millions, and a
    frozen dataclass's ``__init__`` costs three times as much (its props dict was never
    immutable anyway); treat it as a value all the same."""

    type: str
    src: NodeRef
    dst: NodeRef
    props: dict = field(default_factory=dict)


@dataclass(slots=True)
class RelClear:
    """Remove every ``type`` relationship at these nodes, on the given end, before new ones go in.

    A record's reference column is replaced as a whole: a unit moved to another
    area loses its old LOCATED_IN. ``end`` is the record's end of the relationship.
    ``other_labels`` narrows to relationships whose other end has one of these labels
    (a party org built in a unit vs. in an area); ``where`` to relationships with
    these property values (an agreement's side).
    """

    type: str
    end: Literal["src", "dst"]
    refs: list[NodeRef]
    other_labels: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class ChangeSet:
    """One dataset's worth of writes, applied in one transaction.

    ``nodes`` are merged into existing nodes by key (a property set to None is
    removed); ``clears`` run before ``rels``; ``rels`` are merged by
    ``(type, src, dst)`` the same way.
    """

    nodes: dict[str, dict[str, dict]] = field(default_factory=dict)
    clears: list[RelClear] = field(default_factory=list)
    rels: list[Rel] = field(default_factory=list)

    def size(self) -> int:
        return sum(len(v) for v in self.nodes.values()) + len(self.rels)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A resource reachable from a need through one kind of linkage, with the walk that shows it."""

    kind: str
    """big_committee | agreement | alliance | registration | proximity (strongest first)."""
    path: list[NodeRef]
    unit: Node
    resource: Node


@dataclass(slots=True)
class NeedContext:
    """What matching a need retrieves from a store; ranking is done by shared code.

    ``areas`` is the need's area and its ancestors, nearest first. ``candidates``
    holds, per resource whose category can serve the need's (``model.categories_serving``;
    a missing category is ``other``) and linkage kind, one walk need → … → unit → resource
    (or … → area → resource → unit for a service scope). ``done`` counts each
    candidate unit's completed projects, ``active`` each candidate resource's
    claimed or in-progress projects.
    """

    need: Node
    areas: list[Node]
    candidates: list[Candidate] = field(default_factory=list)
    done: dict[str, int] = field(default_factory=dict)
    active: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Claim:
    """A dispatch: need ``need_id`` is served by ``resource_id`` as a new project."""

    need_id: str
    resource_id: str
    project_id: str
    project: dict
    """The project's properties (name, status, started, link …)."""


class StoreError(Exception):
    """A store cannot be opened or reached; the message is for the user as it is."""


class StoreUnavailable(StoreError):
    """The store is there but does not answer now (a Neo4j server down); retry later."""


class Conflict(Exception):
    """A write lost a race or breaks a rule (e.g. no capacity left); maps to HTTP 409."""


class NotFound(KeyError):
    """No node with that id; maps to HTTP 404."""

    def __init__(self, what: str, id: str) -> None:
        super().__init__(f"{what} {id} 不存在")
        self.what, self.id = what, id

    def __str__(self) -> str:
        return self.args[0]


PATH_POOL = 1000
"""How many equally short paths a store collects before ordering them and keeping ``k``."""

ACTIVE_PROJECT = ("claimed", "in_progress")
"""Project statuses that hold one unit of a resource's capacity."""


@runtime_checkable
class Store(Protocol):
    """What the ingest, the queries, the API and the CLI may ask of a store."""

    uri: str

    def read_here(self) -> AbstractContextManager[bool]:
        """Whether a read may run at once on the calling thread (an event loop's) without
        waiting for anything: True only for a store whose reads are Python over memory (in a
        worker thread they would hold the GIL all the same) when no write of another thread is
        under way and no other process's commit waits to be loaded; the store is held for the
        caller until the block ends. False for a store whose reads wait on a server: run them
        in a worker thread."""

    # ------------------------------------------------------------------ writes
    def apply(self, changes: ChangeSet, progress: Progress | None = None) -> None:
        """Apply a dataset's changes atomically (all or nothing)."""

    # ------------------------------------------------------------------- reads
    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}``, every model label/type present."""

    def get_node(self, label: str, id: str) -> Node | None: ...

    def get_nodes(self, label: str, ids: Iterable[str]) -> dict[str, dict]:
        """Properties of those of ``ids`` that exist under ``label``."""

    def labels_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """For each id that exists, the labels it exists under (to resolve untyped references)."""

    def iter_nodes(self) -> Iterator[Node]: ...

    def iter_rels(self) -> Iterator[Rel]: ...

    def graph(self) -> nx.MultiDiGraph:
        """The whole graph as networkx (nodes ``(label, id)``, edge key = type), for algorithms."""

    def neighbours(
        self,
        label: str,
        id: str,
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
    ) -> list[tuple[Rel, Node]]:
        """Relationships at a node (optionally of some types, one direction) with the node at the other end."""

    def subtree(self, code: str) -> list[str]:
        """Codes of an area and every area below it (PART_OF, any depth)."""

    def find_nodes(
        self,
        label: str,
        where: dict[str, str] | None = None,
        areas: list[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[int, list[Node]]:
        """Nodes of a label whose properties equal ``where`` and whose ``area`` is in ``areas``.

        Returns the total that match and one page of them, ordered by id.
        """

    def shortest_paths(self, src: NodeRef, dst: NodeRef, k: int, max_hops: int) -> list[list[NodeRef]]:
        """Up to ``k`` of the shortest paths between two nodes, relationships taken in either direction.

        All returned paths have the minimal length (none if it exceeds ``max_hops``);
        among at most :data:`PATH_POOL` of them, the first ``k`` in node-sequence order.
        """

    def relationships(self, type: str) -> list[Rel]:
        """Every relationship of one type (gap analysis, bridging units)."""

    def names(self) -> list[tuple[str, str, str]]:
        """``(label, id, name)`` of every node that has a name or title (for the search index)."""

    def need_context(self, need_id: str, today: str) -> NeedContext | None:
        """Everything matching a need needs, or None if there is no such need."""

    def warm_up(self, today: str) -> None:
        """Prepare to match needs on ``today``, as a server starts: the embedded store works
        out every community's and street's linked units now (a province: ≈3 s) rather than at
        the first need of each; a store that asks a server has nothing to prepare."""

    def claim(self, claim: Claim) -> None:
        """Dispatch atomically: create the project (ADDRESSES, USES, CLAIMED_BY, LOCATED_IN),
        set the need to claimed, hold one unit of the resource's capacity.

        Raises NotFound for a missing need or resource and Conflict when the need is
        no longer open or the resource has no capacity left — checked inside the same
        transaction, so of two planners claiming the last capacity one wins.
        """

    def clear(self) -> None:
        """Remove every node and relationship (``sync --replace``, tests)."""

    def close(self) -> None: ...


NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def _named(uri: str | None) -> str:
    import os

    return uri or os.environ.get("GONGJIAN_STORE") or "gongjian.db"


def open_store(uri: str | None = None) -> Store:
    """Open the store a ``--store`` value names: a file path (embedded) or a Neo4j URI."""
    uri = _named(uri)
    if uri.startswith(NEO4J_SCHEMES):
        from gongjian.graph.neo4j import Neo4jStore

        return Neo4jStore(uri)
    from gongjian.graph.embedded import EmbeddedStore

    return EmbeddedStore(uri)


def check_store(uri: str | None = None) -> str:
    """What :func:`open_store` checks on opening, without building an embedded store's graph
    in memory (a province's takes 20 s and 4 GB); the store's ``uri``. Raises StoreError.

    For a process that hands the store to others (``serve --workers``).
    """
    uri = _named(uri)
    if uri.startswith(NEO4J_SCHEMES):
        store = open_store(uri)
        store.close()
        return store.uri
    from pathlib import Path

    from gongjian.graph.embedded import check_file

    check_file(Path(uri))
    return str(Path(uri))
