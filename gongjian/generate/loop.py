"""A generated need's history (闭环, docs/domain.md "The loop"): when it was taken and at which
level, the levels it climbed while nobody took it, when it was done or closed, residents'
verdict, and the events (流转记录) and feedback (评价) rows that tell it.

A need's life is drawn whole (its fate, the level it is taken at, the days it takes), then
cut at the ledger's day: what happens later is not written. Escalations follow the monthly
policy of :mod:`gongjian.rules.loop` (one event per deadline passed while open, dated on
it), so ``gongjian loop run`` on the same day moves nothing. A 不满意 verdict leaves the need
已办结 in needs.csv with its 退回 event in events.csv, the very event ingest makes when it
sends the need back to 办理中 (the same row is one event).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongjian.generate.ledgers import words
from gongjian.generate.words.loop import (
    CLAIMED_BY_LEVEL,
    CLAIMED_BY_UNIT,
    CLOSED_DAYS,
    CLOSED_NOTES,
    COMMENT_SHARE,
    COMMENTS,
    DISPATCHED_NOTES,
    DONE_NOTES,
    ESCALATED_NOTE,
    FATE_WEIGHTS,
    FATES,
    PLANNED_DAYS,
    RAISED_NOTES,
    RATED_DAYS_MEAN,
    RATED_SHARE,
    RATING_WEIGHTS,
    RATINGS,
    RETURNED_NOTE,
    SLOW_DAYS,
    SLOW_SHARE,
    TAKEN_AT,
    UNDER_WAY_AFTER,
    WORK_DAYS_MEAN,
)
from gongjian.model import EVENT_ACTION, HANDLING_LEVEL, RATING
from gongjian.rules.loop import HANDLING_LEVELS, LEVEL_RANK, RETURNS, Monthly

if TYPE_CHECKING:
    from gongjian.generate.run import Run

_LEVEL = words(HANDLING_LEVEL)
_ACTION = words(EVENT_ACTION)
_RATING = words(RATING)
_ESCALATED = tuple(
    ESCALATED_NOTE.format(frm=_LEVEL[a], to=_LEVEL[b]) for a, b in itertools.pairwise(HANDLING_LEVELS)
)
_LEVELS = range(len(HANDLING_LEVELS))


@dataclass(slots=True)
class Life:
    """A need's life as of the ledger's day (days as ordinals; None: not yet, or never)."""

    raised: int
    start: int  # the level it starts at (index in HANDLING_LEVELS)
    level: int  # the level it is at on the ledger's day
    escalated: list[int]  # the day of each move up, one level each
    taken: int | None
    done: int | None
    closed: int | None
    status: str  # open, claimed, in_progress, done, closed

    @property
    def level_code(self) -> str:
        return HANDLING_LEVELS[self.level]


class Loop:
    """The histories of one generation (its ``run``): deadlines and dates cached by day."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.r = run.rng
        self.as_of = run.as_of.toordinal()
        self.policy = Monthly()
        self._iso: dict[int, str] = {}
        self._deadlines: dict[int, tuple[int, ...]] = {}

    def iso(self, day: int) -> str:
        s = self._iso.get(day)
        if s is None:
            s = self._iso[day] = dt.date.fromordinal(day).isoformat()
        return s

    def deadlines(self, raised: int) -> tuple[int, ...]:
        """The last day of the grid, the community and the street for a need raised on ``raised``."""
        found = self._deadlines.get(raised)
        if found is None:
            day = self.iso(raised)
            found = self._deadlines[raised] = tuple(
                dt.date.fromisoformat(self.policy.deadline(day, lv, day)).toordinal()  # type: ignore[arg-type]
                for lv in HANDLING_LEVELS[:-1]
            )
        return found

    def live(self, raised_ago: int, start: str, force: str = "") -> Life:
        """A need raised ``raised_ago`` days ago at level ``start``. ``force``: "done" (done by
        the ledger's day, at its own level), "stalled" (taken at its own level, under way for some
        days, not done) or "untaken" (open)."""
        r, today = self.r, self.as_of
        raised = today - raised_ago
        i0 = LEVEL_RANK[start]
        dl = self.deadlines(raised)
        fate = force or r.choices(FATES, FATE_WEIGHTS)[0]
        taken = done = closed = None
        if fate in ("done", "stalled"):
            at = i0 if force else r.choices(_LEVELS, TAKEN_AT[start])[0]
            first = raised if at == i0 else dl[at - 1] + 1
            if at == len(HANDLING_LEVELS) - 1:
                taken = first + int(r.expovariate(0.15))
            else:  # early in the window: most are taken in the first days
                taken = first + int((dl[at] - first + 1) * r.random() ** (3 if at == i0 else 1.5))
            if force:
                taken = max(raised, min(taken, today - (UNDER_WAY_AFTER if fate == "stalled" else 0)))
            if fate == "done":
                slow = r.random() < SLOW_SHARE
                work = r.randint(*SLOW_DAYS) if slow else int(r.expovariate(1 / WORK_DAYS_MEAN))
                done = min(taken + work, today) if force else taken + work
        elif fate == "closed":
            closed = raised + r.randint(*CLOSED_DAYS)
        stop = today
        for day in (taken, closed):
            if day is not None and day <= today:
                stop = day
        level, moves = i0, []
        while level < len(dl) and dl[level] < stop:
            moves.append(dl[level])
            level += 1
        if closed is not None and closed <= today:
            status = "closed"
        elif taken is None or taken > today:
            status = "open"
        elif done is not None and done <= today:
            status = "done"
        else:
            status = "claimed" if today - taken < UNDER_WAY_AFTER else "in_progress"
        return Life(
            raised,
            i0,
            level,
            moves,
            taken if status != "open" else None,
            done if status == "done" else None,
            closed if status == "closed" else None,
            status,
        )

    def planned(self, life: Life) -> int:
        """The day a project taking the need is planned to end (计划完成日期)."""
        assert life.taken is not None
        return life.taken + self.r.choice(PLANNED_DAYS)

    def record(self, need: str, life: Life, area: str, community: str, unit: str = "") -> None:
        """The events of ``need`` and residents' verdict on it. ``area``: where it was raised (a
        grid, block or community); ``unit``: the unit whose project took it, if one did."""
        r, emit, iso = self.r, self.run.emit, self.iso
        start = life.start
        emit(
            "events",
            need=need,
            date=iso(life.raised),
            action=_ACTION["raised"],
            level=_LEVEL[HANDLING_LEVELS[start]],
            actor=area,
            note=r.choice(RAISED_NOTES),
        )
        for k, day in enumerate(life.escalated):
            emit(
                "events",
                need=need,
                date=iso(day),
                action=_ACTION["escalated"],
                level=_LEVEL[HANDLING_LEVELS[start + k + 1]],
                note=_ESCALATED[start + k],
            )
        level = _LEVEL[life.level_code]
        if life.closed is not None:
            emit(
                "events",
                need=need,
                date=iso(life.closed),
                action=_ACTION["closed"],
                level=level,
                actor=community,
                note=r.choice(CLOSED_NOTES),
            )
            return
        if life.taken is None:
            return
        taken = iso(life.taken)
        if unit:
            emit(
                "events",
                need=need,
                date=taken,
                action=_ACTION["dispatched"],
                level=level,
                actor=community,
                note=r.choice(DISPATCHED_NOTES),
            )
            actor, note = unit, r.choice(CLAIMED_BY_UNIT)
        else:
            actor = _level_area(life.level_code, area, community)
            note = r.choice(CLAIMED_BY_LEVEL[life.level_code])
        emit("events", need=need, date=taken, action=_ACTION["claimed"], level=level, actor=actor, note=note)
        if life.done is None:
            return
        emit(
            "events",
            need=need,
            date=iso(life.done),
            action=_ACTION["done"],
            level=level,
            actor=actor,
            note=r.choice(DONE_NOTES),
        )
        if r.random() >= RATED_SHARE:
            return
        rated = life.done + int(r.expovariate(1 / RATED_DAYS_MEAN))
        if rated > self.as_of:
            return
        rating = r.choices(RATINGS, RATING_WEIGHTS)[0]
        comment = r.choice(COMMENTS[rating]) if r.random() < COMMENT_SHARE else ""
        emit("feedback", need=need, date=iso(rated), rating=_RATING[rating], note=comment)
        if rating == RETURNS:  # back to 办理中: ingest sends it back with this very event
            emit(
                "events",
                need=need,
                date=iso(rated),
                action=_ACTION["returned"],
                level=level,
                note=RETURNED_NOTE,
            )


def _level_area(level: str, area: str, community: str) -> str:
    """The area whose staff handle a need at ``level`` (codes: docs of gongjian.generate)."""
    if level == "grid":
        return area[:15]
    if level == "community":
        return community
    if level == "street":
        return community[:9] + "000"
    return community[:6] + "000000"
