"""Gap analysis (找短板): where co-building is missing or exists only on paper.

Each list holds nodes with ``id`` and ``name``; ``summary`` mirrors the figures the
seeds report, one row per child area.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from gongjian.graph.store import Store
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


def gaps(store: Store, area: str | None = None, *, on: str | None = None) -> dict[str, Any]:
    day = on or today()
    if area:
        root = resolve(store, area, ("Area",))
        codes: list[str] | None = store.subtree(root.id)
    else:
        root, codes = None, None
    area_props = (
        store.get_nodes("Area", codes)
        if codes is not None
        else {n.id: n.props for n in store.find_nodes("Area")[1]}
    )
    code_set = set(area_props)

    def inside(props: dict) -> bool:
        return codes is None or props.get("area") in code_set

    # platforms and memberships
    _, platforms = store.find_nodes("Platform")
    platform_area = {p.id: p.props.get("area") for p in platforms}
    with_committee = {p.props.get("area") for p in platforms if p.props.get("kind") in COMMITTEE_KINDS}
    org_unit = {r.src[1]: r.dst[1] for r in store.relationships("BUILT_IN") if r.dst[0] == "Unit"}
    org_area = {r.src[1]: r.dst[1] for r in store.relationships("BUILT_IN") if r.dst[0] == "Area"}
    unit_platforms: dict[str, set[str]] = {}
    for r in store.relationships("MEMBER_OF"):
        if not current(r.props, day):
            continue
        unit = r.src[1] if r.src[0] == "Unit" else org_unit.get(r.src[1]) if r.src[0] == "PartyOrg" else None
        if unit:
            unit_platforms.setdefault(unit, set()).add(r.dst[1])

    communities = sorted(c for c, p in area_props.items() if p.get("level") in COMMUNITY_LEVELS)
    grids = sorted(c for c, p in area_props.items() if p.get("level") == "grid")
    areas_with_org = set(org_area.values())
    _, units = store.find_nodes("Unit")
    units = [u for u in units if inside(u.props)]

    # agreements and the projects between their sides
    _, agreements = store.find_nodes("Agreement")
    sides: dict[str, dict[str, tuple[str, str]]] = {}
    for r in store.relationships("SIGNED"):
        sides.setdefault(r.dst[1], {})[r.props.get("side", "")] = r.src
    _, projects = store.find_nodes("Project")
    project_pairs = {(p.props.get("unit"), p.props.get("area")) for p in projects}
    community_of = {c: c for c in communities}
    for code in area_props:  # grids and blocks belong to their community
        chain, cur = [], code
        while cur in area_props and cur not in community_of and cur not in chain:
            chain.append(cur)
            cur = area_props[cur].get("parent")
        if cur in community_of:
            for c in chain:
                community_of[c] = cur
    project_links = {(u, community_of.get(a, a)) for u, a in project_pairs}

    def side_unit(ref: tuple[str, str] | None) -> str | None:
        if ref is None:
            return None
        return ref[1] if ref[0] == "Unit" else org_unit.get(ref[1])

    def side_area(ref: tuple[str, str] | None) -> str | None:
        if ref is None:
            return None
        return ref[1] if ref[0] == "Area" else org_area.get(ref[1])

    paper, expired = [], []
    cutoff = _days_before(day, PAPER_DAYS)
    for ag in agreements:
        a_area = side_area(sides.get(ag.id, {}).get("a"))
        if codes is not None and a_area not in code_set:
            continue
        if ag.props.get("expires") and ag.props["expires"] < day:
            expired.append(_entry("Agreement", ag.id, ag.props, expires=ag.props["expires"]))
        elif in_force(ag.props, day) and (ag.props.get("signed") or day) <= cutoff:
            unit = side_unit(sides.get(ag.id, {}).get("b"))
            if (unit, community_of.get(a_area or "", a_area)) not in project_links:
                paper.append(_entry("Agreement", ag.id, ag.props, signed=ag.props.get("signed")))

    _, resources = store.find_nodes("Resource", {"status": "idle"})
    unit_area = {u.id: u.props.get("area") for u in units}
    resources = [r for r in resources if codes is None or r.props.get("unit") in unit_area]
    offered_by = store.get_nodes("Unit", sorted({r.props["unit"] for r in resources if r.props.get("unit")}))
    idle = [
        _entry(
            "Resource",
            r.id,
            r.props,
            unit=r.props.get("unit"),
            unit_name=offered_by.get(r.props.get("unit") or "", {}).get("name"),
        )
        for r in resources
    ]
    stale_cut = _days_before(day, STALE_DAYS)
    _, open_needs = store.find_nodes("Need", {"status": "open"}, areas=codes)
    stale = [
        _entry("Need", n.id, n.props, raised=n.props.get("raised"),
               days_open=(dt.date.fromisoformat(day) - dt.date.fromisoformat(n.props["raised"])).days)
        for n in open_needs
        if (n.props.get("raised") or day) < stale_cut
    ]  # fmt: skip
    stale.sort(key=lambda e: (-e["days_open"], e["id"]))

    return {
        "area": {"id": root.id, "name": root.props.get("name")} if root else None,
        "on": day,
        "communities_without_committee": [
            _entry("Area", c, area_props[c], level=area_props[c].get("level"))
            for c in communities
            if c not in with_committee
        ],
        "grids_without_branch": [_entry("Area", g, area_props[g]) for g in grids if g not in areas_with_org],
        "units_without_platform": [
            _entry("Unit", u.id, u.props) for u in units if u.id not in unit_platforms
        ],
        "paper_agreements": paper,
        "expired_agreements": expired,
        "idle_resources": idle,
        "stale_needs": stale,
        "bridging_units": bridging_units(units, unit_platforms, platform_area),
        "summary": summary(store, root, area_props, platforms, day),
    }


def bridging_units(
    units: list, unit_platforms: dict[str, set[str]], platform_area: dict[str, str]
) -> list[dict]:
    """Units whose memberships tie the most platforms together: betweenness on the unit–platform graph."""
    g = nx.Graph()
    names = {u.id: u.props for u in units}
    for unit, plats in unit_platforms.items():
        if unit in names:
            g.add_edges_from((("U", unit), ("P", p)) for p in plats)
    if g.number_of_nodes() == 0:
        return []
    k = None if g.number_of_nodes() <= 2000 else 500
    centrality = nx.betweenness_centrality(g, k=k, seed=7, normalized=True)
    ranked = sorted(
        ((c, n[1]) for n, c in centrality.items() if n[0] == "U" and c > 0), key=lambda x: (-x[0], x[1])
    )[:BRIDGING_TOP]
    return [
        _entry(
            "Unit",
            u,
            names[u],
            betweenness=round(c, 4),
            platforms=len(unit_platforms[u]),
            communities=len({platform_area.get(p) for p in unit_platforms[u]}),
        )
        for c, u in ranked
    ]


def summary(
    store: Store, root, area_props: dict[str, dict], platforms: list, day: str
) -> list[dict[str, Any]]:  # noqa: ANN001
    """Per child area (or per top area): the seeds' figures."""
    parent = root.id if root else None
    children = (
        sorted(c for c, p in area_props.items() if p.get("parent") == parent)
        if parent
        else sorted(
            c for c, p in area_props.items() if not p.get("parent") or p.get("parent") not in area_props
        )
    )
    members = store.relationships("MEMBER_OF")
    regs = store.relationships("REGISTERED_WITH")
    rows = []
    for child in children:
        sub = set(store.subtree(child))
        plats = [p for p in platforms if p.props.get("area") in sub]
        plat_ids = {p.id for p in plats}
        current_members = [r for r in members if r.dst[1] in plat_ids and current(r.props, day)]
        grids = [c for c in sub if area_props.get(c, {}).get("level") == "grid"]
        _, grid_orgs = store.find_nodes("PartyOrg", areas=grids)
        _, needs = store.find_nodes("Need", areas=list(sub))
        child_regs = [r for r in regs if r.dst[1] in sub]
        rows.append(
            {
                "id": child,
                "label": "Area",
                "name": area_props[child].get("name"),
                "level": area_props[child].get("level"),
                "alliances": sum(1 for p in plats if p.props.get("kind") in STREET_PLATFORM_KINDS),
                "committees": sum(1 for p in plats if p.props.get("kind") in COMMITTEE_KINDS),
                "member_units": len({r.src[1] for r in current_members if r.src[0] in ("Unit", "PartyOrg")}),
                "part_time_members": sum(1 for r in current_members if r.props.get("role") == "兼职委员"),
                "grids": len(grids),
                "grid_branches": len({o.props.get("area") for o in grid_orgs}),
                "needs_open": sum(1 for n in needs if n.props.get("status") == "open"),
                "needs_done": sum(1 for n in needs if n.props.get("status") == "done"),
                "registrations": len(child_regs),
                "hours": round(sum(float(r.props.get("hours") or 0) for r in child_regs), 1),
            }
        )
    return rows
