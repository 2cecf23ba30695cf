"""A platform at a glance: its lead org, current members and former members (大党委一览)."""

from __future__ import annotations

from typing import Any

from gongjian.graph.store import Node, NotFound, Store
from gongjian.model import COMMUNITY_LEVELS, LABEL_MEMBER_TYPE, PLATFORM_KIND, STREET_LEVELS
from gongjian.queries.common import node_json, ref_json, resolve, today
from gongjian.rules.linkage import COMMITTEE_KINDS, STREET_PLATFORM_KINDS, current

ROLE_ORDER = ("书记", "第一书记", "副书记", "兼职委员", "委员", "成员单位")


#: Above the street (a district, a city): its joint conference (联席会议) first.
DISTRICT_PLATFORM_KINDS: tuple[str, ...] = ("joint_conference",)


def platform_for(store: Store, id: str) -> Node:
    """A platform by its id, or the platform of an area: a community's big committee, a street's
    alliance, a district's (or city's) joint conference (or, failing that, any platform there)."""
    node = resolve(store, id, ("Platform", "Area"))
    if node.label == "Platform":
        return node
    level = node.props.get("level")
    if level in STREET_LEVELS:
        wanted = STREET_PLATFORM_KINDS
    elif level in COMMUNITY_LEVELS:
        wanted = COMMITTEE_KINDS
    else:
        wanted = DISTRICT_PLATFORM_KINDS
    at = store.neighbours("Area", node.id, ("AT",), "in")
    platforms = [p for _, p in at if p.props.get("kind") in wanted]
    if not platforms and wanted is DISTRICT_PLATFORM_KINDS:
        platforms = [p for _, p in at]  # a district's platform of another kind
    if not platforms:
        raise NotFound(PLATFORM_KIND.zh(wanted[0]), id)
    order = {kind: i for i, kind in enumerate(wanted)}
    platforms.sort(key=lambda p: (order.get(p.props.get("kind"), len(order)), p.id))
    return platforms[0]


def _role_key(m: dict[str, Any]) -> tuple:
    role = m.get("role") or ""
    rank = next((i for i, r in enumerate(ROLE_ORDER) if r == role), len(ROLE_ORDER))
    return (rank, m["member_type"], m["name"], m["id"])


def committee(store: Store, id: str, *, on: str | None = None) -> dict[str, Any]:
    day = on or today()
    platform = platform_for(store, id)
    around = store.neighbours("Platform", platform.id, ("AT", "LEADS", "MEMBER_OF"))
    area = next((n for r, n in around if r.type == "AT"), None)
    lead = next((n for r, n in around if r.type == "LEADS"), None)
    orgs = [who.id for rel, who in around if rel.type == "MEMBER_OF" and who.label == "PartyOrg"]
    built_in = store.neighbours_of("PartyOrg", orgs, ("BUILT_IN",), "out")
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
            built = [n for _, n in built_in[who.id] if n.label == "Unit"]
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
