"""Gap analysis (找短板): where co-building is missing or exists only on paper.

Each list holds nodes with ``id`` and ``name``; ``summary`` mirrors the figures the
seeds report, one row per child area.

The gaps of an area cost what the area holds: they read the area's subtree and what hangs
off it (its platforms, units, party orgs, agreements signed on its side, projects, needs,
and the relationships at those), never the whole store. So an area's lists are the whole
store's lists restricted to the area (a county lists the same communities, grids, units,
agreements, resources and needs as the whole city's answer does inside that county);
only ``bridging_units`` and ``summary`` are the area's own: bridging is ranked among the
area's units, and the summary has a row per child of the area. The whole store's gaps read
each label and relationship type they need once, whole (:class:`Around`): a province's are
1.2 million rows, read in about 5 CPU seconds (BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from gongjian.graph.store import Node, NodeRef, Rel, Store
from gongjian.model import COMMUNITY_LEVELS
from gongjian.queries.common import resolve, today
from gongjian.rules.linkage import COMMITTEE_KINDS, STREET_PLATFORM_KINDS, current, in_force

PAPER_DAYS = 180
STALE_DAYS = 30
BRIDGING_TOP = 20


def _days_before(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=days)).isoformat()


def _entry(label: str, id_: str, props: dict, **extra: Any) -> dict[str, Any]:
    name = props.get("title") if label in ("Need", "Resource") else props.get("name")
    return {"id": id_, "label": label, "name": name or id_, **extra}


def _refs(label: str, ids: Iterable[str]) -> list[NodeRef]:
    return [(label, i) for i in ids]


class Around:
    """The relationships gaps reads at the nodes of its area. For an area, a lookup at each
    node (:meth:`Store.relationships_at`: costing what the area holds); for the whole store,
    each type read once, whole (:meth:`Store.relationships`), and kept for the call: no list of
    every area's id to look up or filter by, and one read of a type that several lists use."""

    def __init__(self, store: Store, whole: bool) -> None:
        self.store, self.whole = store, whole
        self._types: dict[str, list[Rel]] = {}

    def at(self, type_: str, end: Literal["src", "dst"], label: str, ids: Collection[str]) -> list[Rel]:
        """The ``type_`` relationships whose ``end`` is the node of ``label`` with one of ``ids``
        (a set or a dict: asked of each relationship), sorted by (src, dst)."""
        if not self.whole:
            return self.store.relationships_at(type_, end, _refs(label, ids))
        if type_ not in self._types:
            self._types[type_] = self.store.relationships(type_)
        at_src = end == "src"
        return [
            r for r in self._types[type_] if (ref := r.src if at_src else r.dst)[0] == label and ref[1] in ids
        ]


@dataclass
class Areas:
    """The areas gaps covers, each looked at once: their properties by code; the communities,
    the grids and the areas that get a summary row (the children of the area asked about, or
    the store's top areas), in code order; each area's summary row by :func:`under`."""

    props: dict[str, dict]
    communities: list[str]
    grids: list[str]
    children: list[str]
    child_of: dict[str, str]

    @classmethod
    def of(cls, area_props: dict[str, dict], root: str | None) -> Areas:
        """The areas of ``area_props``: ``root``'s subtree, or every area when it is None."""
        communities, grids, children = [], [], []
        for code, props in area_props.items():
            level, parent = props.get("level"), props.get("parent")
            if level in COMMUNITY_LEVELS:
                communities.append(code)
            elif level == "grid":
                grids.append(code)
            if (parent == root) if root else (not parent or parent not in area_props):
                children.append(code)
        communities.sort()
        grids.sort()
        children.sort()
        return cls(area_props, communities, grids, children, under(area_props, children))


def gaps(store: Store, area: str | None = None, *, on: str | None = None) -> dict[str, Any]:
    """The gaps of an area and every area below it (of the whole store when ``area`` is None)."""
    day = on or today()
    if area:
        root = resolve(store, area, ("Area",))
        codes: list[str] | None = store.subtree(root.id)
        area_props = store.get_nodes("Area", codes)
    else:
        root, codes = None, None
        area_props = {n.id: n.props for n in store.find_nodes("Area")[1]}
    around = Around(store, whole=codes is None)
    areas = Areas.of(area_props, root.id if root else None)

    _, platforms = store.find_nodes("Platform", areas=codes)
    platform_area = {p.id: p.props.get("area") for p in platforms}
    with_committee = {p.props.get("area") for p in platforms if p.props.get("kind") in COMMITTEE_KINDS}
    _, unit_nodes = store.find_nodes("Unit", areas=codes)
    units = {u.id: u.props for u in unit_nodes}
    unit_platforms = memberships(around, units, day)

    # party orgs built on the areas (a community's org, a grid's branch)
    org_area = {r.src[1]: r.dst[1] for r in around.at("BUILT_IN", "dst", "Area", area_props)}
    areas_with_org = set(org_area.values())
    _, needs = store.find_nodes("Need", areas=codes)
    paper, expired = agreement_gaps(store, around, codes, areas, org_area, day)

    if codes is None:
        _, resources = store.find_nodes("Resource", {"status": "idle"})
    else:
        offered = store.relationships_at("OFFERS", "src", _refs("Unit", units))
        found = store.get_nodes("Resource", sorted({r.dst[1] for r in offered}))
        resources = [Node("Resource", i, p) for i, p in sorted(found.items()) if p.get("status") == "idle"]
    idle = [
        _entry(
            "Resource",
            r.id,
            r.props,
            unit=r.props.get("unit"),
            unit_name=units.get(r.props.get("unit") or "", {}).get("name"),
        )
        for r in resources
    ]
    stale_cut = _days_before(day, STALE_DAYS)
    stale = [
        _entry("Need", n.id, n.props, raised=n.props.get("raised"),
               days_open=(dt.date.fromisoformat(day) - dt.date.fromisoformat(n.props["raised"])).days)
        for n in needs
        if n.props.get("status") == "open" and (n.props.get("raised") or day) < stale_cut
    ]  # fmt: skip
    stale.sort(key=lambda e: (-e["days_open"], e["id"]))

    return {
        "area": {"id": root.id, "name": root.props.get("name")} if root else None,
        "on": day,
        "communities_without_committee": [
            _entry("Area", c, area_props[c], level=area_props[c].get("level"))
            for c in areas.communities
            if c not in with_committee
        ],
        "grids_without_branch": [
            _entry("Area", g, area_props[g]) for g in areas.grids if g not in areas_with_org
        ],
        "units_without_platform": [
            _entry("Unit", u, props) for u, props in units.items() if u not in unit_platforms
        ],
        "paper_agreements": paper,
        "expired_agreements": expired,
        "idle_resources": idle,
        "stale_needs": stale,
        "bridging_units": bridging_units(units, unit_platforms, platform_area),
        "summary": summary(around, areas, platforms, areas_with_org, needs, day),
    }


def memberships(around: Around, units: Collection[str], day: str) -> dict[str, set[str]]:
    """Unit id → the platforms it is a current member of, directly or through a party org built
    in it; a unit in none is absent."""
    org_unit = {
        r.src[1]: r.dst[1] for r in around.at("BUILT_IN", "dst", "Unit", units) if r.src[0] == "PartyOrg"
    }
    members = around.at("MEMBER_OF", "src", "Unit", units) + around.at(
        "MEMBER_OF", "src", "PartyOrg", org_unit
    )
    unit_platforms: dict[str, set[str]] = {}
    for r in members:
        if current(r.props, day):
            unit = r.src[1] if r.src[0] == "Unit" else org_unit[r.src[1]]
            unit_platforms.setdefault(unit, set()).add(r.dst[1])
    return unit_platforms


def agreement_gaps(
    store: Store,
    around: Around,
    codes: list[str] | None,
    areas: Areas,
    org_area: dict[str, str],
    day: str,
) -> tuple[list[dict], list[dict]]:
    """Paper agreements (in force ``PAPER_DAYS`` and more, and no project between the unit on
    side b and the community on side a) and expired ones, among those whose side a is one of
    the areas or a party org built on one (every agreement when ``codes`` is None)."""
    if codes is None:
        _, agreements = store.find_nodes("Agreement")
    else:
        signed = store.relationships_at(
            "SIGNED", "src", _refs("Area", areas.props) + _refs("PartyOrg", org_area)
        )
        ids = sorted({r.dst[1] for r in signed if r.props.get("side") == "a"})
        agreements = [Node("Agreement", i, p) for i, p in store.get_nodes("Agreement", ids).items()]
    sides: dict[str, dict[str, NodeRef]] = {}
    for r in around.at("SIGNED", "dst", "Agreement", {a.id for a in agreements}):
        sides.setdefault(r.dst[1], {})[r.props.get("side", "")] = r.src
    orgs = {ref[1] for by_side in sides.values() for ref in by_side.values() if ref[0] == "PartyOrg"}
    built: dict[str, dict[str, str]] = {"Unit": {}, "Area": {}}  # a signing org → its unit, its area
    for r in around.at("BUILT_IN", "src", "PartyOrg", orgs):
        built.setdefault(r.dst[0], {})[r.src[1]] = r.dst[1]

    def side(ref: NodeRef | None, label: str) -> str | None:
        if ref is None:
            return None
        return ref[1] if ref[0] == label else built[label].get(ref[1]) if ref[0] == "PartyOrg" else None

    _, projects = store.find_nodes("Project", areas=codes)
    a_areas = {ag.id: side(sides.get(ag.id, {}).get("a"), "Area") for ag in agreements}
    asked = [p.props.get("area") for p in projects] + list(a_areas.values())
    community_of = under(areas.props, areas.communities, among=asked)
    project_links = set()
    for p in projects:
        at = p.props.get("area")
        project_links.add((p.props.get("unit"), community_of.get(at, at)))
    paper, expired = [], []
    cutoff = _days_before(day, PAPER_DAYS)
    for ag in agreements:
        a_area = a_areas[ag.id]
        if codes is not None and a_area not in areas.props:
            continue
        if ag.props.get("expires") and ag.props["expires"] < day:
            expired.append(_entry("Agreement", ag.id, ag.props, expires=ag.props["expires"]))
        elif in_force(ag.props, day) and (ag.props.get("signed") or day) <= cutoff:
            unit = side(sides.get(ag.id, {}).get("b"), "Unit")
            if (unit, community_of.get(a_area or "", a_area)) not in project_links:
                paper.append(_entry("Agreement", ag.id, ag.props, signed=ag.props.get("signed")))
    return paper, expired


def under(
    area_props: dict[str, dict], heads: Iterable[str], among: Iterable[str | None] | None = None
) -> dict[str, str]:
    """Each of ``heads`` (itself) and every area below one, by parent codes → that head's code;
    an area under none of them is absent. ``among``: only these areas are looked up (and those
    on their way up), not every one."""
    head_of = {h: h for h in heads}
    for code in area_props if among is None else among:
        chain, cur = [], code
        while cur in area_props and cur not in head_of and cur not in chain:
            chain.append(cur)
            cur = area_props[cur].get("parent")
        if cur in head_of:
            for c in chain:
                head_of[c] = head_of[cur]
    return head_of


def bridging_units(
    units: dict[str, dict], unit_platforms: dict[str, set[str]], platform_area: dict[str, str]
) -> list[dict]:
    """The units of the area whose memberships tie the most platforms together: exact betweenness
    centrality (normalised as networkx does) on the graph of the area's units and the platforms
    they are current members of, wherever those sit; ties by unit id."""
    pairs = sorted((u, p) for u, plats in unit_platforms.items() if u in units for p in plats)
    members = sorted({u for u, _ in pairs})
    plats = sorted({p for _, p in pairs})
    n = len(members) + len(plats)
    if n <= 2:
        return []  # no unit lies between two others
    import igraph  # here, not on import: a server's workers start without it (0.5 s)

    index = {p: len(members) + i for i, p in enumerate(plats)}
    at = {u: i for i, u in enumerate(members)}
    g = igraph.Graph(n=n, edges=[(at[u], index[p]) for u, p in pairs])
    scale = 2 / ((n - 1) * (n - 2))  # igraph counts each pair once; networkx's normalised figure
    raw = g.betweenness(vertices=range(len(members)), directed=False)
    ranked = sorted(
        ((round(b * scale, 12), u) for u, b in zip(members, raw, strict=True) if b > 0),
        key=lambda x: (-x[0], x[1]),
    )[:BRIDGING_TOP]
    return [
        _entry(
            "Unit",
            u,
            units[u],
            betweenness=round(c, 4),
            platforms=len(unit_platforms[u]),
            communities=len({platform_area.get(p) for p in unit_platforms[u]}),
        )
        for c, u in ranked
    ]


def summary(
    around: Around,
    areas: Areas,
    platforms: list[Node],
    areas_with_org: set[str],
    needs: list[Node],
    day: str,
) -> list[dict[str, Any]]:
    """Per child area (or per top area): the seeds' figures. ``platforms``, ``areas_with_org``
    (those a party org is built on) and ``needs`` are those of the areas."""
    area_props, child_of = areas.props, areas.child_of
    members = _by_end(around.at("MEMBER_OF", "dst", "Platform", {p.id for p in platforms}))
    rows = {
        c: {
            "id": c,
            "label": "Area",
            "name": area_props[c].get("name"),
            "level": area_props[c].get("level"),
            "alliances": 0,
            "committees": 0,
            "member_units": set(),
            "part_time_members": 0,
            "grids": 0,
            "grid_branches": 0,
            "needs_open": 0,
            "needs_done": 0,
            "registrations": 0,
            "hours": 0.0,
        }
        for c in areas.children
    }

    def row(code: str | None) -> dict[str, Any] | None:
        """The row of the child an area lies in (None: outside them, or no area)."""
        child = child_of.get(code or "")
        return None if child is None else rows[child]

    for p in platforms:
        if (r := row(p.props.get("area"))) is not None:
            r["alliances"] += p.props.get("kind") in STREET_PLATFORM_KINDS
            r["committees"] += p.props.get("kind") in COMMITTEE_KINDS
            for m in members.get(p.id, ()):
                if current(m.props, day):
                    if m.src[0] in ("Unit", "PartyOrg"):
                        r["member_units"].add(m.src[1])
                    r["part_time_members"] += m.props.get("role") == "兼职委员"
    for code in areas.grids:
        if (r := row(code)) is not None:
            r["grids"] += 1
            r["grid_branches"] += code in areas_with_org
    for n in needs:
        if (r := row(n.props.get("area"))) is not None:
            r["needs_open"] += n.props.get("status") == "open"
            r["needs_done"] += n.props.get("status") == "done"
    for reg in around.at("REGISTERED_WITH", "dst", "Area", area_props):
        if (r := row(reg.dst[1])) is not None:
            r["registrations"] += 1
            r["hours"] += float(reg.props.get("hours") or 0)
    for r in rows.values():
        r["member_units"] = len(r["member_units"])
        r["hours"] = round(r["hours"], 1)
    return list(rows.values())


def _by_end(rels: list[Rel]) -> dict[str, list[Rel]]:
    """Relationships grouped by the id of the node they go into."""
    out: dict[str, list[Rel]] = {}
    for r in rels:
        out.setdefault(r.dst[1], []).append(r)
    return out
