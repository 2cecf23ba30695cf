"""The three lists' statuses (三张清单): when a resource can take an order, which projects hold
its capacity, what counts as a unit's track record."""

from __future__ import annotations

from collections.abc import Mapping

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


def available(resource: Mapping) -> bool:
    """Whether a resource may take an order at all (its capacity aside)."""
    return (resource.get("status") or "available") not in UNAVAILABLE


def capacity(resource: Mapping) -> int:
    """Orders a resource takes at once (服务容量, default 1)."""
    return int(resource.get("capacity") or 1)


def project_active(project: Mapping) -> bool:
    """Whether a project holds its resources' capacity (claimed or under way)."""
    return project.get("status", ACTIVE_PROJECT[0]) in ACTIVE_PROJECT


def active_load(statuses: StatusCounts) -> int:
    """The capacity a resource's projects hold, from the statuses of the projects that use it."""
    return sum(n for status, n in statuses.items() if (status or "") in ACTIVE_PROJECT) + statuses.get(
        None, 0
    )


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
