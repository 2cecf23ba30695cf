"""The three lists' statuses (三张清单): when a resource can take an order, which projects hold
its capacity, what counts as a unit's track record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: Resource statuses that take no order (停用, 已满); idle ones (闲置) do.
UNAVAILABLE: tuple[str, ...] = ("retired", "full")
#: Project statuses that hold one unit of a resource's capacity; a project without a status is claimed.
ACTIVE_PROJECT: tuple[str, ...] = ("claimed", "in_progress")
#: A project's status carries its needs along (cancelled: the need is open again).
NEED_FOR_PROJECT: dict[str, str] = {
    "claimed": "claimed",
    "in_progress": "in_progress",
    "done": "done",
    "cancelled": "open",
}

#: New projects' ids follow the ledgers' scheme (docs/format.md): PJ and a number, six digits at least.
PROJECT_ID_PREFIX = "PJ"


def ledger_project_id(number: int) -> str:
    """The project id of a number in the ledgers' scheme (``PJ000640``)."""
    return f"{PROJECT_ID_PREFIX}{number:06d}"


StatusCounts = Mapping[str | None, int]
"""How many projects have each status (None: a project without one)."""
UseCounts = Mapping[tuple[str | None, str | None], int]
"""How many projects have each (status, started)."""


def available(resource: Mapping) -> bool:
    """Whether a resource may take an order at all (its capacity aside)."""
    return (resource.get("status") or "available") not in UNAVAILABLE


def capacity(resource: Mapping) -> int:
    """Orders a resource takes a month (服务容量, default 1)."""
    return int(resource.get("capacity") or 1)


def project_active(project: Mapping) -> bool:
    """Whether a project is claimed or under way (a project without a status is claimed)."""
    return project.get("status", ACTIVE_PROJECT[0]) in ACTIVE_PROJECT


def holds_capacity(status: str | None, started: str | None, day: str) -> bool:
    """Whether a project holds one of its resource's orders in the month of ``day``: a
    resource's capacity (服务容量) is orders a month, so a project counts while it is claimed or
    under way and was started (claimed) in that month; one without a start date always counts."""
    if status is not None and status not in ACTIVE_PROJECT:
        return False
    return not started or started[:7] == day[:7]


def active_load(uses: UseCounts, day: str) -> int:
    """The orders a resource's projects hold in the month of ``day`` (see :func:`holds_capacity`),
    from the (status, started) of the projects that use it."""
    return sum(n for (status, started), n in uses.items() if holds_capacity(status, started, day))


def capacity_left(resource: Mapping, projects: Iterable[Mapping], day: str) -> int:
    """The orders a resource still takes in the month of ``day``, given the projects that use it."""
    held = sum(1 for p in projects if holds_capacity(p.get("status"), p.get("started"), day))
    return max(capacity(resource) - held, 0)


def done_count(statuses: StatusCounts) -> int:
    """A unit's track record: its completed projects, from the statuses of those it claimed."""
    return statuses.get("done", 0)


def satisfaction(verdicts: Mapping[tuple[str | None, str], int]) -> float:
    """Residents' satisfaction with a unit's work, for its track record: of the needs its done
    projects addressed, (satisfied + fair + 1) ÷ (rated + 1) — 1.0 without any verdict, lower
    with every dissatisfied one (one of one: 0.5)."""
    from gongjian.rules.loop import SATISFIED

    rated = sum(n for (status, _), n in verdicts.items() if status == "done")
    good = sum(n for (status, rating), n in verdicts.items() if status == "done" and rating in SATISFIED)
    return round((good + 1) / (rated + 1), 4)
