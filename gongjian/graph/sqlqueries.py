"""Retrieval from the SQLite file: the embedded store's side of the contract's read queries.

Plain functions that take a :class:`File` (the open connection) and return data. Each
walks the graph through the file's indexes (:mod:`gongjian.graph.sqlfile`): a node by its
key, relationships by either end and type, nodes by an indexed property. Nothing is loaded
whole, so a question costs what it touches, not what the file holds. The Neo4j store
answers the same questions with the Cypher in ``gongjian/queries/cypher/``; the contract
tests hold them equal. Joins are written as ``CROSS JOIN``, which SQLite keeps in the
order written: from the end a question gives, outwards (the file has no statistics to
plan by, and a plan starting elsewhere scans a whole relationship type).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Literal

import orjson

from gongjian.graph.sqlfile import INDEXED_PROPS
from gongjian.graph.store import (
    ChangeSet,
    ClaimFacts,
    NeedHead,
    NeedWalks,
    Neighbourhood,
    Node,
    NodeRef,
    Rel,
    Spelled,
    StatusCounts,
    UseCounts,
    Verdicts,
)
from gongjian.graph.store import Walk as StoreWalk
from gongjian.model import COMMUNITY_LEVELS, LABELS, REL_TYPES, STREET_LEVELS
from gongjian.rules.linkage import COMMITTEE_KINDS, STREET_PLATFORM_KINDS
from gongjian.rules.spelling import unjoin

Steps = tuple[NodeRef, ...]
"""A walk down from an area or platform to a unit, the start left out."""

loads = orjson.loads


def as_json(values: Iterable[str]) -> str:
    """A list of strings as one SQL parameter (read with ``json_each``)."""
    return orjson.dumps(list(values)).decode()


class File:
    """The graph's primitives over the open file: nodes by key, relationships by an end."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def props(self, ref: NodeRef) -> dict | None:
        row = self.con.execute("SELECT props FROM nodes WHERE label = ? AND id = ?", ref).fetchone()
        return None if row is None else loads(row[0])

    def has(self, ref: NodeRef) -> bool:
        return self.con.execute("SELECT 1 FROM nodes WHERE label = ? AND id = ?", ref).fetchone() is not None

    def node(self, ref: NodeRef) -> Node:
        return Node(ref[0], ref[1], self.props(ref) or {})

    def many(self, label: str, ids: Iterable[str]) -> dict[str, dict]:
        rows = self.con.execute(
            "SELECT id, props FROM nodes WHERE label = ? AND id IN (SELECT value FROM json_each(?))",
            (label, as_json(ids)),
        )
        return {id_: loads(props) for id_, props in rows}

    def ins(self, ref: NodeRef, type_: str, label: str | None = None) -> list[tuple[NodeRef, dict]]:
        """Nodes with a ``type_`` relationship to ``ref`` (of ``label``, if given), and its properties."""
        sql = "SELECT src_label, src_id, props FROM rels INDEXED BY rels_in WHERE dst_label = ? AND dst_id = ? AND type = ?"
        rows = self.con.execute(*_narrowed(sql, "src_label", (*ref, type_), label))
        return [((sl, si), loads(p)) for sl, si, p in rows]

    def outs(self, ref: NodeRef, type_: str, label: str | None = None) -> list[tuple[NodeRef, dict]]:
        sql = "SELECT dst_label, dst_id, props FROM rels INDEXED BY rels_out WHERE src_label = ? AND src_id = ? AND type = ?"
        rows = self.con.execute(*_narrowed(sql, "dst_label", (*ref, type_), label))
        return [((dl, di), loads(p)) for dl, di, p in rows]

    def ins_with(self, ref: NodeRef, type_: str) -> list[tuple[NodeRef, dict, dict]]:
        """:meth:`ins` with the properties of the node at the other end."""
        return self._with_props(_INS_WITH, ref, type_)

    def outs_with(self, ref: NodeRef, type_: str) -> list[tuple[NodeRef, dict, dict]]:
        """:meth:`outs` with the properties of the node at the other end."""
        return self._with_props(_OUTS_WITH, ref, type_)

    def _with_props(self, sql: str, ref: NodeRef, type_: str) -> list[tuple[NodeRef, dict, dict]]:
        rows = self.con.execute(sql, (*ref, type_))
        return [((label, id_), loads(p), loads(n)) for label, id_, p, n in rows]


#: The relationships of a type into a node, with the node at the other end (:meth:`File.ins_with`).
_INS_WITH = (
    "SELECT r.src_label, r.src_id, r.props, n.props FROM rels r INDEXED BY rels_in "
    "CROSS JOIN nodes n ON n.label = r.src_label AND n.id = r.src_id "
    "WHERE r.dst_label = ? AND r.dst_id = ? AND r.type = ?"
)
#: The relationships of a type out of a node, with the node at the other end (:meth:`File.outs_with`).
_OUTS_WITH = (
    "SELECT r.dst_label, r.dst_id, r.props, n.props FROM rels r INDEXED BY rels_out "
    "CROSS JOIN nodes n ON n.label = r.dst_label AND n.id = r.dst_id "
    "WHERE r.src_label = ? AND r.src_id = ? AND r.type = ?"
)


def _narrowed(sql: str, column: str, params: tuple, label: str | None) -> tuple[str, tuple]:
    return (sql, params) if label is None else (f"{sql} AND {column} = ?", (*params, label))


# ------------------------------------------------------------------ primitives


def counts(f: File) -> dict[str, dict[str, int]]:
    nodes = dict.fromkeys(LABELS, 0)
    nodes.update(f.con.execute("SELECT label, count(*) FROM nodes GROUP BY label").fetchall())
    rels = dict.fromkeys(REL_TYPES, 0)
    for type_ in REL_TYPES:  # one range of the primary key each
        rels[type_] = f.con.execute("SELECT count(*) FROM rels WHERE type = ?", (type_,)).fetchone()[0]
    known = tuple(REL_TYPES)
    others = f.con.execute(
        f"SELECT type, count(*) FROM rels WHERE type NOT IN ({','.join('?' * len(known))}) GROUP BY type",
        known,
    )
    rels.update(others.fetchall())
    return {"nodes": nodes, "relationships": rels}


def labels_of(f: File, ids: Iterable[str]) -> dict[str, list[str]]:
    order = {label: i for i, label in enumerate(LABELS)}
    out: dict[str, list[str]] = {}
    rows = f.con.execute(
        "SELECT id, label FROM nodes WHERE label IN (SELECT value FROM json_each(?1)) "
        "AND id IN (SELECT value FROM json_each(?2))",
        (as_json(LABELS), as_json(ids)),
    )
    for id_, label in rows:
        out.setdefault(id_, []).append(label)
    for found in out.values():
        found.sort(key=order.__getitem__)
    return out


def neighbours(
    f: File,
    ref: NodeRef,
    types: tuple[str, ...] = (),
    direction: Literal["out", "in", "both"] = "both",
) -> list[tuple[Rel, Node]]:
    typed = " AND r.type IN (SELECT value FROM json_each(?3))" if types else ""
    params = (*ref, as_json(types)) if types else ref
    out: list[tuple[Rel, Node]] = []
    if direction in ("out", "both"):
        rows = f.con.execute(
            "SELECT r.type, r.dst_label, r.dst_id, r.props, n.props FROM rels r INDEXED BY rels_out "
            "CROSS JOIN nodes n ON n.label = r.dst_label AND n.id = r.dst_id "
            f"WHERE r.src_label = ?1 AND r.src_id = ?2{typed}",
            params,
        )
        out += [(Rel(k, ref, (dl, di), loads(p)), Node(dl, di, loads(n))) for k, dl, di, p, n in rows]
    if direction in ("in", "both"):
        rows = f.con.execute(
            "SELECT r.type, r.src_label, r.src_id, r.props, n.props FROM rels r INDEXED BY rels_in "
            "CROSS JOIN nodes n ON n.label = r.src_label AND n.id = r.src_id "
            f"WHERE r.dst_label = ?1 AND r.dst_id = ?2{typed}",
            params,
        )
        out += [(Rel(k, (sl, si), ref, loads(p)), Node(sl, si, loads(n))) for k, sl, si, p, n in rows]
    out.sort(key=lambda rn: (rn[0].type, rn[1].label, rn[1].id))
    return out


def neighbourhood(
    f: File,
    id_: str,
    labels: tuple[str, ...],
    types: tuple[str, ...],
    direction: Literal["out", "in", "both"],
    then: tuple[str, ...],
    then_direction: Literal["out", "in", "both"],
) -> Neighbourhood | None:
    """The store contract's ``neighbourhood``: :func:`neighbours` of the node, then of each node around it."""
    node = next((Node(lab, id_, p) for lab in labels if (p := f.props((lab, id_))) is not None), None)
    if node is None:
        return None
    around = neighbours(f, node.ref, types, direction)
    beyond = (
        {other.ref: neighbours(f, other.ref, then, then_direction) for _, other in around} if then else {}
    )
    return Neighbourhood(node, around, beyond)


def subtree(f: File, code: str) -> list[str]:
    """The area and the codes below it in code order (as the Cypher answers)."""
    if not f.has(("Area", code)):
        return []
    rows = f.con.execute(
        "WITH RECURSIVE below(id) AS (SELECT ?1 UNION SELECT r.src_id FROM below CROSS JOIN rels r INDEXED BY rels_in "
        "ON r.dst_label = 'Area' AND r.dst_id = below.id AND r.type = 'PART_OF' AND r.src_label = 'Area') "
        "SELECT id FROM below WHERE id != ?1 ORDER BY id",
        (code,),
    )
    return [code, *(c for (c,) in rows)]


def _prop(key: str) -> str:
    """SQL for one property of a node row; an indexed one exactly as its index spells it."""
    if key in INDEXED_PROPS:
        return f"json_extract(props, '$.{key}')"
    return "json_extract(props, ?)"


#: Up to this many areas, ``find_nodes`` looks each up in the ``area`` index; more (a whole
#: province's), and it reads the label's nodes through instead.
AREA_LOOKUPS = 1000


def find_nodes(
    f: File,
    label: str,
    where: dict[str, str] | None = None,
    areas: list[str] | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[int, list[Node]]:
    conds, params = ["label = ?"], [label]
    for key, value in (where or {}).items():
        if key not in INDEXED_PROPS:
            params.append(f'$."{key}"')
        conds.append(f"{_prop(key)} IS ?")
        params.append(value)
    if areas is not None:
        conds.append(f"{_prop('area')} IN (SELECT value FROM json_each(?))")
        params.append(as_json(areas))
    cond = " AND ".join(conds)
    if areas is not None and len(areas) <= AREA_LOOKUPS:
        table = "nodes INDEXED BY nodes_by_area"
    else:
        indexed = next((k for k in INDEXED_PROPS if k in (where or {})), None)
        table = "nodes" if indexed is None else f"nodes INDEXED BY nodes_by_{indexed}"
    total = f.con.execute(f"SELECT count(*) FROM {table} WHERE {cond}", params).fetchone()[0]
    if limit == 0 or offset >= total:
        return total, []
    rows = f.con.execute(
        f"SELECT id, props FROM {table} WHERE {cond} ORDER BY id LIMIT ? OFFSET ?",
        (*params, -1 if limit is None else limit, offset),
    )
    return total, [Node(label, id_, loads(props)) for id_, props in rows]


def relationships(f: File, type_: str) -> list[Rel]:
    rows = f.con.execute(
        "SELECT src_label, src_id, dst_label, dst_id, props FROM rels WHERE type = ? "
        "ORDER BY src_label, src_id, dst_label, dst_id",
        (type_,),
    )
    return [Rel(type_, (sl, si), (dl, di), loads(p)) for sl, si, dl, di, p in rows]


def relationships_at(f: File, type_: str, end: Literal["src", "dst"], refs: Iterable[NodeRef]) -> list[Rel]:
    """The store contract's ``relationships_at``: one statement per label of the nodes, their
    ids joined to the index of that end (``_AT_SRC``, ``_AT_DST``): a lookup per node made by
    SQLite, so a county's 2,500 areas cost milliseconds, and a province's 400,000 no more than
    reading the type through."""
    ids: dict[str, list[str]] = {}
    for label, id_ in dict.fromkeys(refs):
        ids.setdefault(label, []).append(id_)
    found: list[Rel] = []
    for label, some in ids.items():
        rows = f.con.execute(_AT_SRC if end == "src" else _AT_DST, (as_json(some), label, type_))
        if end == "src":
            found += [Rel(type_, (label, at), (ol, oi), loads(p)) for at, ol, oi, p in rows]
        else:
            found += [Rel(type_, (ol, oi), (label, at), loads(p)) for at, ol, oi, p in rows]
    found.sort(key=lambda r: (r.src, r.dst))
    return found


#: The ``type`` relationships out of some nodes of one label: ?1 their ids (JSON), ?2 the label, ?3 the type.
_AT_SRC = (
    "SELECT r.src_id, r.dst_label, r.dst_id, r.props FROM json_each(?1) j "
    "CROSS JOIN rels r INDEXED BY rels_out ON r.src_label = ?2 AND r.src_id = j.value AND r.type = ?3"
)
#: The ``type`` relationships into some nodes of one label: ?1 their ids (JSON), ?2 the label, ?3 the type.
_AT_DST = (
    "SELECT r.dst_id, r.src_label, r.src_id, r.props FROM json_each(?1) j "
    "CROSS JOIN rels r INDEXED BY rels_in ON r.dst_label = ?2 AND r.dst_id = j.value AND r.type = ?3"
)


def iter_nodes(f: File) -> Iterator[Node]:
    for label, id_, props in f.con.execute("SELECT label, id, props FROM nodes"):
        yield Node(label, id_, loads(props))


def iter_rels(f: File) -> Iterator[Rel]:
    rows = f.con.execute("SELECT type, src_label, src_id, dst_label, dst_id, props FROM rels")
    for k, sl, si, dl, di, p in rows:
        yield Rel(k, (sl, si), (dl, di), loads(p))


def names_like(f: File, chars: str, id_: str, places: str) -> list[tuple[str, str, str]]:
    """The store contract's ``names_like``: one pass over the ``names`` table in SQL (LIKE with
    ``%`` between the characters), no node read."""
    pattern = "%" + "%".join("\\" + c if c in "%_\\" else c for c in chars) + "%"
    rows = f.con.execute(
        "SELECT label, id, name, aliases FROM names WHERE id = ?1 "
        "OR name LIKE ?2 ESCAPE '\\' OR aliases LIKE ?2 ESCAPE '\\' OR (label = 'Area' "
        "AND (length(name) >= 3 AND instr(?3, substr(name, -1)) > 0 OR aliases IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM json_each(aliases) WHERE length(value) >= 3 AND instr(?3, substr(value, -1)) > 0)))",
        (id_, pattern, places),
    )
    return _named_rows(rows)


def names_spelled(f: File, latin: str, id_: str) -> list[Spelled]:
    """The store contract's ``names_spelled``: one pass over the ``names`` table and the pinyin
    kept beside each name, no node read; the rows another client wrote since gongjian's last
    write are answered too, spelled here (:func:`gongjian.graph.sqlfile.spell_names`)."""
    rows = f.con.execute(
        "SELECT label, id, name, aliases, spelled FROM names WHERE instr(spelled, ?1) > 0 "
        "OR id = ?2 OR instr(name, ?2) > 0 OR instr(aliases, ?2) > 0 OR spelled IS NULL",
        (latin, id_),
    )
    out: list[Spelled] = []
    for label, i, name, aliases, text in rows:
        texts = _node_names(name, aliases)
        out.extend((label, i, t, *spelling) for t, spelling in zip(texts, unjoin(text, texts), strict=True))
    return out


def names(f: File, labels: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
    """From the ``names`` table the file's triggers keep: no node is read."""
    if labels is None:
        return _named_rows(f.con.execute("SELECT label, id, name, aliases FROM names"))
    return _named_rows(
        f.con.execute(
            "SELECT label, id, name, aliases FROM names WHERE label IN (SELECT value FROM json_each(?))",
            (as_json(labels),),
        )
    )


def _named_rows(rows: Iterable[tuple[str, str, str | None, str | None]]) -> list[tuple[str, str, str]]:
    return [(label, id_, text) for label, id_, name, aliases in rows for text in _node_names(name, aliases)]


def _node_names(name: object, aliases: str | None) -> list[str]:
    """A names row's name, then its short names (简称); none for a row without a name."""
    if not name:
        return []
    if not aliases or not aliases.startswith("["):
        return [str(name)]
    return [str(name), *(short for short in loads(aliases) if isinstance(short, str) and short)]


# ------------------------------------------------------------------ matching


def units_of(f: File, ref: NodeRef) -> list[Steps]:
    """The unit a member or signatory stands for, as the walk to it: (unit) or (party org, unit)."""
    if ref[0] == "Unit":
        return [(ref,)]
    if ref[0] == "PartyOrg":
        return [(ref, u) for u, _ in f.outs(ref, "BUILT_IN", "Unit")]
    return []


def street_units(f: File, street: NodeRef) -> list[Steps]:
    """The units that sit in a street's own area or any area below it and offer a resource,
    each as the walk down to it (the areas below the street, then the unit)."""
    rows = f.con.execute(
        "WITH RECURSIVE below(id, walk, depth) AS (SELECT ?, '[]', 0 UNION ALL "
        "SELECT r.src_id, json_insert(below.walk, '$[#]', r.src_id), below.depth + 1 FROM below CROSS JOIN rels r INDEXED BY rels_in "
        "ON r.dst_label = 'Area' AND r.dst_id = below.id AND r.type = 'PART_OF' AND r.src_label = 'Area' "
        "WHERE below.depth < 64) "
        "SELECT below.walk, u.src_id FROM below CROSS JOIN rels u INDEXED BY rels_in ON u.dst_label = 'Area' AND u.dst_id = below.id "
        "AND u.type = 'LOCATED_IN' AND u.src_label = 'Unit' WHERE EXISTS (SELECT 1 FROM rels o INDEXED BY rels_out "
        "WHERE o.src_label = 'Unit' AND o.src_id = u.src_id AND o.type = 'OFFERS')",
        (street[1],),
    )
    return [(*(("Area", a) for a in loads(walk)), ("Unit", unit)) for walk, unit in rows]


def offered(f: File, unit: NodeRef) -> dict[str, list[NodeRef]]:
    """The resources a unit offers, by category (a missing one is ``other``)."""
    by_category: dict[str, list[NodeRef]] = {}
    for res, _, props in f.outs_with(unit, "OFFERS"):
        by_category.setdefault(props.get("category") or "other", []).append(res)
    return by_category


Window = tuple[str | None, str | None] | None
#: A unit linked to an area: (linkage kind, the walk from the area down to the unit — the
#: area itself left out —, when the link holds, the unit's resources by category as
#: :func:`offered` gives them).
Link = tuple[str, Steps, Window, dict[str, list[NodeRef]]]


def community_links(
    f: File, community: NodeRef, offers: dict[NodeRef, dict[str, list[NodeRef]]]
) -> list[Link]:
    """The units linked to a community that offer something: members of its big party
    committee, signatories of agreements with the community or its party org, units
    registered with it (双报到). ``offers`` memoises :func:`offered`."""
    walks: list[tuple[str, Steps, Window]] = []
    c_orgs = [o for o, _ in f.ins(community, "BUILT_IN", "PartyOrg")]
    for p, _, props in f.ins_with(community, "AT"):
        if props.get("kind") in COMMITTEE_KINDS:
            for m, d in f.ins(p, "MEMBER_OF"):
                window = (d.get("since"), d.get("until"))
                walks += [("big_committee", (p, *walk), window) for walk in units_of(f, m)]
    for side_a in (community, *c_orgs):
        via = () if side_a == community else (side_a,)
        for ag, d, props in f.outs_with(side_a, "SIGNED"):
            if d.get("side") == "a":
                window = (props.get("signed"), props.get("expires"))
                for b, db in f.ins(ag, "SIGNED"):
                    if db.get("side") == "b":
                        walks += [("agreement", (*via, ag, *walk), window) for walk in units_of(f, b)]
    for subj, _ in f.ins(community, "REGISTERED_WITH"):
        walks += [("registration", walk, None) for walk in units_of(f, subj)]
    return _offering(f, walks, offers)


def street_links(f: File, street: NodeRef, offers: dict[NodeRef, dict[str, list[NodeRef]]]) -> list[Link]:
    """The units linked to a street that offer something: members of its alliance or big
    working committee, and the units that sit in it (:func:`street_units`)."""
    walks: list[tuple[str, Steps, Window]] = []
    for p, _, props in f.ins_with(street, "AT"):
        if props.get("kind") in STREET_PLATFORM_KINDS:
            for m, d in f.ins(p, "MEMBER_OF"):
                window = (d.get("since"), d.get("until"))
                walks += [("alliance", (p, *walk), window) for walk in units_of(f, m)]
    walks += [("proximity", below, None) for below in street_units(f, street)]
    return _offering(f, walks, offers)


def _offering(
    f: File, walks: list[tuple[str, Steps, Window]], offers: dict[NodeRef, dict[str, list[NodeRef]]]
) -> list[Link]:
    links: list[Link] = []
    for kind, walk, window in walks:
        unit = walk[-1]
        by_category = offers.get(unit)
        if by_category is None:
            by_category = offers[unit] = offered(f, unit)
        if by_category:
            links.append((kind, walk, window, by_category))
    return links


def served_in(f: File, area: NodeRef) -> list[tuple[NodeRef, str, list[NodeRef]]]:
    """The resources whose service scope is this area: (resource, its category, the units
    offering it)."""
    return [
        (res, props.get("category") or "other", [unit for unit, _ in f.ins(res, "OFFERS")])
        for res, _, props in f.ins_with(area, "SERVES")
    ]


def project_uses(f: File, res: NodeRef) -> UseCounts:
    """The (status, started) of the projects that USE a resource, counted."""
    rows = f.con.execute(
        "SELECT json_extract(n.props, '$.status'), json_extract(n.props, '$.started'), count(*) "
        "FROM rels r INDEXED BY rels_in CROSS JOIN nodes n ON n.label = r.src_label AND n.id = r.src_id "
        "WHERE r.dst_label = ? AND r.dst_id = ? AND r.type = 'USES' GROUP BY 1, 2",
        res,
    )
    return {(status, started): n for status, started, n in rows}


@dataclasses.dataclass(slots=True)
class Memo:
    """What :func:`need_walks` may reuse from one need to the next while the file does not
    change. Whoever keeps one calls :meth:`changed` after each write.

    A need's own walk is short; the costly part is around its community and street, which
    the needs raised there share.
    """

    communities: dict[NodeRef, list[Link]] = dataclasses.field(default_factory=dict)
    """community → :func:`community_links`"""
    streets: dict[NodeRef, list[Link]] = dataclasses.field(default_factory=dict)
    """street → :func:`street_links`"""
    served: dict[NodeRef, list[tuple[NodeRef, str, list[NodeRef]]]] = dataclasses.field(default_factory=dict)
    """area → :func:`served_in`"""
    offers: dict[NodeRef, dict[str, list[NodeRef]]] = dataclasses.field(default_factory=dict)
    """unit → :func:`offered`"""
    props: dict[NodeRef, dict] = dataclasses.field(default_factory=dict)
    """unit or resource → its properties"""
    claimed: dict[NodeRef, StatusCounts] = dataclasses.field(default_factory=dict)
    """unit → the statuses of the projects CLAIMED_BY it, counted"""
    verdicts: dict[NodeRef, Verdicts] = dataclasses.field(default_factory=dict)
    """unit → residents' verdicts on the needs its projects address: how many (project
    CLAIMED_BY it, need the project ADDRESSES with a rating) pairs have each (status, rating)"""
    used: dict[NodeRef, UseCounts] = dataclasses.field(default_factory=dict)
    """resource → :func:`project_uses`"""

    def changed(self, links: bool) -> None:
        """After a write: the project statuses go; the links too unless ``links`` is False (see
        :func:`moves_links`)."""
        self.claimed.clear()
        self.used.clear()
        self.verdicts.clear()
        if links:
            self.communities.clear()
            self.streets.clear()
            self.served.clear()
            self.offers.clear()
            self.props.clear()


#: Nodes that no link, offer or service scope is made of: a write that changes only these and
#: relationships at them (a need raised or edited, a claim, a project moving on) leaves a
#: :class:`Memo`'s links standing.
LINK_FREE_LABELS = frozenset(("Need", "Project", "Event", "Evaluation", "Document"))


def moves_links(changes: ChangeSet, removed: Iterable[tuple[NodeRef, NodeRef, str]]) -> bool:
    """Whether a write may change what a :class:`Memo`'s links, offers, service scopes and
    unit and resource properties hold."""
    free = LINK_FREE_LABELS
    if any(label not in free for label in changes.nodes):
        return True
    return any(r.src[0] not in free and r.dst[0] not in free for r in changes.rels) or any(
        u[0] not in free and v[0] not in free for u, v, _ in removed
    )


def linked_areas(f: File) -> list[tuple[NodeRef, str]]:
    """Every community and street (area, level): what :func:`warm_area` fills the memo for."""
    levels = as_json(sorted(COMMUNITY_LEVELS | STREET_LEVELS))
    rows = f.con.execute(
        "SELECT id, json_extract(props, '$.level') FROM nodes INDEXED BY nodes_by_level WHERE label = 'Area' "
        "AND json_extract(props, '$.level') IN (SELECT value FROM json_each(?))",
        (levels,),
    )
    return [(("Area", code), level) for code, level in rows]


def warm_area(f: File, memo: Memo, ref: NodeRef, level: str) -> None:
    """Put a community's or street's links in ``memo`` unless they are there."""
    if level in COMMUNITY_LEVELS and ref not in memo.communities:
        memo.communities[ref] = community_links(f, ref, memo.offers)
    elif level in STREET_LEVELS and ref not in memo.streets:
        memo.streets[ref] = street_links(f, ref, memo.offers)


def need_head(f: File, need_id: str) -> NeedHead | None:
    """The store contract's ``need_head``."""
    need = ("Need", need_id)
    props = f.props(need)
    if props is None:
        return None
    raised = min((a for a, _ in f.outs(need, "RAISED_IN")), default=None)
    areas: dict[str, tuple[dict, list[str]]] = {}
    stack = [raised] if raised is not None else []
    while stack:
        area = stack.pop()
        if area[1] not in areas:
            parents = [p for p, _ in f.outs(area, "PART_OF")]
            areas[area[1]] = (f.props(area) or {}, [p[1] for p in parents])
            stack += parents
    return NeedHead(Node("Need", need_id, props), None if raised is None else raised[1], areas)


def need_walks(
    f: File,
    need_id: str,
    chain: list[str],
    community: int | None,
    street: int | None,
    categories: frozenset[str],
    memo: Memo,
) -> NeedWalks:
    """The store contract's ``need_walks``, reusing ``memo`` (a unit's and a resource's
    properties are the memo's own dicts: read them, never change them). The walks first; then
    what they reach, read for every unit and resource the memo lacks at once."""
    found = NeedWalks()
    walks = found.walks
    reached: list[tuple[NodeRef, NodeRef]] = []

    def offer(links: list[Link], at: int) -> None:
        for kind, walk, window, by_category in links:
            unit = walk[-1]
            for category, offered_here in by_category.items():
                if category in categories:
                    for res in offered_here:
                        walks.append(StoreWalk(0, kind, at, (*walk, res), unit[1], res[1], window))
                        reached.append((unit, res))

    if community is not None:
        ref = ("Area", chain[community])
        links = memo.communities.get(ref)
        if links is None:
            links = memo.communities[ref] = community_links(f, ref, memo.offers)
        offer(links, community)
    if street is not None:
        ref = ("Area", chain[street])
        links = memo.streets.get(ref)
        if links is None:
            links = memo.streets[ref] = street_links(f, ref, memo.offers)
        offer(links, street)
    for at, code in enumerate(chain):
        ref = ("Area", code)
        here = memo.served.get(ref)
        if here is None:
            here = memo.served[ref] = served_in(f, ref)
        for res, category, offering in here:
            if category in categories:
                for unit in offering:
                    walks.append(StoreWalk(1, "proximity", at, (res, unit), unit[1], res[1], None))
                    reached.append((unit, res))
    _prefetch(f, memo, {u for u, _ in reached}, {r for _, r in reached})
    for unit, res in reached:
        if unit[1] not in found.units:
            found.units[unit[1]] = (memo.props[unit], memo.claimed[unit])
            if memo.verdicts[unit]:
                found.verdicts[unit[1]] = memo.verdicts[unit]
        if res[1] not in found.resources:
            found.resources[res[1]] = (memo.props[res], memo.used[res])
    return found


#: The statuses of the projects with one type of relationship to each of a list of nodes.
_STATUSES = (
    "SELECT r.dst_id, json_extract(n.props, '$.status'), count(*) FROM json_each(?1) j "
    "CROSS JOIN rels r INDEXED BY rels_in ON r.dst_label = ?2 AND r.dst_id = j.value AND r.type = ?3 "
    "CROSS JOIN nodes n ON n.label = r.src_label AND n.id = r.src_id GROUP BY 1, 2"
)
#: :func:`project_uses` for each of a list of resources.
_USES = (
    "SELECT r.dst_id, json_extract(n.props, '$.status'), json_extract(n.props, '$.started'), count(*) "
    "FROM json_each(?1) j CROSS JOIN rels r INDEXED BY rels_in "
    "ON r.dst_label = 'Resource' AND r.dst_id = j.value AND r.type = 'USES' "
    "CROSS JOIN nodes n ON n.label = r.src_label AND n.id = r.src_id GROUP BY 1, 2, 3"
)
#: :func:`unit_verdicts` for each of a list of units.
_VERDICTS = (
    "SELECT c.dst_id, json_extract(p.props, '$.status'), json_extract(n.props, '$.rating'), count(*) "
    "FROM json_each(?1) j CROSS JOIN rels c INDEXED BY rels_in "
    "ON c.dst_label = 'Unit' AND c.dst_id = j.value AND c.type = 'CLAIMED_BY' "
    "CROSS JOIN nodes p ON p.label = c.src_label AND p.id = c.src_id "
    "CROSS JOIN rels a INDEXED BY rels_out ON a.src_label = c.src_label AND a.src_id = c.src_id AND a.type = 'ADDRESSES' "
    "CROSS JOIN nodes n ON n.label = a.dst_label AND n.id = a.dst_id GROUP BY 1, 2, 3"
)


def _prefetch(f: File, memo: Memo, units: set[NodeRef], resources: set[NodeRef]) -> None:
    """Put in ``memo`` the properties, project statuses and residents' verdicts of the units
    and resources it lacks, a few queries for all of them."""
    for label, refs in (("Unit", units), ("Resource", resources)):
        missing = sorted(r[1] for r in refs if r not in memo.props)
        if missing:
            got = f.many(label, missing)
            memo.props.update({(label, i): got.get(i, {}) for i in missing})
    missing = sorted(u[1] for u in units if u not in memo.claimed)
    if missing:
        fresh: dict[str, StatusCounts] = {i: {} for i in missing}
        for id_, status, n in f.con.execute(_STATUSES, (as_json(missing), "Unit", "CLAIMED_BY")):
            fresh[id_][status] = n
        memo.claimed.update({("Unit", i): c for i, c in fresh.items()})
    missing = sorted(r[1] for r in resources if r not in memo.used)
    if missing:
        uses: dict[str, UseCounts] = {i: {} for i in missing}
        for id_, status, started, n in f.con.execute(_USES, (as_json(missing),)):
            uses[id_][(status, started)] = n
        memo.used.update({("Resource", i): c for i, c in uses.items()})
    missing = sorted(u[1] for u in units if u not in memo.verdicts)
    if missing:
        rated: dict[str, Verdicts] = {i: {} for i in missing}
        for id_, status, rating, n in f.con.execute(_VERDICTS, (as_json(missing),)):
            if rating:
                rated[id_][(status, rating)] = n
        memo.verdicts.update({("Unit", i): v for i, v in rated.items()})


def claim_facts(f: File, need_id: str, resource_id: str, project_id: str) -> ClaimFacts:
    """The store contract's claim facts, read inside the claim's transaction."""
    need, res = ("Need", need_id), ("Resource", resource_id)
    need_props, res_props = f.props(need), f.props(res)
    return ClaimFacts(
        need=None if need_props is None else Node(*need, need_props),
        resource=None if res_props is None else Node(*res, res_props),
        resource_projects=project_uses(f, res) if res_props is not None else {},
        offered_by=sorted(u[1] for u, _ in f.ins(res, "OFFERS")) if res_props is not None else [],
        raised_in=sorted(a[1] for a, _ in f.outs(need, "RAISED_IN")) if need_props is not None else [],
        project_taken=f.has(("Project", project_id)),
    )
