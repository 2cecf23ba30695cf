"""A platform at a glance: its lead org, current members and former members (大党委一览).

Read in one store call for a platform's id (:meth:`Store.neighbourhood`: the platform, its area,
lead and members, and the units its member orgs are built in), two for an area's (its
platforms first, to choose the area's own by the rules of :mod:`gongjian.rules.linkage`)."""

from __future__ import annotations

from typing import Any

from gongjian.graph.store import Neighbourhood, Node, NotFound, Store
from gongjian.model import COMMUNITY_LEVELS, LABEL_MEMBER_TYPE, PLATFORM_KIND, STREET_LEVELS
from gongjian.queries.common import lookup, node_json, not_found, ref_json, resolve, today
from gongjian.rules.linkage import COMMITTEE_KINDS, STREET_PLATFORM_KINDS, current

ROLE_ORDER = ("书记", "第一书记", "副书记", "兼职委员", "委员", "成员单位")


#: Above the street (a district, a city): its joint conference (联席会议) first.
DISTRICT_PLATFORM_KINDS: tuple[str, ...] = ("joint_conference",)


#: A platform's relationships a committee shows (its area, lead org, members), and the step
#: beyond them to the units its member orgs are built in.
AROUND_PLATFORM = ("AT", "LEADS", "MEMBER_OF")
BEYOND_MEMBERS = ("BUILT_IN",)


def platform_for(store: Store, id: str) -> Node:
    """A platform by its id, or the platform of an area: a community's big committee, a street's
    alliance, a district's (or city's) joint conference (or, failing that, any platform there)."""
    node = resolve(store, id, ("Platform", "Area"))
    if node.label == "Platform":
        return node
    return _platform_at(node, [p for _, p in store.neighbours("Area", node.id, ("AT",), "in")], id)


def _platform_at(area: Node, at: list[Node], id: str) -> Node:
    """Which of the platforms AT an area is the area's, by its level (see :func:`platform_for`)."""
    level = area.props.get("level")
    if level in STREET_LEVELS:
        wanted = STREET_PLATFORM_KINDS
    elif level in COMMUNITY_LEVELS:
        wanted = COMMITTEE_KINDS
    else:
        wanted = DISTRICT_PLATFORM_KINDS
    platforms = [p for p in at if p.props.get("kind") in wanted]
    if not platforms and wanted is DISTRICT_PLATFORM_KINDS:
        platforms = list(at)  # a district's platform of another kind
    if not platforms:
        raise NotFound(PLATFORM_KIND.zh(wanted[0]), id)
    order = {kind: i for i, kind in enumerate(wanted)}
    platforms.sort(key=lambda p: (order.get(p.props.get("kind"), len(order)), p.id))
    return platforms[0]


def _committee_around(store: Store, id: str) -> Neighbourhood:
    """The platform ``id`` names (see :func:`platform_for`) with its area, lead, members and the
    units its member orgs are built in: one store read for a platform's id, two for an area's."""
    key, labels = lookup(id, ("Platform", "Area"))
    found = (
        store.neighbourhood(key, labels, AROUND_PLATFORM, "both", BEYOND_MEMBERS, "out") if labels else None
    )
    if found is not None and found.node.label == "Area":
        at = [p for r, p in found.around if r.type == "AT" and r.dst == found.node.ref]
        platform = _platform_at(found.node, at, id)
        found = store.neighbourhood(
            platform.id, ("Platform",), AROUND_PLATFORM, "both", BEYOND_MEMBERS, "out"
        )
    if found is None:
        raise not_found(id, labels or ("Platform", "Area"))
    return found


def _role_key(m: dict[str, Any]) -> tuple:
    role = m.get("role") or ""
    rank = next((i for i, r in enumerate(ROLE_ORDER) if r == role), len(ROLE_ORDER))
    return (rank, m["member_type"], m["name"], m["id"])


def committee(store: Store, id: str, *, on: str | None = None) -> dict[str, Any]:
    day = on or today()
    found = _committee_around(store, id)
    platform, around = found.node, found.around
    area = next((n for r, n in around if r.type == "AT"), None)
    lead = next((n for r, n in around if r.type == "LEADS"), None)
    members, former = [], []
    for rel, who in around:
        if rel.type != "MEMBER_OF":
            continue
        entry = {
            **ref_json(who),
            "member_type": LABEL_MEMBER_TYPE[who.label],
            "role": rel.props.get("role"),
            "since": rel.props.get("since"),
            "until": rel.props.get("until"),
        }
        if who.label == "PartyOrg":
            built = [
                n for r, n in found.beyond.get(who.ref, []) if r.type == "BUILT_IN" and n.label == "Unit"
            ]
            entry["unit"] = ref_json(built[0]) if built else None
        until = rel.props.get("until")
        if until and until < day:
            former.append(entry)  # 退出日期 in the past
        else:
            entry["current"] = current(rel.props, day)  # False only for a member who has not joined yet
            members.append(entry)
    members.sort(key=_role_key)
    former.sort(key=lambda m: (m.get("until") or "", m["id"]), reverse=True)
    return {
        "platform": node_json(platform),
        "area": {**ref_json(area), "level": area.props.get("level")} if area else None,
        "lead": node_json(lead) if lead else None,
        "members": members,
        "former_members": former,
    }
