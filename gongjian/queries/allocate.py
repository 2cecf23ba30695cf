"""Allocation: all open needs of an area matched jointly under the resources' capacities.

A min-cost flow on networkx: source → need (1) → resource (1 per pair, cost −score)
→ sink (capacity left), with a zero-score bypass from each need so a need may stay
unassigned. The minimum cost is the maximum total score.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from gongjian.graph.store import Conflict, NotFound, Store
from gongjian.queries.common import ref_json, resolve, today
from gongjian.queries.dispatch import claim
from gongjian.queries.linkage import need_contexts
from gongjian.queries.match import Match, match_json, path_joins, path_names, rank

SCALE = 10_000  # scores to integer costs


def allocate(store: Store, area: str, *, apply: bool = False, on: str | None = None) -> dict[str, Any]:
    """Plan (and with ``apply`` dispatch) the open needs in an area's subtree."""
    day = on or today()
    node = resolve(store, area, ("Area",))
    codes = store.subtree(node.id)
    _, needs = store.find_nodes("Need", {"status": "open"}, areas=codes)
    ranked: dict[str, list[Match]] = {}
    capacity: dict[str, int] = {}
    contexts = need_contexts(store, [need.id for need in needs], day)
    for need in needs:
        ctx = contexts.get(need.id)
        if ctx is None:
            continue
        ranked[need.id] = rank(ctx)
        for m in ranked[need.id]:
            capacity.setdefault(m.candidate.resource.id, m.capacity_left)

    flow = nx.DiGraph()
    flow.add_node("source", demand=-len(ranked))
    flow.add_node("sink", demand=len(ranked))
    for nid, matches in ranked.items():
        flow.add_edge("source", ("n", nid), capacity=1, weight=0)
        flow.add_edge(("n", nid), "sink", capacity=1, weight=0)  # left unassigned
        for m in matches:
            flow.add_edge(
                ("n", nid), ("r", m.candidate.resource.id), capacity=1, weight=-round(m.score * SCALE)
            )
    for rid, left in capacity.items():
        flow.add_edge(("r", rid), "sink", capacity=left, weight=0)
    plan_flow = nx.min_cost_flow(flow) if ranked else {}

    plan: list[dict[str, Any]] = []
    unassigned: list[dict[str, Any]] = []
    total = 0.0
    chosen_all = [
        m
        for need in needs
        for m in ranked.get(need.id, [])
        if plan_flow.get(("n", need.id), {}).get(("r", m.candidate.resource.id), 0) > 0
    ]
    joins = path_joins(store, chosen_all, *contexts.values())
    for need in needs:
        matches = ranked.get(need.id, [])
        chosen = next(
            (
                m
                for m in matches
                if plan_flow.get(("n", need.id), {}).get(("r", m.candidate.resource.id), 0) > 0
            ),
            None,
        )
        if chosen is None:
            reason = "没有有联结且适配的资源" if not matches else "适配资源的容量已分给得分更高的需求"
            unassigned.append({"need": ref_json(need), "reason": reason, "candidates": len(matches)})
            continue
        names = path_names(store, [chosen], contexts[need.id])
        plan.append({"need": ref_json(need), **match_json(chosen, names, joins)})
        total += chosen.score
    result: dict[str, Any] = {
        "area": ref_json(node),
        "open_needs": len(needs),
        "assigned": len(plan),
        "total_score": round(total, 4),
        "plan": plan,
        "unassigned": unassigned,
        "applied": False,
    }
    if apply:
        result["applied"] = True
        result["dispatched"], result["conflicts"] = [], []
        for entry in plan:
            try:
                done = claim(store, entry["need"]["id"], entry["resource"]["id"], on=day)
                result["dispatched"].append({"need": entry["need"]["id"], "project": done["project"]["id"]})
            except (Conflict, NotFound) as e:
                result["conflicts"].append({"need": entry["need"]["id"], "reason": str(e)})
    return result
