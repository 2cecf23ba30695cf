"""The loop (闭环): handling levels, deadlines and escalation, residents' verdicts, and the
figures planners supervise (DOMAIN.md, "The loop")."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from gongjian.model import content_key

#: Handling levels (办理层级), lowest first: a need moves up one at a time.
HANDLING_LEVELS: tuple[str, ...] = ("grid", "community", "street", "county")
LEVEL_RANK: dict[str, int] = {level: i for i, level in enumerate(HANDLING_LEVELS)}
#: The handling level of a need raised in an area of each territorial level (a block: see start_level).
AREA_HANDLING_LEVEL: dict[str, str] = {
    "grid": "grid",
    "community": "community",
    "village": "community",
    "street": "street",
    "township": "street",
    "county": "county",
}
#: Actions of a need's events (流转记录), in the order they happen on one day.
ACTIONS: tuple[str, ...] = (
    "raised",
    "dispatched",
    "claimed",
    "escalated",
    "done",
    "rated",
    "returned",
    "closed",
)
ACTION_RANK: dict[str, int] = {action: i for i, action in enumerate(ACTIONS)}
#: Needs that may escalate: nobody has taken them.
ESCALATING_STATUS = "open"
#: Needs whose project is under way: past their due date they are overdue (逾期).
UNDER_WAY: tuple[str, ...] = ("claimed", "in_progress")
#: Days a claim without a due date has, and a need sent back by residents has again.
DUE_DAYS = 30
#: Verdicts (评价) that count as satisfied in the satisfaction rate.
SATISFIED: tuple[str, ...] = ("satisfied", "fair")
#: A verdict that sends a done need back (退回).
RETURNS = "dissatisfied"


def start_level(area: str | None, areas: Mapping[str, Mapping]) -> str:
    """The level a need raised in ``area`` starts at, from that area's level or, for a block,
    its parent's (``areas``: code → properties, the area and its parent at least): a block
    counts as its grid, or as its community where it has no grid (or its parent is unknown)."""
    props = areas.get(area or "", {})
    above = areas.get(props.get("parent") or "", {})
    for level in (props.get("level"), above.get("level")):
        if level in AREA_HANDLING_LEVEL:
            return AREA_HANDLING_LEVEL[level]
    return "community"


def next_level(level: str) -> str | None:
    """The level above, or None at the county."""
    i = LEVEL_RANK.get(level, 0) + 1
    return HANDLING_LEVELS[i] if i < len(HANDLING_LEVELS) else None


def days_after(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def days_between(start: str, end: str) -> int:
    return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days


@dataclass(frozen=True)
class Monthly:
    """Ninglang's monthly cycle (the default): a need raised on or before the ``cutoff`` day is
    in that month's cycle, after it in the next month's; in its cycle month each level has it
    until its day (grid the 10th, community the 15th, street the 25th), then the county, which
    has no deadline."""

    name: str = "monthly"
    cutoff: int = 10
    until: Mapping[str, int] = field(default_factory=lambda: {"grid": 10, "community": 15, "street": 25})

    def deadline(self, raised: str, level: str, reached: str) -> str | None:
        day = self.until.get(level)
        if day is None:
            return None
        d = dt.date.fromisoformat(raised)
        if d.day <= self.cutoff:
            return dt.date(d.year, d.month, day).isoformat()
        return dt.date(d.year + d.month // 12, d.month % 12 + 1, day).isoformat()

    def describe(self) -> dict:
        return {"name": self.name, "cutoff": self.cutoff, "until": dict(self.until)}


@dataclass(frozen=True)
class Days:
    """Putian-style time limits (限时办结): a number of days at each level, counted from the day
    the need reached it. A level without a number has no deadline."""

    days: Mapping[str, int]
    name: str = "days"

    def deadline(self, raised: str, level: str, reached: str) -> str | None:
        n = self.days.get(level)
        return None if n is None else days_after(reached, n)

    def describe(self) -> dict:
        return {"name": self.name, "days": dict(self.days)}


Policy = Monthly | Days


@dataclass(frozen=True)
class Escalation:
    """A need moves from one level to the next, on the day the lower level's deadline passed."""

    need: str
    frm: str
    to: str
    date: str


def escalations(
    need: str, level: str, raised: str, reached: str, policy: Policy, as_of: str
) -> list[Escalation]:
    """Every move up an open need at ``level`` (reached on ``reached``) makes by ``as_of``: one
    per deadline that passed before ``as_of``, each dated on that deadline; none past the county."""
    moves: list[Escalation] = []
    while True:
        deadline = policy.deadline(raised, level, reached)
        up = next_level(level)
        if deadline is None or up is None or deadline >= as_of:
            return moves
        moves.append(Escalation(need, level, up, deadline))
        level, reached = up, deadline


def project_due(project: Mapping) -> str | None:
    """When a project should be done: its planned date, else 30 days after it started."""
    if project.get("due"):
        return project["due"]
    started = project.get("started")
    return days_after(started, DUE_DAYS) if started else None


def event_order(event: Mapping) -> tuple:
    """Events in the order they happened: by date, then by action, then by level."""
    return (
        event.get("date") or "",
        ACTION_RANK.get(event.get("action") or "", len(ACTIONS)),
        LEVEL_RANK.get(event.get("level") or "", -1),
    )


def done_when_rated(day: str, events: Iterable[Mapping]) -> bool:
    """Whether a need's events (流转记录) show it done when rated on ``day``: its last event
    before the verdict (verdicts aside; a send-back the same day comes after it) is a completion.
    So a need done, sent back and done again keeps the verdict on its first completion."""
    before = (day, ACTION_RANK["rated"])
    moves = [e for e in events if e.get("action") != "rated" and event_order(e)[:2] < before]
    return bool(moves) and max(moves, key=event_order).get("action") == "done"


def ratio(part: int, whole: int) -> float | None:
    """A rate rounded to four places, None when there is nothing to divide by."""
    return round(part / whole, 4) if whole > 0 else None


def done_rate(statuses: Iterable[str | None]) -> float | None:
    """办结率: needs done over needs raised, those closed without an answer left out."""
    counts = Counter(statuses)
    return ratio(counts["done"], sum(counts.values()) - counts["closed"])


def satisfaction_rate(ratings: Iterable[str | None]) -> float | None:
    """满意率: needs rated satisfied (or fair) over needs rated."""
    rated = [r for r in ratings if r]
    return ratio(sum(1 for r in rated if r in SATISFIED), len(rated))


def event_key(props: Mapping) -> str:
    """An event's key, from what it says (as the events ledger keys its rows): the same event
    given twice is one event."""
    return content_key("EV", dict(props))


#: The event a change of a need's status makes (from, to) → action; a change not listed makes
#: the action of its new status in STATUS_ACTION.
TRANSITION_ACTION: dict[tuple[str, str], str] = {
    ("claimed", "open"): "returned",
    ("in_progress", "open"): "returned",
    ("done", "in_progress"): "returned",
    ("done", "claimed"): "returned",
    ("done", "open"): "returned",
    ("claimed", "in_progress"): "dispatched",
}
STATUS_ACTION: dict[str, str] = {
    "open": "raised",
    "claimed": "claimed",
    "in_progress": "claimed",
    "done": "done",
    "closed": "closed",
}


def status_action(before: str | None, after: str) -> str | None:
    """The action a need's move from status ``before`` to ``after`` is recorded as (None: no move)."""
    before = before or "open"
    if before == after:
        return None
    return TRANSITION_ACTION.get((before, after), STATUS_ACTION.get(after))
