"""Retrieval from the SQLite file for two-way assessment: the embedded store's ``area_units``
and ``unit_activity`` (see :mod:`gongjian.graph.sqlqueries` for the rest)."""

from __future__ import annotations

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


def _links(f: File, holder: NodeRef) -> list[tuple[Rel, Node]]:
    """The MEMBER_OF, SIGNED and REGISTERED_WITH out of a holder, with the node they reach."""
    rows = f.con.execute(
        "SELECT r.type, r.dst_label, r.dst_id, r.props, n.props FROM rels r INDEXED BY rels_out "
        "CROSS JOIN nodes n ON n.label = r.dst_label AND n.id = r.dst_id "
        "WHERE r.src_label = ?1 AND r.src_id = ?2 AND r.type IN (SELECT value FROM json_each(?3))",
        (*holder, as_json(_HELD)),
    )
    return [(Rel(k, holder, (dl, di), loads(p)), Node(dl, di, loads(n))) for k, dl, di, p, n in rows]


def unit_activity(f: File, unit_ids: list[str]) -> list[UnitActivity]:
    """The store contract's ``unit_activity``."""
    out: list[UnitActivity] = []
    for uid in sorted(set(unit_ids)):
        unit = ("Unit", uid)
        props = f.props(unit)
        if props is None:
            continue
        act = UnitActivity(Node("Unit", uid, props))
        orgs = sorted((o, p) for o, _, p in f.ins_with(unit, "BUILT_IN") if o[0] == "PartyOrg")
        act.orgs = [Node(o[0], o[1], p) for o, p in orgs]
        people = {p for p, _ in f.ins(unit, "WORKS_AT", "Person")}
        for o, _ in orgs:
            people.update(p for p, _ in f.ins(o, "BELONGS_TO", "Person"))
        act.people = sorted(p[1] for p in people)
        links: list[tuple[Rel, Node]] = []
        for holder in (unit, *(o for o, _ in orgs), *sorted(people)):
            links += _links(f, holder)
        for holder in (unit, *(o for o, _ in orgs)):
            links += [
                (Rel("EVALUATES", e, holder, d), Node(*e, n)) for e, d, n in f.ins_with(holder, "EVALUATES")
            ]
        links.sort(key=lambda rn: (rn[0].type, rn[0].src, rn[0].dst))
        act.links = links
        for p, _, p_props in sorted(f.ins_with(unit, "CLAIMED_BY"), key=lambda x: x[0]):
            if p[0] != "Project":
                continue
            needs = {n[1]: n_props for n, _, n_props in f.outs_with(p, "ADDRESSES") if n[0] == "Need"}
            act.projects.append((Node(p[0], p[1], p_props), sorted(needs)))
            for n in sorted(needs):
                act.needs.setdefault(n, needs[n])
        act.resources = [
            Node(r[0], r[1], r_props)
            for r, _, r_props in sorted(f.outs_with(unit, "OFFERS"), key=lambda x: x[0])
            if r[0] == "Resource"
        ]
        out.append(act)
    return out
