"""Linkage (联结): which platforms, memberships and agreements link a unit to a community,
how strongly, and how a need's walk up the territory is taken (docs/domain.md, "Linkage")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: Platform kinds that are a community's big party committee (社区大党委).
COMMITTEE_KINDS: tuple[str, ...] = ("big_committee",)
#: Platform kinds that are a street's alliance or big working committee (党建联盟, 大工委).
STREET_PLATFORM_KINDS: tuple[str, ...] = ("alliance", "big_working_committee")
#: Platform kinds that are a joint conference (党建联席会议): no linkage of their own.
CONFERENCE_KINDS: tuple[str, ...] = ("joint_conference",)

#: Linkage kinds, strongest first, with their strength and Chinese word.
LINK_KINDS: dict[str, tuple[float, str]] = {
    "big_committee": (1.0, "社区大党委成员"),
    "agreement": (0.85, "共建协议"),
    "alliance": (0.7, "街道党建联盟/大工委成员"),
    "registration": (0.6, "双报到"),
    "proximity": (0.4, "属地/服务范围"),
}
KIND_ORDER: dict[str, int] = {kind: i for i, kind in enumerate(LINK_KINDS)}

#: Linkage paths between two nodes (GET /api/paths) run through organisations, areas,
#: platforms, agreements, resources, projects and needs; people, documents, events and
#: evaluations may only be their ends, and records' relationships (提及, 流转, 评议) link nothing.
PATH_SKIP_LABELS = frozenset({"Person", "Document", "Event", "Evaluation"})
PATH_SKIP_TYPES = frozenset({"MENTIONS", "CONCERNS", "EVALUATED_BY", "EVALUATES"})
#: Of linkage paths of one length, those through a platform come first (membership of the same
#: committee or alliance), then through an agreement, a party organisation, and so on.
PATH_VIA_ORDER: tuple[str, ...] = (
    "Platform",
    "Agreement",
    "PartyOrg",
    "Unit",
    "Area",
    "Resource",
    "Project",
    "Need",
)


def path_order(nodes: Sequence[tuple[str, str]]) -> tuple:
    """How linkage paths are listed: shorter first, then by the strongest kind of node they pass
    through (:data:`PATH_VIA_ORDER`), then by their nodes."""
    inner = [PATH_VIA_ORDER.index(label) for label, _ in nodes[1:-1] if label in PATH_VIA_ORDER]
    return (len(nodes), min(inner, default=len(PATH_VIA_ORDER)), tuple(nodes))


Window = tuple[str | None, str | None]
"""When a link holds: from a date until a date, both inclusive, ISO strings (None or empty: open)."""


def within(window: Window, day: str) -> bool:
    """Whether ``day`` lies in a window (``(since, until)`` or ``(signed, expires)``)."""
    start, end = window
    return (not start or start <= day) and (not end or end >= day)


def current(props: dict, day: str) -> bool:
    """A membership is current from ``since`` (if any) until ``until`` (if any), inclusive."""
    return within((props.get("since"), props.get("until")), day)


def in_force(props: dict, day: str) -> bool:
    """An agreement is in force from signing until it expires (open-ended when no date)."""
    return within((props.get("signed"), props.get("expires")), day)


def area_chain(start: str | None, parents: Mapping[str, Sequence[str]]) -> list[str]:
    """An area and its ancestors, nearest first, from each area's parent codes.

    An area has one parent; should it have several, the smallest code is followed. The walk
    stops at an area it does not know or has seen (a cycle in a hand-edited file).
    """
    chain: list[str] = []
    code = start
    while code is not None and code in parents and code not in chain:
        chain.append(code)
        code = min(parents[code], default=None)
    return chain


def walk_rank(stage: int, path: Sequence[tuple[str, str]]) -> tuple[int, int, Sequence[tuple[str, str]]]:
    """Which of several walks for one (resource, kind) a need keeps: the smallest rank.

    The stage first (a proximity walk through the street's own areas, stage 0, before one
    through a service scope, stage 1; every other kind has stage 0), then the shorter walk
    (a unit that is a member itself before one through its party org; a nearer service area
    before a farther one), then the smaller node sequence. Whatever order a store finds the
    walks in, the same one is kept.
    """
    return (stage, len(path), path)
