"""A unit's or party organisation's ties (共建关系一览): the platforms it sits on and its role
there, the agreements it signed, the communities it registered with — its own and those of
its party organisation (or of the unit the organisation is built in), each saying through whom."""

from __future__ import annotations

from typing import Any

from gongjian.graph.store import Node, Store
from gongjian.model import PLATFORM_KIND
from gongjian.queries.common import ref_json, resolve, today
from gongjian.rules.linkage import in_force


def _group(store: Store, node: Node) -> list[Node]:
    """The node and its other half: a unit's party organisations, a party organisation's unit."""
    if node.label == "Unit":
        return [
            node,
            *(o for _, o in store.neighbours("Unit", node.id, ("BUILT_IN",), "in") if o.label == "PartyOrg"),
        ]
    return [
        node,
        *(u for _, u in store.neighbours("PartyOrg", node.id, ("BUILT_IN",), "out") if u.label == "Unit"),
    ]


def ties(store: Store, id: str, *, on: str | None = None) -> dict[str, Any]:
    """``{"node", "platforms", "agreements", "registrations"}``; each entry's ``via`` is the
    unit or party organisation that holds the tie. Former memberships and expired agreements
    are listed too, marked (``current`` / ``in_force`` False)."""
    day = on or today()
    node = resolve(store, id, ("Unit", "PartyOrg"))
    platforms: list[dict[str, Any]] = []
    agreements: list[dict[str, Any]] = []
    registrations: list[dict[str, Any]] = []
    for who in _group(store, node):
        via = ref_json(who)
        for rel, other in store.neighbours(
            who.label, who.id, ("MEMBER_OF", "LEADS", "SIGNED", "REGISTERED_WITH"), "out"
        ):
            p = rel.props
            if rel.type in ("MEMBER_OF", "LEADS"):
                until = p.get("until")
                kind = other.props.get("kind") or ""
                platforms.append(
                    {
                        **ref_json(other),
                        "kind": kind,
                        "kind_zh": PLATFORM_KIND.zh(kind) if kind else "",
                        "role": "牵头" if rel.type == "LEADS" else p.get("role"),
                        "since": p.get("since"),
                        "until": until,
                        "current": not (until and until < day),
                        "via": via,
                    }
                )
            elif rel.type == "SIGNED":
                agreements.append(
                    {
                        **ref_json(other),
                        "signed": other.props.get("signed"),
                        "expires": other.props.get("expires"),
                        "in_force": in_force(other.props, day),
                        "via": via,
                    }
                )
            else:
                registrations.append(
                    {
                        **ref_json(other),
                        "date": p.get("date"),
                        "hours": p.get("hours"),
                        "content": p.get("content"),
                        "via": via,
                    }
                )
    platforms.sort(key=lambda e: (not e["current"], e["id"], e["via"]["id"]))
    agreements.sort(key=lambda e: (not e["in_force"], e["id"]))
    registrations.sort(key=lambda e: (e["date"] or "", e["id"]))
    return {
        "node": ref_json(node),
        "platforms": platforms,
        "agreements": agreements,
        "registrations": registrations,
    }
