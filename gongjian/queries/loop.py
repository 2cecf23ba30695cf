"""The loop (闭环): escalation by deadline, a need's history, residents' verdicts, and an
area's figures — judged with :mod:`gongjian.rules.loop`, the same way for both stores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from gongjian.graph.store import ChangeSet, Conflict, Node, NotFound, Rel, Store
from gongjian.model import HANDLING_LEVEL, RATING
from gongjian.queries.common import ref_json, resolve, today
from gongjian.rules.lists import project_active
from gongjian.rules.loop import (
    DUE_DAYS,
    ESCALATING_STATUS,
    HANDLING_LEVELS,
    LEVEL_RANK,
    RETURNS,
    UNDER_WAY,
    Escalation,
    Monthly,
    Policy,
    days_after,
    days_between,
    done_rate,
    escalations,
    event_key,
    event_order,
    project_due,
    satisfaction_rate,
    start_level,
    status_action,
)


def event(
    need: str,
    date: str,
    action: str,
    *,
    level: str | None = None,
    actor: str | None = None,
    note: str | None = None,
    **extra: Any,
) -> tuple[str, dict[str, Any]]:
    """A new event of a need: its key and properties (appended; the same event twice is one)."""
    props = {
        "need": need,
        "date": date,
        "action": action,
        "level": level,
        "actor": actor,
        "note": note,
        **extra,
    }
    props = {k: v for k, v in props.items() if v is not None}
    return event_key(props), props


def add_events(changes: ChangeSet, events: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Put events into a change set with their CONCERNS relationships."""
    for key, props in events:
        changes.nodes.setdefault("Event", {})[key] = props
        changes.rels.append(Rel("CONCERNS", ("Event", key), ("Need", props["need"])))


def move_needs(
    changes: ChangeSet, needs: list[Node], status: str, day: str, *, actor: str | None = None
) -> None:
    """Put needs' moves to ``status`` into a change set, each with its event (办结 sets the
    done date); a need already there is left as it is."""
    for need in needs:
        action = status_action(need.props.get("status"), status)
        if action is None:
            continue
        patch: dict[str, Any] = {"status": status}
        if status == "done":
            patch["done_on"] = day
        changes.nodes.setdefault("Need", {}).setdefault(need.id, {}).update(patch)
        level = need.props.get("level")
        add_events(changes, [event(need.id, day, action, level=level, actor=actor)])


def need_levels(store: Store, needs: list[Node]) -> dict[str, str]:
    """Each need's handling level: its own, else the level its area starts it at."""
    missing = [n for n in needs if not n.props.get("level")]
    levels = {n.id: n.props["level"] for n in needs if n.props.get("level")}
    if not missing:
        return levels
    areas = store.get_nodes("Area", {n.props.get("area") for n in missing if n.props.get("area")})
    parents = store.get_nodes("Area", {a.get("parent") for a in areas.values() if a.get("parent")})
    known = {**parents, **areas}
    return levels | {n.id: start_level(n.props.get("area"), known) for n in missing}


def run(store: Store, as_of: str, policy: Policy | None = None, *, dry_run: bool = False) -> dict[str, Any]:
    """Escalate every open need whose deadline passed before ``as_of`` (one event per level,
    dated on the deadline), and list the needs under way past their due date. Running it
    again for the same day changes nothing; all of it is written in one transaction."""
    policy = policy or Monthly()
    _, needs = store.find_nodes("Need", {"status": ESCALATING_STATUS})
    levels = need_levels(store, needs)
    moved: list[dict[str, Any]] = []
    changes = ChangeSet()
    for need in needs:
        raised = need.props.get("raised") or as_of
        level = levels[need.id]
        steps = escalations(need.id, level, raised, need.props.get("level_since") or raised, policy, as_of)
        if not steps:
            continue
        highest = max(steps[-1].to, need.props.get("highest_level") or level, key=LEVEL_RANK.__getitem__)
        changes.nodes.setdefault("Need", {})[need.id] = {
            "level": steps[-1].to,
            "level_since": steps[-1].date,
            "highest_level": highest,
        }
        add_events(changes, (event(need.id, s.date, "escalated", level=s.to, note=_moved(s)) for s in steps))
        moved += [{"need": s.need, "from": s.frm, "to": s.to, "date": s.date} for s in steps]
    if changes.nodes and not dry_run:
        store.apply(changes)
    return {
        "as_of": as_of,
        "policy": policy.describe(),
        "dry_run": dry_run,
        "escalated": moved,
        "overdue": overdue(store, as_of),
    }


def _moved(step: Escalation) -> str:
    return f"{HANDLING_LEVEL.zh(step.frm)}级时限已过无人认领，上报{HANDLING_LEVEL.zh(step.to)}级"


def overdue(store: Store, as_of: str) -> list[dict[str, Any]]:
    """Needs under way past their due date (逾期, for 督办): their active project's planned
    date, or 30 days after it started; a need residents sent back, 30 days after the verdict."""
    found: dict[str, dict[str, Any]] = {}
    for status in UNDER_WAY:
        _, projects = store.find_nodes("Project", {"status": status})
        for project in projects:
            due = project_due(project.props)
            if due and due < as_of:
                for need in project.props.get("needs") or ():
                    entry = {
                        "need": need,
                        "project": project.id,
                        "due": due,
                        "days_over": days_between(due, as_of),
                    }
                    if need not in found or entry["due"] < found[need]["due"]:
                        found[need] = entry
    under_way = {n.id: n for status in UNDER_WAY for n in store.find_nodes("Need", {"status": status})[1]}
    for need in under_way.values():
        due = need.props.get("due")
        if due and due < as_of and need.id not in found:
            found[need.id] = {
                "need": need.id,
                "project": None,
                "due": due,
                "days_over": days_between(due, as_of),
            }
    return sorted(
        (e for e in found.values() if e["need"] in under_way), key=lambda e: (-e["days_over"], e["need"])
    )


def history(store: Store, need_id: str, *, policy: Policy | None = None) -> dict[str, Any]:
    """A need's events in order, its status, level and deadline (the level's, while it is open;
    the due date, while it is under way)."""
    need = store.get_node("Need", need_id)
    if need is None:
        raise NotFound("需求", need_id)
    level = need_levels(store, [need])[need.id]
    status = need.props.get("status") or "open"
    events = sorted(
        (n.props for _, n in store.neighbours("Need", need_id, ("CONCERNS",), "in")), key=event_order
    )
    deadline = None
    if status == ESCALATING_STATUS:
        raised = need.props.get("raised") or today()
        deadline = (policy or Monthly()).deadline(raised, level, need.props.get("level_since") or raised)
    elif status in UNDER_WAY:
        deadline = need.props.get("due") or min(
            (
                d
                for _, p in store.neighbours("Need", need_id, ("ADDRESSES",), "in")
                if project_active(p.props) and (d := project_due(p.props))
            ),
            default=None,
        )
    return {
        "need": ref_json(need),
        "status": status,
        "level": level,
        "deadline": deadline,
        "events": [
            {k: e.get(k) for k in ("date", "action", "level", "actor", "note", "rating")} for e in events
        ],
    }


def rate(
    store: Store,
    need_id: str,
    rating: str,
    *,
    on: str | None = None,
    comment: str | None = None,
    person: str | None = None,
) -> dict[str, Any]:
    """Residents' verdict (评价) on a done need. 不满意 sends it back to in-progress (退回), due
    again 30 days after the verdict; its project stays done."""
    code = RATING.parse(rating)
    if code is None:
        raise ValueError(f"未知的评价 {rating}；应为 {RATING.words()}")
    day = on or today()
    need = store.get_node("Need", need_id)
    if need is None:
        raise NotFound("需求", need_id)
    status = need.props.get("status") or "open"
    if status != "done":
        raise Conflict(f"需求 {need_id} 尚未办结（{status}），不能评价")
    done_on = need.props.get("done_on")
    if done_on and day < done_on:
        raise Conflict(f"评价日期 {day} 早于需求 {need_id} 的办结日期 {done_on}")
    level = need_levels(store, [need])[need.id]
    rated = event(need_id, day, "rated", level=level, note=comment, rating=code, person=person)
    patch: dict[str, Any] = {"rating": code, "rated_on": day}
    changes = ChangeSet(nodes={"Need": {need_id: patch}})
    events = [rated]
    if code == RETURNS:
        patch.update(status="in_progress", due=days_after(day, DUE_DAYS))
        events.append(event(need_id, day, "returned", level=level, note="居民不满意，退回重办"))
    add_events(changes, events)
    store.apply(changes)
    return history(store, need_id)


def report(
    store: Store, area: str, start: str, end: str, *, on: str | None = None, late: set[str] | None = None
) -> dict[str, Any]:
    """An area's loop figures over the needs raised in it (and below) from ``start`` to ``end``,
    with the same per child area. ``late``: the needs overdue on ``on`` (:func:`overdue`), when
    the caller reports on many areas and has them already."""
    root = resolve(store, area, ("Area",))
    codes = store.subtree(root.id)
    areas = store.get_nodes("Area", codes)
    _, needs = store.find_nodes("Need", areas=codes)
    needs = [n for n in needs if start <= (n.props.get("raised") or "") <= end]
    if late is None:
        late = {e["need"] for e in overdue(store, on or today())}
    levels = need_levels(store, needs)
    starts = _start_levels(needs, areas)
    below: dict[str, str] = {}  # area code → the child of root it lies under
    for child in sorted(c for c, p in areas.items() if p.get("parent") == root.id):
        for code in store.subtree(child):
            below[code] = child
    out = {"area": ref_json(root), "from": start, "to": end, **_figures(needs, levels, starts, late)}
    out["months"] = _months(needs, start, end)
    out["children"] = [
        {
            "area": {"id": child, "label": "Area", "name": areas[child].get("name")},
            **_figures(
                [n for n in needs if below.get(n.props.get("area") or "") == child], levels, starts, late
            ),
        }
        for child in sorted(c for c, p in areas.items() if p.get("parent") == root.id)
    ]
    return out


def _months(needs: list[Node], start: str, end: str) -> list[dict[str, Any]]:
    """Needs raised per month (by raised date) and done per month (by done date), for the
    period's months and any later month a need of the period was done in."""
    raised = Counter(n.props["raised"][:7] for n in needs)
    done = Counter(
        n.props["done_on"][:7] for n in needs if n.props.get("status") == "done" and n.props.get("done_on")
    )
    last = max([end[:7], *done])
    year, month = int(start[:4]), int(start[5:7])
    out = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        out.append({"month": key, "raised": raised[key], "done": done[key]})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _start_levels(needs: list[Node], areas: dict[str, dict]) -> dict[str, str]:
    return {n.id: start_level(n.props.get("area"), areas) for n in needs}


def _figures(
    needs: list[Node], levels: dict[str, str], starts: dict[str, str], late: set[str]
) -> dict[str, Any]:
    done = [n for n in needs if n.props.get("status") == "done"]
    closed = sum(1 for n in needs if n.props.get("status") == "closed")
    days = [days_between(n.props["raised"], n.props["done_on"]) for n in done if n.props.get("done_on")]
    highest = {
        n.id: max(levels[n.id], n.props.get("highest_level") or starts[n.id], key=LEVEL_RANK.__getitem__)
        for n in needs
    }
    escalated = [n for n in needs if LEVEL_RANK[highest[n.id]] > LEVEL_RANK[starts[n.id]]]
    rated = [n for n in needs if n.props.get("rating")]
    return {
        "raised": len(needs),
        "done": len(done),
        "closed": closed,
        "done_rate": done_rate(n.props.get("status") for n in needs),
        "mean_days_to_done": round(sum(days) / len(days), 1) if days else None,
        "escalated": len(escalated),
        "highest_level": {lv: sum(1 for n in needs if highest[n.id] == lv) for lv in HANDLING_LEVELS},
        "solved_at_grid": sum(1 for n in done if starts[n.id] == "grid" and highest[n.id] == "grid"),
        "open": sum(1 for n in needs if (n.props.get("status") or "open") == "open"),
        "overdue": sum(1 for n in needs if n.id in late),
        "rated": len(rated),
        "satisfaction_rate": satisfaction_rate(n.props["rating"] for n in rated),
    }
