"""The contract every store fulfils, and the data that crosses it.

A store holds nodes keyed by ``(label, id)`` and relationships keyed by
``(type, src, dst)``; labels and types come from :mod:`gongjian.model`. Writes
arrive as one :class:`ChangeSet` per dataset and are applied atomically: after a
crash the store holds the old dataset or the new one, never half of it.

Retrieval is pushed down into the store (Python over networkx, or Cypher); the
shared code in :mod:`gongjian.queries` does scoring and ranking, once, for both.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol, runtime_checkable

import networkx as nx

NodeRef = tuple[str, str]
"""A node's identity: ``(label, id)``; an area's id is its code."""

Progress = Callable[[int], None]
"""Called with the number of rows just written, to advance a progress bar."""


@dataclass(slots=True)
class Node:
    """A node: its label, its id (an area's code) and its properties. Treat it as a value."""

    label: str
    id: str
    props: dict

    @property
    def ref(self) -> NodeRef:
        return (self.label, self.id)


@dataclass(slots=True)
class Rel:
    """A relationship ``src -[type]-> dst``. Treat it as a value."""

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


Spelled = tuple[str, str, str, str, str]
"""``(label, id, name, full, initials)``: a node's name or short name in pinyin, in full and in
initials (:func:`gongjian.rules.spelling.spell`)."""


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


class Writing(Protocol):
    """A dataset's write that may begin while the dataset is still being checked
    (:meth:`Store.writing`): its tables are handed over as they pass, the whole at the end."""

    def add(self, part: ChangeSet) -> None:
        """More of the dataset, to be written after the parts added before, in the same
        transaction, as a ChangeSet of its own would be (a node given again is merge-patched).
        The caller changes none of its dicts afterwards."""

    def cancel(self) -> None:
        """Drop the parts added (rolled back at once); no more will come."""

    def apply(self, changes: ChangeSet, progress: Progress | None = None) -> None:
        """Apply the whole dataset atomically, as :meth:`Store.apply`. Unless cancelled, the parts
        added, written in order, give what ``changes`` gives; the store may commit them, or, if
        a part failed or the commit may be retried, apply ``changes`` afresh."""


StatusCounts = dict[str | None, int]
"""How many projects have each status (None: a project without one)."""

UseCounts = dict[tuple[str | None, str | None], int]
"""How many projects have each (status, started): the projects that use a resource, by their
status and start date (None: a project without one)."""


Verdicts = dict[tuple[str | None, str], int]
"""How many (project, rated need) pairs have each (project status, need rating)."""


@dataclass(slots=True)
class Neighbourhood:
    """A node and what lies around it, two steps deep (see :meth:`Store.neighbourhood`)."""

    node: Node
    around: list[tuple[Rel, Node]]
    """Its relationships of the types asked for, with the node at the other end, as
    :meth:`Store.neighbours` answers them."""
    beyond: dict[NodeRef, list[tuple[Rel, Node]]]
    """For each node of ``around``: its relationships of the second step's types, as
    :meth:`Store.neighbours` answers them ({} when no second step was asked for)."""


@dataclass(slots=True)
class NeedHead:
    """A need and the territory above it: what its linkage walks start from."""

    need: Node
    raised: str | None
    """The code of the area it was raised in (the smallest, should it have several)."""
    areas: dict[str, tuple[dict, list[str]]]
    """That area and every area above it: code → (properties, parent codes)."""
    joins: dict[tuple[NodeRef, NodeRef], Joins] = field(default_factory=dict)
    """What :meth:`Store.joining` would answer for (need, that area) and for (each of those
    areas, each of its parents), when a store read it along with them; may be empty or partial
    (a caller asks :meth:`Store.joining` for the rest)."""


class Walk(NamedTuple):
    """One raw walk from a need to a resource of a unit, through one kind of linkage.

    The walk is the need, the need's chain of areas up to ``chain[at]``, then ``tail``: down
    to the unit and its resource (or, for a service scope, the resource and then its unit).
    ``window`` is when the link holds (a membership's since/until, an agreement's
    signed/expires), None for a link that always holds.
    """

    stage: int
    kind: str
    at: int
    tail: tuple[NodeRef, ...]
    unit: str
    resource: str
    window: tuple[str | None, str | None] | None


@dataclass(slots=True)
class NeedWalks:
    """What a store retrieves for matching a need: every walk, with what they reach."""

    walks: list[Walk] = field(default_factory=list)
    units: dict[str, tuple[dict, StatusCounts]] = field(default_factory=dict)
    """unit id → (its properties, the statuses of the projects it claimed)"""
    resources: dict[str, tuple[dict, UseCounts]] = field(default_factory=dict)
    """resource id → (its properties, the (status, started) of the projects that use it)"""
    verdicts: dict[str, Verdicts] = field(default_factory=dict)
    """unit id → residents' verdicts on the needs its projects address: how many (project
    CLAIMED_BY it, need the project ADDRESSES with a ``rating``) pairs have each (project status,
    rating); a unit without any is absent"""
    nodes: dict[NodeRef, dict] = field(default_factory=dict)
    """Properties of other nodes on the walks (platforms, party orgs, agreements, areas) that a
    store read along with them, so that naming a walk's nodes needs no further read; may be
    empty or partial (a caller reads what is missing with :meth:`Store.get_nodes`)."""
    joins: dict[tuple[NodeRef, NodeRef], Joins] = field(default_factory=dict)
    """What :meth:`Store.joining` would answer for the consecutive nodes of the walks (from
    ``chain[at]`` on), when a store read it along with them; may be empty or partial (a caller
    asks :meth:`Store.joining` for the rest)."""


class WalkQuestion(NamedTuple):
    """The arguments of one :meth:`Store.need_walks` call, for asking about several needs at once."""

    need_id: str
    chain: list[str]
    community: int | None
    street: int | None
    categories: frozenset[str]


@dataclass(slots=True)
class ClaimFacts:
    """What a claim is judged on, read under the claim's locks (see :meth:`Store.claim`)."""

    need: Node | None
    resource: Node | None
    resource_projects: UseCounts
    """The (status, started) of the projects that use the resource."""
    offered_by: list[str]
    """The units that offer the resource, smallest id first."""
    raised_in: list[str]
    """The areas the need was raised in, smallest code first."""
    project_taken: bool
    """Whether a node already has the new project's id. A claim holds that id against other
    claims until it ends (Neo4j: the MERGE on the unique id), so of two claims giving one id
    the second reads it taken."""


@dataclass(slots=True)
class UnitActivity:
    """What a unit's scorecard is judged on, retrieved and not judged (see :meth:`Store.unit_activity`)."""

    unit: Node
    orgs: list[Node] = field(default_factory=list)
    """The party orgs BUILT_IN the unit (not their superiors), by id."""
    people: list[str] = field(default_factory=list)
    """The people who WORK_AT the unit or BELONG_TO one of its party orgs, by id."""
    links: list[tuple[Rel, Node]] = field(default_factory=list)
    """Every MEMBER_OF, SIGNED and REGISTERED_WITH out of the unit, its party orgs and its people,
    and every EVALUATES into the unit and its party orgs, with the node at the other end (the
    platform, agreement, area or evaluation), by (type, src, dst)."""
    projects: list[tuple[Node, list[str]]] = field(default_factory=list)
    """The projects CLAIMED_BY the unit, by id, each with the ids of the needs it ADDRESSES, sorted."""
    resources: list[Node] = field(default_factory=list)
    """The resources the unit OFFERS, by id."""
    needs: dict[str, dict] = field(default_factory=dict)
    """The needs its projects address: id → properties."""


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
"""How many paths a store collects, shortest first, before the query layer orders them."""


class PathSkip(NamedTuple):
    """What a linkage path may not pass: nodes of these labels (but its ends), relationships of these types."""

    labels: frozenset[str]
    types: frozenset[str]


Joins = tuple[tuple[str, bool], ...]
"""The relationships joining two nodes: sorted ``(type, forward)`` pairs."""


@dataclass(frozen=True, slots=True)
class LinkPath:
    """A simple path between two nodes: its nodes, and for each step the relationships that
    join the two nodes, as sorted ``(type, forward)`` pairs (``forward``: from the earlier node
    of the path to the later)."""

    nodes: tuple[NodeRef, ...]
    steps: tuple[Joins, ...]


#: How long what was kept from a store whose ``revision`` counts only this process's writes
#: (Neo4j) may be used: another process's writes (an ingest, another server's claims) show in
#: search at most this much later.
KEEP_SECONDS = 60.0


def outdated(store: Store, revision: int | None, built: float, every: float) -> bool:
    """Whether what was kept from ``store`` at ``revision`` (None: nothing yet), made at
    ``built`` (``time.monotonic()``), is to be made again: the store has changed since, or,
    if its revision does not follow other processes' writes, it is :data:`KEEP_SECONDS` old;
    either way not within ``every`` seconds of the last time (a stream of writes would
    otherwise have every read wait for it)."""
    if revision is None:
        return True
    age = time.monotonic() - built
    if age < every:
        return False
    if revision != getattr(store, "revision", 0):
        return True
    return not getattr(store, "revision_follows_others", False) and age >= KEEP_SECONDS


@runtime_checkable
class Store(Protocol):
    """What the ingest, the queries, the API and the CLI may ask of a store.

    Graph primitives, two retrievals for matching and claiming, and writes. A store holds no
    domain rule: :mod:`gongjian.queries` judges what it retrieves with :mod:`gongjian.rules`.
    A store class subclasses this Protocol to inherit the optional hooks' defaults.
    """

    uri: str
    revision: int
    """Moves with every write this process commits: whoever keeps what a read gave (a name
    index, a cached answer) compares it to know when to read again (:func:`outdated`)."""
    revision_follows_others: bool = False
    """Whether ``revision`` also moves with the writes of other processes (the embedded store
    reads the file's data version); if not (a server's store), what is kept by revision is
    used at most :data:`KEEP_SECONDS`."""

    # ------------------------------------------------------------------ writes
    def apply(self, changes: ChangeSet, progress: Progress | None = None) -> None:
        """Apply a dataset's changes atomically (all or nothing)."""

    def claim(
        self, need_id: str, resource_id: str, project_id: str, decide: Callable[[ClaimFacts], ChangeSet]
    ) -> None:
        """Write a claim atomically: lock the need and the resource against other claims, read
        the :class:`ClaimFacts`, and apply the change set ``decide`` builds from them, in one
        transaction. ``decide`` raises (NotFound, Conflict) to refuse; nothing is written then.
        Of two claims for the last capacity, the second reads the first one's project."""

    def clear(self) -> None:
        """Remove every node and relationship (``sync --replace``, tests)."""

    # ----------------------------------------------------------- graph reads
    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}``, every model label/type present."""

    def get_nodes(self, label: str, ids: Iterable[str]) -> dict[str, dict]:
        """Properties of those of ``ids`` that exist under ``label``."""

    def labels_of(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """For each id that exists, the labels it exists under (to resolve untyped references)."""

    def iter_nodes(self) -> Iterator[Node]: ...

    def iter_rels(self) -> Iterator[Rel]: ...

    def neighbours(
        self,
        label: str,
        id: str,
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
    ) -> list[tuple[Rel, Node]]:
        """Relationships at a node (optionally of some types, one direction) with the node at the other end."""

    def neighbourhood(
        self,
        id: str,
        labels: tuple[str, ...],
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
        then: tuple[str, ...] = (),
        then_direction: Literal["out", "in", "both"] = "both",
    ) -> Neighbourhood | None:
        """The node ``id`` under the first of ``labels`` it exists under (None: under none), its
        :meth:`neighbours` of ``types`` in ``direction``, and theirs of ``then`` in
        ``then_direction`` (``then`` empty: no second step), in one read (a committee: the
        platform, its area, lead and members, and the units its member orgs are built in)."""

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

    def linkage_paths(self, src: NodeRef, dst: NodeRef, max_hops: int, skip: PathSkip) -> list[LinkPath]:
        """The simple paths between two nodes of the shortest length ``d`` and of ``d + 1`` and
        ``d + 2``, none longer than ``max_hops``, relationships taken in either direction but
        none of ``skip.types``, and no node but the two ends of ``skip.labels``; one per node
        sequence (its steps list every relationship joining each pair). At most
        :data:`PATH_POOL` of them, shorter ones first, in no further order; ``[src]`` alone
        when the two are one node; none when either is missing."""

    def relationships(self, type: str) -> list[Rel]:
        """Every relationship of one type, sorted by (src, dst)."""

    def relationships_at(self, type: str, end: Literal["src", "dst"], refs: Iterable[NodeRef]) -> list[Rel]:
        """Every ``type`` relationship whose ``end`` (start: ``src``, end: ``dst``) is one of
        ``refs``, sorted by (src, dst); a ref with no node, or no such relationship, adds nothing
        and a repeated ref adds its relationships once. What an area's answers read around a set
        of nodes (an area's gaps: the memberships of its units), instead of every relationship
        of the type."""

    def joining(self, pairs: Iterable[tuple[NodeRef, NodeRef]]) -> dict[tuple[NodeRef, NodeRef], Joins]:
        """For each pair of nodes, the relationships between them (either direction) as sorted
        ``(type, forward)`` pairs (``forward``: from the pair's first to its second); a pair
        that none joins is absent (to say which relationships a match's path takes)."""

    def highest_number(self, label: str, prefix: str) -> int:
        """The highest ``n`` such that a node of ``label`` has the id ``prefix`` followed by
        ``n``'s digits (1 to 18 of them, any zero padding); 0 when none has (new ids in the
        ledgers' scheme)."""

    def names(self, labels: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
        """``(label, id, name)`` of every node (of ``labels``, if given) that has a name or title
        (for the search index), each followed by a ``(label, id, short)`` for each short name
        (简称) in its ``aliases``."""

    # ------------------------------------------------------ matching reads
    def need_head(self, need_id: str) -> NeedHead | None:
        """A need and the areas above the one it was raised in; None if there is no such need."""

    def need_walks(
        self,
        need_id: str,
        chain: list[str],
        community: int | None,
        street: int | None,
        categories: frozenset[str],
    ) -> NeedWalks:
        """Every walk from a need to a resource whose category (a missing one is ``other``) is in
        ``categories``, through the units linked to the area ``chain[community]`` (members of its
        big party committee; signatories, on side b, of agreements its area or a party org
        built in it signed on side a; units registered with it), to ``chain[street]`` (members of
        its alliance or big working committee, stage 0 walks down to the units that sit in it),
        and the resources whose service scope is an area of ``chain`` (stage 1). A member or
        signatory that is a party org stands for each unit it is BUILT_IN. Kinds: big_committee,
        agreement, registration, alliance, proximity (the platform kinds per
        :mod:`gongjian.rules.linkage`). No judgement: every window, status and capacity comes back."""

    # --------------------------------------------------- assessment reads
    def area_units(self, codes: list[str]) -> list[str]:
        """The ids, sorted, of the units sitting in (LOCATED_IN) one of the areas ``codes`` or
        linked to one: a MEMBER_OF a platform AT it; a signatory (SIGNED) of an agreement that it,
        or a party org BUILT_IN it, signed; REGISTERED_WITH it — each directly or through a party
        org BUILT_IN the unit. No judgement: former members and expired agreements count too."""

    def unit_activity(self, unit_ids: list[str]) -> list[UnitActivity]:
        """For each of ``unit_ids`` that exists, in id order, its :class:`UnitActivity`. Its
        properties may be the store's own (the embedded store's graph): read them, never change them."""

    def close(self) -> None: ...

    # ------------------------------------------ derived, and optional hooks
    def get_node(self, label: str, id: str) -> Node | None:
        props = self.get_nodes(label, [id]).get(id)
        return None if props is None else Node(label, id, props)

    def find_node(self, id: str, labels: tuple[str, ...]) -> Node | None:
        """The node ``id`` under the first of ``labels`` it exists under, or None."""
        found = self.labels_of([id]).get(id, [])
        for label in labels:
            if label in found:
                node = self.get_node(label, id)
                if node is not None:
                    return node
        return None

    def neighbours_of(
        self,
        label: str,
        ids: Iterable[str],
        types: tuple[str, ...] = (),
        direction: Literal["out", "in", "both"] = "both",
    ) -> dict[str, list[tuple[Rel, Node]]]:
        """:meth:`neighbours` of several nodes of one label: each id asked → its answer."""
        return {i: self.neighbours(label, i, types, direction) for i in dict.fromkeys(ids)}

    def need_heads(self, need_ids: Iterable[str]) -> dict[str, NeedHead]:
        """:meth:`need_head` of several needs: each that exists → its head."""
        heads = {i: self.need_head(i) for i in dict.fromkeys(need_ids)}
        return {i: h for i, h in heads.items() if h is not None}

    def need_walks_of(self, questions: list[WalkQuestion]) -> list[NeedWalks]:
        """:meth:`need_walks` of several needs, one answer per question, in order."""
        return [self.need_walks(*q) for q in questions]

    def graph(self) -> nx.MultiDiGraph:
        """The whole graph as networkx (nodes ``(label, id)``, edge key = type), for algorithms."""
        g = nx.MultiDiGraph()
        g.add_nodes_from((n.ref, n.props) for n in self.iter_nodes())
        g.add_edges_from((r.src, r.dst, r.type, r.props) for r in self.iter_rels())
        return g

    def writing(self) -> AbstractContextManager[Writing | None]:
        """A dataset's write that may start before its checks end (:class:`Writing`); leaving
        the block without ``apply`` writes nothing. None (the default): this store writes
        nothing before :meth:`apply`, and the caller does not hand parts over."""
        return nullcontext(None)

    def read_here(self) -> AbstractContextManager[bool]:
        """Whether a read may run at once on the calling thread (an event loop's) without
        waiting for anything. By default False: a store whose reads wait on a server is read
        from a worker thread. A store whose reads are local (a file, memory) says True when no
        write of another thread is under way, and holds itself for the caller until the block
        ends."""
        return nullcontext(False)

    def names_like(self, chars: str, id: str, places: str) -> list[tuple[str, str, str]] | None:
        """:meth:`names`, narrowed for one search: every row of each node whose id is ``id``,
        that has the characters of ``chars`` in order in its name or a short name, or that is
        an area with a name or short name of three characters or more ending with one of
        ``places``. A store may answer more nodes; None (the default): it cannot narrow, ask
        :meth:`names`."""
        return None

    def names_spelled(self, latin: str, id: str) -> list[Spelled] | None:
        """:meth:`names`, narrowed for one search in pinyin, each row with its pinyin: every row
        of each node whose id is ``id``, or that has ``latin`` (lower case letters) in the
        pinyin of its name or a short name (:func:`gongjian.rules.spelling.spell`, full or
        initials) or ``id`` in its name or a short name. A store may answer more nodes; None
        (the default): it cannot narrow, ask :meth:`names`."""
        return None

    def warm_up(self) -> None:
        """Prepare for reads as a server starts (by default nothing): a store that answers from
        memory works out now what the first requests would otherwise pay for."""


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
    """What :func:`open_store` checks on opening (and an older embedded file migrated, once,
    before the processes it is handed to open it); the store's ``uri``. Raises StoreError.

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
