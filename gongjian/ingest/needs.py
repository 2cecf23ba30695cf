"""What an ingest completes of the needs it writes (the loop, docs/domain.md): a done need's
done date from its done projects, a new need's handling level from its area, and the events
of needs raised or moved on by the ledger (unless the ledger gave the need's history)."""

from __future__ import annotations

from typing import Any

from gongjian.graph.store import ChangeSet, Store
from gongjian.queries.loop import add_events, event
from gongjian.rules.loop import (
    DUE_DAYS,
    LEVEL_RANK,
    RETURNS,
    days_after,
    event_order,
    start_level,
    status_action,
)

#: The labels whose patches :func:`complete_needs` changes in place (it only sets properties);
#: of the others it only adds nodes, and relationships at the end of ``rels``.
COMPLETED = ("Need",)


def complete_needs(changes: ChangeSet, store: Store, day: str) -> None:
    """Fill in the change set's needs and append their events (see the module)."""
    verdicts: dict[str, dict] = {}  # need → its latest verdict in the dataset
    for e in changes.nodes.get("Event", {}).values():
        if e.get("action") == "rated" and e["date"] >= verdicts.get(e["need"], {}).get("date", ""):
            verdicts[e["need"]] = e
    needs: dict[str, dict[str, Any]] = changes.nodes.get("Need", {})
    for need_id in verdicts.keys() - needs.keys():  # a verdict on a need the dataset does not list
        needs[need_id] = {}
    if not needs:
        return
    changes.nodes["Need"] = needs
    stored = store.get_nodes("Need", list(needs))
    history: dict[str, list[dict]] = {}  # need → the events the ledger kept (verdicts aside)
    for e in changes.nodes.get("Event", {}).values():
        if e.get("action") != "rated":
            history.setdefault(e["need"], []).append(e)
    finished: dict[str, str] = {}
    for project in changes.nodes.get("Project", {}).values():
        if project.get("status") == "done" and project.get("finished"):
            for need in project.get("needs") or ():
                finished[need] = max(finished.get(need, ""), project["finished"])
    areas = _areas(changes, store, [p.get("area") for i, p in needs.items() if i not in stored])
    events: list[Event] = []
    for need_id, patch in needs.items():
        before = stored.get(need_id)
        merged = {**(before or {}), **{k: v for k, v in patch.items() if v is not None}}
        if merged.get("status") == "done" and not merged.get("done_on") and need_id in finished:
            patch["done_on"] = merged["done_on"] = finished[need_id]
        _level(patch, merged, before, history.get(need_id, []), areas)
        events += _verdict(need_id, patch, merged, verdicts.get(need_id))
        if need_id not in history:
            events += _moves(need_id, merged, before, day)
    add_events(changes, events)


Event = tuple[str, dict[str, Any]]


def _level(patch: dict, merged: dict, before: dict | None, kept: list[dict], areas: dict[str, dict]) -> None:
    """A need's level: the ledger's, else its history's latest, else (new) where its area starts it."""
    levelled = sorted((e for e in kept if e.get("level")), key=event_order)
    if levelled:
        highest = max((e["level"] for e in levelled), key=LEVEL_RANK.__getitem__)
        patch["highest_level"] = max(
            highest, merged.get("highest_level") or highest, key=LEVEL_RANK.__getitem__
        )
        if not patch.get("level"):
            patch["level"] = merged["level"] = levelled[-1]["level"]
    if before is None and not merged.get("level"):
        patch["level"] = merged["level"] = start_level(merged.get("area"), areas)


def _verdict(need_id: str, patch: dict, merged: dict, verdict: dict | None) -> list[Event]:
    """The latest verdict the ledger gives counts; 不满意 on a done need sends it back, unless
    it was given on an earlier completion (the need has been done again since)."""
    if not verdict or verdict["date"] < (merged.get("rated_on") or ""):
        return []
    patch.update(rating=verdict["rating"], rated_on=verdict["date"])
    if verdict["rating"] != RETURNS or merged.get("status") != "done":
        return []
    if verdict["date"] < (merged.get("done_on") or ""):
        return []
    patch.update(status="in_progress", due=days_after(verdict["date"], DUE_DAYS))
    return [
        event(need_id, verdict["date"], "returned", level=merged.get("level"), note="居民不满意，退回重办")
    ]


def _moves(need_id: str, merged: dict, before: dict | None, day: str) -> list[Event]:
    """The events of a need the ledger raised or moved on, for a ledger that kept no history."""
    level, status = merged.get("level"), merged.get("status") or "open"
    done_on = merged.get("done_on") if status == "done" else None
    if before is None:
        raised = [event(need_id, merged.get("raised") or day, "raised", level=level)]
        return raised + ([event(need_id, done_on, "done", level=level)] if done_on else [])
    action = status_action(before.get("status"), status)
    return [] if action is None else [event(need_id, done_on or day, action, level=level, note="台账导入")]


def _areas(changes: ChangeSet, store: Store, codes: list[str | None]) -> dict[str, dict]:
    """The areas named and their parents, from the dataset first, then the store."""
    ours = changes.nodes.get("Area", {})
    found: dict[str, dict] = {}
    wanted = {c for c in codes if c}
    for _ in range(2):  # the areas, then their parents
        missing = [c for c in wanted if c not in found and c not in ours]
        found.update({c: ours[c] for c in wanted if c in ours})
        found.update(store.get_nodes("Area", missing) if missing else {})
        wanted = {p.get("parent") for p in found.values() if p.get("parent")} - set(found)
    return found
