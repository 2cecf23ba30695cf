"""Two-way assessment (双向考核): a unit's and a community's or street's scorecard for a period,
and rankings (红黑榜) — retrieved through the store contract, judged with
:mod:`gongjian.rules.assessment`, the same way for both stores.

Every score carries its parts (the figures), the normalised parts and the weights that made it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongjian.graph.store import Node, NotFound, Rel, Store, UnitActivity
from gongjian.model import COMMUNITY_LEVELS, NODE_TYPES, PLATFORM_KIND, display_name
from gongjian.queries.common import ref_json, resolve, today
from gongjian.rules.assessment import (
    AREA_EVALUATORS,
    AREA_WEIGHTS,
    GRADES,
    PENALTIES,
    UNIT_WEIGHTS,
    evaluation_value,
    period_inside,
    project_timing,
    saturate,
    score,
)
from gongjian.rules.linkage import current, in_force
from gongjian.rules.loop import SATISFIED, ratio


def _in(day: str | None, start: str, end: str) -> bool:
    return bool(day) and start <= day <= end  # type: ignore[operator]


def grade_counts(evaluations: list[Node], start: str, end: str) -> dict[str, int]:
    """Evaluations whose period lies inside the scorecard's, per grade."""
    counts = dict.fromkeys(GRADES, 0)
    for e in evaluations:
        grade = e.props.get("grade")
        if grade in counts and period_inside(e.props.get("period"), start, end):
            counts[grade] += 1
    return counts


def unit_card(
    facts: UnitActivity,
    start: str,
    end: str,
    day: str,
    weights: Mapping[str, float] | None = None,
    *,
    behind: bool = True,
) -> dict[str, Any]:
    """A unit's scorecard from what the store retrieved: parts, normalised parts, weights, score,
    and (``behind``) what is behind them (platforms, agreements, registrations); a ranking,
    which shows only the parts, asks for them without."""
    weights = dict(weights or UNIT_WEIGHTS)
    org_ids = {o.id for o in facts.orgs}
    memberships = [(r, n) for r, n in facts.links if r.type == "MEMBER_OF" and n.label == "Platform"]
    signed = [(r, n) for r, n in facts.links if r.type == "SIGNED" and n.label == "Agreement"]
    registered = [(r, n) for r, n in facts.links if r.type == "REGISTERED_WITH"]
    evaluations = [n for r, n in facts.links if r.type == "EVALUATES" and n.label == "Evaluation"]
    projects = [p for p, _ in facts.projects]
    addresses = {p.id: needs for p, needs in facts.projects}

    def via(rel: Rel) -> str | None:
        return rel.src[1] if rel.src[0] == "PartyOrg" and rel.src[1] in org_ids else None

    platforms: dict[str, dict[str, Any]] = {}
    for rel, platform in sorted(memberships, key=lambda m: (m[1].id, m[0].src)):
        if not current(rel.props, end):
            continue
        entry = platforms.setdefault(
            platform.id,
            {
                **ref_json(platform),
                "kind": platform.props.get("kind"),
                "kind_zh": PLATFORM_KIND.zh(platform.props.get("kind") or ""),
                "roles": [],
            },
        )
        entry["roles"].append(
            {"role": rel.props.get("role"), "since": rel.props.get("since"), "through": via(rel)}
        )
    agreements: dict[str, dict[str, Any]] = {}
    for rel, agreement in sorted(signed, key=lambda s: (s[1].id, s[0].src)):
        if in_force(agreement.props, end) and agreement.id not in agreements:
            agreements[agreement.id] = {
                **ref_json(agreement),
                "signed": agreement.props.get("signed"),
                "expires": agreement.props.get("expires"),
                "side": rel.props.get("side"),
                "through": via(rel),
            }
    registrations = []
    people: set[str] = set()
    hours = 0.0
    for rel, area in sorted(registered, key=lambda r: (r[0].src, r[1].id)):
        if (rel.props.get("date") or "") > end:
            continue
        if rel.src[0] == "Person":
            people.add(rel.src[1])
        hours += float(rel.props.get("hours") or 0)
        if behind:
            registrations.append(
                {
                    "subject": {"id": rel.src[1], "label": rel.src[0]},
                    "area": ref_json(area),
                    "date": rel.props.get("date"),
                    "hours": rel.props.get("hours"),
                }
            )
    claimed = [p for p in projects if _in(p.props.get("started"), start, end)]
    done = [
        p
        for p in projects
        if p.props.get("status") == "done"
        and _in(p.props.get("finished") or p.props.get("started"), start, end)
    ]
    timing = {p.id: project_timing(p.props, end, day) for p in projects}
    on_time = sum(1 for p in done if timing[p.id] == "on_time")
    late = sum(1 for p in done if timing[p.id] == "late")
    overdue = sum(
        1
        for p in projects
        if timing[p.id] == "overdue" and (p.props.get("started") or p.props.get("due") or "") <= end
    )
    served = sorted({n for p in done for n in addresses[p.id] if n in facts.needs})
    rated = [facts.needs[n] for n in served if facts.needs[n].get("rating")]
    satisfaction = ratio(sum(1 for n in rated if n["rating"] in SATISFIED), len(rated))
    idle = sum(1 for r in facts.resources if r.props.get("status") == "idle")
    evaluations = grade_counts(evaluations, start, end)
    parts: dict[str, Any] = {
        "platforms": len(platforms),
        "agreements_in_force": len(agreements),
        "projects_claimed": len(claimed),
        "projects_done": len(done),
        "projects_on_time": on_time,
        "projects_late": late,
        "projects_overdue": overdue,
        "beneficiaries": sum(int(facts.needs[n].get("beneficiaries") or 0) for n in served),
        "rated": len(rated),
        "satisfaction_rate": satisfaction,
        "registered_people": len(people),
        "service_hours": round(hours, 2),
        "idle_resources": idle,
        "evaluations": evaluations,
    }
    normalised = {
        "platforms": saturate("platforms", len(platforms)),
        "agreements_in_force": saturate("agreements_in_force", len(agreements)),
        "projects_done": saturate("projects_done", len(done)),
        "on_time_rate": ratio(on_time, len(done)) or 0.0,
        "satisfaction_rate": satisfaction or 0.0,
        "registered_people": saturate("registered_people", len(people)),
        "service_hours": saturate("service_hours", hours),
        "evaluations": evaluation_value(evaluations),
        "projects_overdue": saturate("projects_overdue", overdue),
        "idle_resources": saturate("idle_resources", idle),
    }
    card = {
        "id": facts.unit.id,
        "label": "Unit",
        "name": display_name("Unit", facts.unit.props),
        "period": {"from": start, "to": end},
        "score": score(normalised, weights),
        "parts": parts,
        "normalised": normalised,
        "weights": weights,
        "penalties": sorted(k for k in weights if k in PENALTIES),
    }
    if behind:
        card["behind"] = {
            "party_orgs": [ref_json(o) for o in facts.orgs],
            "platforms": list(platforms.values()),
            "agreements": list(agreements.values()),
            "registrations": registrations,
        }
    return card


def unit_scorecard(
    store: Store,
    unit_id: str,
    start: str,
    end: str,
    *,
    on: str | None = None,
    weights: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """A unit's scorecard for ``start``–``end`` (ISO dates, both included)."""
    _check_period(start, end)
    found = store.unit_activity([unit_id])
    if not found:
        raise NotFound(NODE_TYPES["Unit"].zh, unit_id)
    return unit_card(found[0], start, end, on or today(), weights)


def area_scorecard(
    store: Store,
    code: str,
    start: str,
    end: str,
    *,
    on: str | None = None,
    weights: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """A community's or street's scorecard, the other direction: the loop's figures of the needs
    raised in it in the period, its platforms' members, its agreements, the evaluations units
    (or party orgs) gave it or its party orgs; other areas' evaluations do not count here."""
    from gongjian.queries.loop import report

    _check_period(start, end)
    area = resolve(store, code, ("Area",))
    return _area_card(
        store, area, start, end, on or today(), weights, report(store, area.id, start, end, on=on)
    )


_LOOP_FIGURES = ("raised", "done", "done_rate", "mean_days_to_done", "overdue", "rated", "satisfaction_rate")


def _area_card(
    store: Store,
    area: Node,
    start: str,
    end: str,
    day: str,
    weights: Mapping[str, float] | None,
    figures: Mapping[str, Any],
) -> dict[str, Any]:
    weights = dict(weights or AREA_WEIGHTS)
    around = store.neighbours("Area", area.id, ("AT", "SIGNED", "BUILT_IN", "EVALUATES"), "in")
    orgs = sorted(
        (n for r, n in around if r.type == "BUILT_IN" and n.label == "PartyOrg"), key=lambda n: n.id
    )
    signed = [(r, n) for r, n in around if r.type == "SIGNED"]
    evaluations = [n for r, n in around if r.type == "EVALUATES"]
    for org in orgs:
        for r, n in store.neighbours("PartyOrg", org.id, ("SIGNED", "EVALUATES"), "both"):
            if r.type == "SIGNED":
                signed.append((r, n))
            else:
                evaluations.append(n)
    platforms = []
    members = 0
    for _, platform in sorted((x for x in around if x[0].type == "AT"), key=lambda x: x[1].id):
        current_members = [
            r
            for r, _ in store.neighbours("Platform", platform.id, ("MEMBER_OF",), "in")
            if current(r.props, end)
        ]
        joined = sum(1 for r in current_members if _in(r.props.get("since"), start, end))
        members += len(current_members)
        platforms.append(
            {
                **ref_json(platform),
                "kind": platform.props.get("kind"),
                "kind_zh": PLATFORM_KIND.zh(platform.props.get("kind") or ""),
                "members": len(current_members),
                "joined": joined,
            }
        )
    agreements = {n.id: n for _, n in signed if n.label == "Agreement"}
    in_force_ = sorted(a for a, n in agreements.items() if in_force(n.props, end))
    signed_in = sorted(a for a, n in agreements.items() if _in(n.props.get("signed"), start, end))
    unique_evals = list({e.id: e for e in evaluations}.values())
    evaluators = store.labels_of({str(e.props.get("evaluator")) for e in unique_evals})
    unique_evals = [
        e
        for e in unique_evals
        if any(label in AREA_EVALUATORS for label in evaluators.get(str(e.props.get("evaluator")), ()))
    ]
    grades = grade_counts(unique_evals, start, end)
    parts: dict[str, Any] = {k: figures.get(k) for k in _LOOP_FIGURES}
    parts.update(
        committee_members=members,
        agreements_in_force=len(in_force_),
        agreements_signed=len(signed_in),
        evaluations=grades,
    )
    raised = figures.get("raised") or 0
    normalised = {
        "done_rate": figures.get("done_rate") or 0.0,
        "satisfaction_rate": figures.get("satisfaction_rate") or 0.0,
        "committee_members": saturate("committee_members", members),
        "agreements_in_force": saturate("agreements_in_force", len(in_force_)),
        "evaluations": evaluation_value(grades),
        "overdue_rate": ratio(figures.get("overdue") or 0, raised) or 0.0,
    }
    return {
        "id": area.id,
        "label": "Area",
        "name": display_name("Area", area.props),
        "level": area.props.get("level"),
        "period": {"from": start, "to": end},
        "score": score(normalised, weights),
        "parts": parts,
        "normalised": normalised,
        "weights": weights,
        "penalties": sorted(k for k in weights if k in PENALTIES),
        "behind": {
            "platforms": platforms,
            "agreements": [
                {
                    **ref_json(agreements[a]),
                    "signed": agreements[a].props.get("signed"),
                    "expires": agreements[a].props.get("expires"),
                }
                for a in in_force_
            ],
        },
    }


def rank(
    store: Store,
    area: str,
    kind: str,
    start: str,
    end: str,
    *,
    on: str | None = None,
    weights: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """A ranking (红黑榜) of the units sitting in or linked to an area, or of its communities
    and villages: best score first (ties by id, sharing a rank), each with its parts."""
    from gongjian.queries.loop import report

    _check_period(start, end)
    if kind not in ("unit", "community"):
        raise ValueError(f"未知的排名对象 {kind}；应为 unit（驻区单位）或 community（社区、村）")
    root = resolve(store, area, ("Area",))
    codes = store.subtree(root.id)
    day = on or today()
    cards: list[dict[str, Any]] = []
    if kind == "unit":
        for facts in store.unit_activity(store.area_units(codes)):
            cards.append(unit_card(facts, start, end, day, weights, behind=False))
    else:
        from gongjian.queries.loop import overdue

        late = {e["need"] for e in overdue(store, day)}
        areas = store.get_nodes("Area", codes)
        for code in sorted(c for c, p in areas.items() if p.get("level") in COMMUNITY_LEVELS):
            figures = report(store, code, start, end, on=day, late=late)
            cards.append(
                _area_card(store, Node("Area", code, areas[code]), start, end, day, weights, figures)
            )
    cards.sort(key=lambda c: (-c["score"], c["id"]))
    top, bottom = boards(len(cards))
    ranking = []
    for i, card in enumerate(cards):
        position = i + 1 if i == 0 or card["score"] != cards[i - 1]["score"] else ranking[-1]["rank"]
        board = None
        if top and card["score"] >= cards[top - 1]["score"] and card["score"] > cards[-1]["score"]:
            board = "red"  # ties with the last of the top share it; never the worst score
        elif bottom and card["score"] <= cards[len(cards) - bottom]["score"]:
            board = "black"
        ranking.append(
            {
                "rank": position,
                "id": card["id"],
                "name": card["name"],
                "score": card["score"],
                "board": board,
                "parts": card["parts"],
                "normalised": card["normalised"],
            }
        )
    return {
        "area": ref_json(root),
        "kind": kind,
        "period": {"from": start, "to": end},
        "weights": dict(weights or (UNIT_WEIGHTS if kind == "unit" else AREA_WEIGHTS)),
        "ranking": ranking,
    }


def boards(n: int) -> tuple[int, int]:
    """How many rows of a ranking of ``n`` are on the 红榜 (top) and on the 黑榜 (bottom): a
    tenth each, at least one and at most ten, none when fewer than two are ranked. Rows with
    the same score as the last of either board are on it too; the worst score is never 红榜."""
    if n < 2:
        return 0, 0
    k = min(10, max(1, n // 10))
    return k, k


def _check_period(start: str, end: str) -> None:
    if not start or not end:
        raise ValueError("请给出考核期间：--from 与 --to")
    if start > end:
        raise ValueError(f"考核期间开始日期 {start} 晚于结束日期 {end}")
