"""The figures articles report, beside the graph's own count for the same place (数据对照).

A figure linked to an area, whose measure the graph counts (``graph`` in figures.toml), is
compared with the graph's count for that area and every area below it: in the year its
sentence gives (things dated in it: needs raised, projects started, registrations …; or, for
what stands, as at the year's end: platforms founded by then, memberships current then), else
as the data stand. Measures the graph cannot count, and figures without a place, are listed
with the reason and no comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gongjian.documents.figures import loads
from gongjian.documents.search import Entry, index
from gongjian.graph.store import Rel, Store
from gongjian.queries.common import ref_json, resolve, today
from gongjian.rules.figures import measures
from gongjian.rules.linkage import COMMITTEE_KINDS, CONFERENCE_KINDS, STREET_PLATFORM_KINDS, current
from gongjian.rules.loop import done_rate, satisfaction_rate

#: Platform kinds each platform measure counts.
PLATFORM_KINDS: dict[str, tuple[str, ...]] = {
    "committees": COMMITTEE_KINDS,
    "alliances": STREET_PLATFORM_KINDS,
    "joint_conferences": CONFERENCE_KINDS,
}
#: Area levels each area measure counts (below the place, not the place itself).
AREA_LEVELS: dict[str, str] = {"grids": "grid", "streets": "street", "communities": "community"}
#: Measures the graph counts the same whatever the year (areas and units carry no dates).
UNDATED = frozenset({*AREA_LEVELS, "units"})
#: Measures counted over the needs raised in the place.
NEED_MEASURES = frozenset({"needs_raised", "needs_done", "done_rate", "satisfaction_rate"})

AS_OF_DATA = "现有数据"


class _Counter:
    """The graph's counts for one request, each read once per (measure, area, year)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.memo: dict[tuple[str, str, int | None], int | float | None] = {}
        self.rels: dict[str, list[Rel]] = {}
        self.today = today()

    def count(self, graph: str, area: str, year: int | None) -> int | float | None:
        """The graph's count of ``graph`` (figures.toml) for an area and the areas below it."""
        key = (graph, area, None if graph in UNDATED else year)
        if key not in self.memo:
            self.memo[key] = self._count(graph, area, key[2])
        return self.memo[key]

    def _count(self, graph: str, area: str, year: int | None) -> int | float | None:
        codes = self.store.subtree(area)
        when = _Window(year, self.today)
        if graph in PLATFORM_KINDS:
            return self._platforms(PLATFORM_KINDS[graph], codes, when)
        if graph in AREA_LEVELS:
            areas = self.store.get_nodes("Area", codes)
            return sum(1 for c, p in areas.items() if c != area and p.get("level") == AREA_LEVELS[graph])
        counters: dict[str, Callable[[list[str], _Window], int | float | None]] = {
            "units": lambda codes, _: len(self.store.area_units(codes)),
            "members": self._members,
            "registrations": self._registrations,
            "agreements": self._agreements,
            "projects": self._projects,
        }
        if graph in counters:
            return counters[graph](codes, when)
        return self._needs(graph, codes, when) if graph in NEED_MEASURES else None

    def _relationships(self, type: str) -> list[Rel]:
        if type not in self.rels:
            self.rels[type] = self.store.relationships(type)
        return self.rels[type]

    def _platforms(self, kinds: tuple[str, ...], codes: list[str], when: _Window) -> int:
        """Platforms of those kinds founded by the window's end."""
        _, platforms = self.store.find_nodes("Platform", areas=codes)
        return sum(
            1
            for p in platforms
            if p.props.get("kind") in kinds and (p.props.get("founded") or "") <= when.end
        )

    def _members(self, codes: list[str], when: _Window) -> int:
        """Units and party orgs that are current members, at the window's end, of a platform there."""
        platforms = {p.id for p in self.store.find_nodes("Platform", areas=codes)[1]}
        return len(
            {
                r.src
                for r in self._relationships("MEMBER_OF")
                if r.dst[1] in platforms and r.src[0] != "Person" and current(r.props, when.end)
            }
        )

    def _registrations(self, codes: list[str], when: _Window) -> int:
        inside = set(codes)
        return sum(
            1
            for r in self._relationships("REGISTERED_WITH")
            if r.dst[1] in inside and when.holds(r.props.get("date"))
        )

    def _projects(self, codes: list[str], when: _Window) -> int:
        _, projects = self.store.find_nodes("Project", areas=codes)
        return sum(1 for p in projects if when.holds(p.props.get("started")))

    def _agreements(self, codes: list[str], when: _Window) -> int:
        """Agreements an area of ``codes``, or a party org or unit sitting in one, signed."""
        inside = set(codes)
        signed = self._relationships("SIGNED")
        others: dict[str, set[str]] = {}
        for r in signed:
            if r.src[0] != "Area":
                others.setdefault(r.src[0], set()).add(r.src[1])
        homes = {
            (label, i): p.get("area")
            for label, ids in others.items()
            for i, p in self.store.get_nodes(label, sorted(ids)).items()
        }
        ids = {r.dst[1] for r in signed if (r.src[1] if r.src[0] == "Area" else homes.get(r.src)) in inside}
        props = self.store.get_nodes("Agreement", sorted(ids))
        return sum(1 for p in props.values() if when.holds(p.get("signed")))

    def _needs(self, graph: str, codes: list[str], when: _Window) -> int | float | None:
        """Needs raised there (in the window), done (in the window), or their rates in percent."""
        _, needs = self.store.find_nodes("Need", areas=codes)
        if graph == "needs_done":
            return sum(
                1 for n in needs if n.props.get("status") == "done" and when.holds(n.props.get("done_on"))
            )
        raised = [n.props for n in needs if when.holds(n.props.get("raised"))]
        if graph == "needs_raised":
            return len(raised)
        if graph == "done_rate":
            rate = done_rate(p.get("status") for p in raised)
        else:
            rate = satisfaction_rate(p.get("rating") for p in raised)
        return None if rate is None else round(rate * 100, 2)


@dataclass(frozen=True)
class _Window:
    """The year a sentence gives (None: as the data stand) and the day it ends on."""

    year: int | None
    today: str

    @property
    def end(self) -> str:
        return f"{self.year}-12-31" if self.year else self.today

    def holds(self, day: Any) -> bool:
        """Whether a date falls in the year (any date, or none, without a year)."""
        return not self.year or str(day or "")[:4] == str(self.year)


def _as_of(graph: str, year: int | None) -> str:
    if not year or graph in UNDATED:
        return AS_OF_DATA
    if graph in PLATFORM_KINDS or graph == "members":
        return f"截至{year}年底"
    return f"{year}年"


def _records(
    store: Store, entries: list[Entry], keep: Callable[[dict[str, Any]], bool] | None = None
) -> list[dict[str, Any]]:
    """The figures of ``entries`` (those ``keep`` takes), each with the graph's count."""
    counter = _Counter(store)
    known = measures()
    raw = [(e, i, f) for e in entries for i, f in enumerate(e.figures) if keep is None or keep(f)]
    names = store.get_nodes("Area", sorted({str(f["area"]) for _, _, f in raw if f.get("area")}))
    out = []
    for e, i, f in raw:
        p, start, end = f["at"]
        measure = known.get(f.get("measure") or "")
        area = f.get("area")
        record: dict[str, Any] = {
            "id": f"{e.id}-F{i + 1:03d}",
            "document": {"id": e.id, "title": e.title},
            "sentence": e.passages[p][start:end].strip() if p < len(e.passages) else "",
            "text": f["text"],
            "value": f["value"],
            "high": f.get("high"),
            "qualifier": f.get("qualifier"),
            "unit": f["unit"],
            "measure": measure.code if measure else None,
            "measure_name": measure.zh if measure else None,
            "what": f.get("what") or "",
            "year": f.get("year"),
            "area": None,
            "graph_value": None,
            "difference": None,
            "as_of": None,
            "note": None,
        }
        if area in names:
            record["area"] = {"id": area, "label": "Area", "name": names[area].get("name")}
        if measure is None or measure.graph is None:
            record["note"] = "图中不统计此项"
        elif area is None:
            record["note"] = "未能确定所指地区"
        elif area not in names:
            record["note"] = "图中已无此地区"
        else:
            got = counter.count(measure.graph, area, f.get("year"))
            record["graph_value"] = got
            record["as_of"] = _as_of(measure.graph, f.get("year"))
            if got is None:
                record["note"] = "图中无可计算的数据"
            else:
                record["difference"] = round(got - f["value"], 2)
        out.append(record)
    return out


def document_figures(store: Store, doc_id: str) -> dict[str, Any]:
    """A document's figures in reading order, each beside the graph's count:
    ``{"document": {id, title}, "total", "figures": [...]}``. Raises NotFound."""
    node = resolve(store, doc_id, ("Document",))
    entry = Entry(
        node.id,
        str(node.props.get("title") or node.id),
        "",
        None,
        [str(x) for x in node.props.get("passages") or []],
        [],
        figures=loads(node.props.get("figures")),
    )
    figures = _records(store, [entry])
    return {"document": {"id": entry.id, "title": entry.title}, "total": len(figures), "figures": figures}


def area_figures(store: Store, code: str, *, doc_id: str | None = None) -> dict[str, Any]:
    """The figures articles report about an area or a place below it (of one document, with
    ``doc_id``), each beside the graph's count: ``{"area", "total", "figures"}``, by document
    then reading order. Raises NotFound."""
    area = resolve(store, code, ("Area",))
    inside = set(store.subtree(area.id))
    idx = index(store)
    entries = sorted(idx.entries.values(), key=lambda e: e.id)
    if doc_id is not None:
        entries = [e for e in entries if e.id == resolve(store, doc_id, ("Document",)).id]
    figures = _records(store, entries, lambda f: f.get("area") in inside)
    return {"area": ref_json(area), "total": len(figures), "figures": figures}


def all_figures(store: Store) -> dict[str, Any]:
    """Every figure of every document: ``{"total", "figures"}``."""
    entries = sorted(index(store).entries.values(), key=lambda e: e.id)
    figures = _records(store, entries)
    return {"total": len(figures), "figures": figures}
