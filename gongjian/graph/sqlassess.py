"""Retrieval from the SQLite file for two-way assessment: the embedded store's ``area_units``
and ``unit_activity`` (see :mod:`gongjian.graph.sqlqueries` for the rest)."""

from __future__ import annotations

from collections.abc import Iterable

from gongjian.graph.sqlqueries import File, as_json, loads
from gongjian.graph.store import Node, NodeRef, Rel, UnitActivity

#: The areas asked about, then what holds a link to them: the sources of its REGISTERED_WITH,
#: the members of platforms AT it, the signatories of agreements it or a party org BUILT_IN it
#: signed. A holder that is a party org stands for the units it is BUILT_IN.
_AREA_UNITS = """
WITH asked(code) AS (SELECT value FROM json_each(?1)),
signers_of(label, id) AS (
    SELECT r.dst_label, r.dst_id FROM asked CROSS JOIN rels r INDEXED BY rels_out
        ON r.src_label = 'Area' AND r.src_id = asked.code AND r.type = 'SIGNED'
    UNION
    SELECT s.dst_label, s.dst_id FROM asked CROSS JOIN rels o INDEXED BY rels_in
        ON o.dst_label = 'Area' AND o.dst_id = asked.code AND o.type = 'BUILT_IN' AND o.src_label = 'PartyOrg'
        CROSS JOIN rels s INDEXED BY rels_out ON s.src_label = 'PartyOrg' AND s.src_id = o.src_id AND s.type = 'SIGNED'
),
holders(label, id) AS (
    SELECT r.src_label, r.src_id FROM asked CROSS JOIN rels r INDEXED BY rels_in
        ON r.dst_label = 'Area' AND r.dst_id = asked.code AND r.type = 'REGISTERED_WITH'
    UNION
    SELECT m.src_label, m.src_id FROM asked CROSS JOIN rels p INDEXED BY rels_in
        ON p.dst_label = 'Area' AND p.dst_id = asked.code AND p.type = 'AT' AND p.src_label = 'Platform'
        CROSS JOIN rels m INDEXED BY rels_in ON m.dst_label = 'Platform' AND m.dst_id = p.src_id AND m.type = 'MEMBER_OF'
    UNION
    SELECT s.src_label, s.src_id FROM signers_of a CROSS JOIN rels s INDEXED BY rels_in
        ON s.dst_label = a.label AND s.dst_id = a.id AND s.type = 'SIGNED'
)
SELECT r.src_id FROM asked CROSS JOIN rels r INDEXED BY rels_in
    ON r.dst_label = 'Area' AND r.dst_id = asked.code AND r.type = 'LOCATED_IN' AND r.src_label = 'Unit'
UNION SELECT id FROM holders WHERE label = 'Unit'
UNION SELECT b.dst_id FROM holders h CROSS JOIN rels b INDEXED BY rels_out
    ON b.src_label = 'PartyOrg' AND b.src_id = h.id AND b.type = 'BUILT_IN' AND b.dst_label = 'Unit'
    WHERE h.label = 'PartyOrg'
ORDER BY 1
"""


def area_units(f: File, codes: list[str]) -> list[str]:
    """The store contract's ``area_units``, in one query whatever the number of areas."""
    return [u for (u,) in f.con.execute(_AREA_UNITS, (as_json(codes),))]


_HELD = ("MEMBER_OF", "SIGNED", "REGISTERED_WITH")

#: The ``?3`` relationships into nodes of label ``?2`` whose ids are ``?1`` (JSON), with the
#: node at the other end: (id asked, other label, other id, relationship props, other props).
_INS_AT = (
    "SELECT r.dst_id, r.src_label, r.src_id, r.props, n.props FROM json_each(?1) j "
    "CROSS JOIN rels r INDEXED BY rels_in ON r.dst_label = ?2 AND r.dst_id = j.value AND r.type = ?3 "
    "CROSS JOIN nodes n ON n.label = r.src_label AND n.id = r.src_id"
)
#: The ``?3`` relationships into nodes of label ``?2`` whose ids are ``?1``: (id asked, other label, other id).
_REFS_IN = (
    "SELECT r.dst_id, r.src_label, r.src_id FROM json_each(?1) j "
    "CROSS JOIN rels r INDEXED BY rels_in ON r.dst_label = ?2 AND r.dst_id = j.value AND r.type = ?3"
)
#: The same out of those nodes.
_OUTS_AT = (
    "SELECT r.src_id, r.dst_label, r.dst_id, r.props, n.props FROM json_each(?1) j "
    "CROSS JOIN rels r INDEXED BY rels_out ON r.src_label = ?2 AND r.src_id = j.value AND r.type = ?3 "
    "CROSS JOIN nodes n ON n.label = r.dst_label AND n.id = r.dst_id"
)

Linked = dict[str, list[tuple[NodeRef, dict, dict]]]


def _at(f: File, sql: str, label: str, ids: Iterable[str], type_: str) -> Linked:
    """``_INS_AT`` or ``_OUTS_AT`` for nodes of one label, in one statement: each id asked that
    has such a relationship → (the node at the other end, the relationship's props, that node's)."""
    found: Linked = {}
    for at, other_label, other_id, props, other in f.con.execute(
        sql, (as_json(sorted(set(ids))), label, type_)
    ):
        found.setdefault(at, []).append(((other_label, other_id), loads(props), loads(other)))
    return found


def _refs_in(f: File, label: str, ids: Iterable[str], type_: str) -> dict[str, list[NodeRef]]:
    """``_REFS_IN`` in one statement: each id asked → the nodes with such a relationship to it."""
    found: dict[str, list[NodeRef]] = {}
    for at, other_label, other_id in f.con.execute(_REFS_IN, (as_json(sorted(set(ids))), label, type_)):
        found.setdefault(at, []).append((other_label, other_id))
    return found


def unit_activity(f: File, unit_ids: list[str]) -> list[UnitActivity]:
    """The store contract's ``unit_activity``: one statement per relationship type and label
    for all the units asked about, whatever their number (a province's 47,000 units)."""
    units = f.many("Unit", sorted(set(unit_ids)))
    ids = sorted(units)
    built = _at(f, _INS_AT, "Unit", ids, "BUILT_IN")
    orgs = {u: sorted((o, p) for o, _, p in built.get(u, ()) if o[0] == "PartyOrg") for u in ids}
    org_ids = {o[1] for found in orgs.values() for o, _ in found}
    workers = _refs_in(f, "Unit", ids, "WORKS_AT")
    members = _refs_in(f, "PartyOrg", org_ids, "BELONGS_TO")
    people = {
        u: {p for p in workers.get(u, ()) if p[0] == "Person"}
        | {p for o, _ in orgs[u] for p in members.get(o[1], ()) if p[0] == "Person"}
        for u in ids
    }
    holders = {"Unit": ids, "PartyOrg": org_ids, "Person": {p[1] for found in people.values() for p in found}}
    links = {
        (label, type_): _at(f, _OUTS_AT, label, some, type_)
        for label, some in holders.items()
        for type_ in _HELD
    }
    evaluations = {
        label: _at(f, _INS_AT, label, holders[label], "EVALUATES") for label in ("Unit", "PartyOrg")
    }
    claimed = _at(f, _INS_AT, "Unit", ids, "CLAIMED_BY")
    addressed = _at(
        f,
        _OUTS_AT,
        "Project",
        {p[1] for found in claimed.values() for p, _, _ in found if p[0] == "Project"},
        "ADDRESSES",
    )
    offered = _at(f, _OUTS_AT, "Unit", ids, "OFFERS")

    out: list[UnitActivity] = []
    for uid in ids:
        unit = ("Unit", uid)
        act = UnitActivity(Node("Unit", uid, units[uid]))
        act.orgs = [Node(o[0], o[1], p) for o, p in orgs[uid]]
        act.people = sorted(p[1] for p in people[uid])
        found: list[tuple[Rel, Node]] = []
        for holder in (unit, *(o for o, _ in orgs[uid]), *sorted(people[uid])):
            for type_ in _HELD:
                found += [
                    (Rel(type_, holder, other, d), Node(*other, n))
                    for other, d, n in links[(holder[0], type_)].get(holder[1], ())
                ]
        for holder in (unit, *(o for o, _ in orgs[uid])):
            found += [
                (Rel("EVALUATES", e, holder, d), Node(*e, n))
                for e, d, n in evaluations[holder[0]].get(holder[1], ())
            ]
        found.sort(key=lambda rn: (rn[0].type, rn[0].src, rn[0].dst))
        act.links = found
        for p, _, p_props in sorted(claimed.get(uid, ()), key=lambda x: x[0]):
            if p[0] != "Project":
                continue
            needs = {n[1]: n_props for n, _, n_props in addressed.get(p[1], ()) if n[0] == "Need"}
            act.projects.append((Node(p[0], p[1], p_props), sorted(needs)))
            for n in sorted(needs):
                act.needs.setdefault(n, needs[n])
        act.resources = [
            Node(r[0], r[1], r_props)
            for r, _, r_props in sorted(offered.get(uid, ()), key=lambda x: x[0])
            if r[0] == "Resource"
        ]
        out.append(act)
    return out
