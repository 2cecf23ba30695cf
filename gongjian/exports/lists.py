"""The lists: a platform's members, the needs, the resources, a need's matches."""

from __future__ import annotations

from gongjian.exports.base import (
    MAX_ROWS,
    Col,
    ExportError,
    ListExporter,
    ListQuery,
    Row,
    code_of,
    ledger,
)
from gongjian.graph.store import Store
from gongjian.model import CATEGORY, NEED_STATUS, NODE_TYPES, RESOURCE_STATUS, URGENCY, Enum, display_name
from gongjian.queries.committee import committee
from gongjian.queries.common import node_json
from gongjian.queries.match import match_need
from gongjian.rules.linkage import LINK_KINDS

PATH_ARROW = " → "

# Columns no ledger has: worked out for the list, declared once here.
MEMBER_NAME = Col("name", "成员名称")
MEMBER_STATE = Col("state", "状态")
RANK = Col("rank", "排名")
LINK = Col("link", "联结方式", lambda kind: LINK_KINDS[kind][1] if kind in LINK_KINDS else kind)
SCORE = Col("score", "匹配得分")
CAPACITY_LEFT = Col("capacity_left", "剩余容量")
LINK_PATH = Col("path", "联结路径", lambda path: PATH_ARROW.join(str(p["name"]) for p in path or ()))
OTHER_LINKS = Col(
    "other_links", "其他联结", lambda kinds: [LINK_KINDS[k][1] for k in kinds if k in LINK_KINDS]
)


class Members(ListExporter):
    """A platform's members (or a community's / street's platform's), current first, then
    those not yet joined and those who left, with role, dates and contact."""

    name = "members"
    zh = "成员名单"
    params = ("id",)
    columns = (
        ledger("members", "member", "id"),
        MEMBER_NAME,
        ledger("members", "member_type"),
        ledger("party_orgs", "unit"),  # a party org member: the unit it is built in
        ledger("members", "role"),
        ledger("members", "since"),
        ledger("members", "until"),
        MEMBER_STATE,
        ledger("units", "contact"),
        ledger("units", "phone"),  # the unit's, or a person's own
    )

    def stem(self, q: ListQuery) -> str:
        return q.id or ""

    def rows(self, store: Store, q: ListQuery) -> tuple[str, list[Row]]:
        if q.id is None:
            raise ExportError("导出成员名单需要 id：平台编码，或社区/街道的区划代码", "id")
        c = committee(store, q.id)
        everyone = [(m, "已退出") for m in c["former_members"]] + [
            (m, "现任" if m.get("current", True) else "未加入") for m in c["members"]
        ]
        everyone.sort(key=lambda e: e[1] != "现任")  # current first, in the committee's order
        units = store.get_nodes(
            "Unit",
            sorted(
                {m["id"] for m, _ in everyone if m["label"] == "Unit"}
                | {m["unit"]["id"] for m, _ in everyone if m.get("unit")}
            ),
        )
        people = store.get_nodes("Person", sorted({m["id"] for m, _ in everyone if m["label"] == "Person"}))
        rows = []
        for m, state in everyone:
            unit_id = m["id"] if m["label"] == "Unit" else (m.get("unit") or {}).get("id")
            unit = units.get(unit_id or "", {})
            contact = people.get(m["id"], {}) if m["label"] == "Person" else unit
            rows.append(
                {
                    "label": m["label"],
                    "id": m["id"],
                    "name": m["name"],
                    "member_type": m.get("member_type") or "",
                    "unit": (m.get("unit") or {}).get("name") if m["label"] == "PartyOrg" else None,
                    "role": m.get("role"),
                    "since": m.get("since"),
                    "until": m.get("until"),
                    "state": state,
                    "contact": unit.get("contact") if m["label"] != "Person" else None,
                    "phone": contact.get("phone"),
                }
            )
        return f"{c['platform']['name']}-{self.zh}", rows


class Needs(ListExporter):
    """The need list, filtered like ``GET /api/needs``."""

    name = "needs"
    zh = "需求清单"
    params = ("area", "status", "category", "urgency")
    columns = (
        ledger("needs", "id"),
        ledger("needs", "title"),
        ledger("needs", "category"),
        ledger("needs", "area", "area_name"),
        code_of("needs", "area", "area"),
        ledger("needs", "raised"),
        ledger("needs", "urgency"),
        ledger("needs", "beneficiaries"),
        ledger("needs", "status"),
        ledger("needs", "source"),
        ledger("needs", "description"),
    )

    def rows(self, store: Store, q: ListQuery) -> tuple[str, list[Row]]:
        where = {
            "status": _word(q, "status", NEED_STATUS),
            "category": _word(q, "category", CATEGORY),
            "urgency": _word(q, "urgency", URGENCY),
        }
        conds = {k: v for k, v in where.items() if v is not None} or None
        codes = _area_codes(store, q.area)
        total, _ = store.find_nodes("Need", conds, codes, 0, 0)
        _at_most(total)
        _, needs = store.find_nodes("Need", conds, codes)
        names = _area_names(store, {str(n.props.get("area")) for n in needs if n.props.get("area")})
        rows = [{**node_json(n), "area_name": names.get(str(n.props.get("area")), "")} for n in needs]
        return f"{self.zh}-{_subject(store, q)}", rows


class Resources(ListExporter):
    """The resource list, filtered like ``GET /api/resources``."""

    name = "resources"
    zh = "资源清单"
    params = ("area", "unit", "status", "category")
    columns = (
        ledger("resources", "id"),
        ledger("resources", "title"),
        ledger("resources", "category"),
        ledger("resources", "unit", "unit_name"),
        code_of("resources", "unit", "unit"),
        ledger("resources", "scope", "scope_names"),
        ledger("resources", "capacity"),
        ledger("resources", "status"),
        ledger("resources", "description"),
    )

    def stem(self, q: ListQuery) -> str:
        return q.area or q.unit or "all"

    def rows(self, store: Store, q: ListQuery) -> tuple[str, list[Row]]:
        _must_exist(store, "Unit", q.unit, "unit")
        where = {
            "unit": q.unit,
            "status": _word(q, "status", RESOURCE_STATUS),
            "category": _word(q, "category", CATEGORY),
        }
        conds = {k: v for k, v in where.items() if v is not None} or None
        codes = _area_codes(store, q.area)
        total, _ = store.find_nodes("Resource", conds, None, 0, 0)
        _at_most(total)
        _, found = store.find_nodes("Resource", conds)
        if codes is not None:  # as GET /api/resources: the unit sits inside, or the scope reaches inside
            inside = set(codes)
            units_inside = {u.id for u in store.find_nodes("Unit", areas=codes)[1]}
            found = [
                r
                for r in found
                if r.props.get("unit") in units_inside or inside.intersection(r.props.get("scope") or ())
            ]
        unit_names = {
            u: display_name("Unit", p)
            for u, p in store.get_nodes(
                "Unit", sorted({str(r.props["unit"]) for r in found if r.props.get("unit")})
            ).items()
        }
        scope_names = _area_names(store, {str(c) for r in found for c in (r.props.get("scope") or ())})
        rows = [
            {
                **node_json(r),
                "unit_name": unit_names.get(str(r.props.get("unit")), ""),
                "scope_names": [scope_names.get(str(c), str(c)) for c in (r.props.get("scope") or ())],
            }
            for r in found
        ]
        return f"{self.zh}-{_subject(store, q)}", rows


class Matches(ListExporter):
    """A need's ranked matches with the linkage path of each (the path's people masked by the
    row masking, as every node dict is)."""

    name = "matches"
    zh = "匹配结果"
    params = ("need", "limit")
    columns = (
        RANK,
        ledger("resources", "id", "resource_id"),
        ledger("resources", "title", "resource"),
        ledger("resources", "category"),
        ledger("resources", "unit"),
        code_of("resources", "unit", "unit_id"),
        LINK,
        SCORE,
        CAPACITY_LEFT,
        LINK_PATH,
        OTHER_LINKS,
    )

    def stem(self, q: ListQuery) -> str:
        return q.need or ""

    def rows(self, store: Store, q: ListQuery) -> tuple[str, list[Row]]:
        if q.need is None:
            raise ExportError("导出匹配结果需要 need：需求编码", "need")
        result = match_need(store, q.need, limit=q.limit or 50)
        rows = [
            {
                "rank": rank,
                "resource_id": m["resource"]["id"],
                "resource": m["resource"]["name"],
                "category": m["resource"].get("category") or "other",
                "unit": m["unit"]["name"],
                "unit_id": m["unit"]["id"],
                "link": m["link"]["kind"],
                "score": m["score"],
                "capacity_left": m["resource"].get("capacity_left"),
                "path": m["link"]["path"],
                "other_links": m.get("other_links") or [],
            }
            for rank, m in enumerate(result["matches"], 1)
        ]
        return f"{self.zh}-{result['need']['name']}", rows


LISTS: dict[str, ListExporter] = {e.name: e for e in (Members(), Needs(), Resources(), Matches())}


# ------------------------------------------------------------------ helpers


def _word(q: ListQuery, field: str, enum: Enum) -> str | None:
    """A filter's code from any word for it (``待认领`` or ``open``)."""
    given: str | None = getattr(q, field)
    if given is None:
        return None
    code = enum.parse(given)
    if code is None:
        raise ExportError(f"应为以下之一：{enum.words()}", field, given)
    return code


def _area_codes(store: Store, code: str | None) -> list[str] | None:
    """The codes of an area's subtree; an unknown area names the field."""
    if code is None:
        return None
    if store.get_node("Area", code) is None:
        raise ExportError(f"区划 {code} 不存在", "area", code)
    return store.subtree(code)


def _must_exist(store: Store, label: str, id: str | None, field: str) -> None:
    if id is not None and store.get_node(label, id) is None:
        raise ExportError(f"{NODE_TYPES[label].zh} {id} 不存在", field, id)


def _area_names(store: Store, codes: set[str]) -> dict[str, str]:
    return {c: str(p.get("name") or c) for c, p in store.get_nodes("Area", sorted(codes)).items()}


def _subject(store: Store, q: ListQuery) -> str:
    if q.area is None:
        return "全部"
    area = store.get_node("Area", q.area)
    return str(area.props.get("name") or q.area) if area else q.area


def _at_most(total: int) -> None:
    if total > MAX_ROWS:
        raise ExportError(
            f"符合条件的有 {total} 条，超过导出上限 {MAX_ROWS} 条；请缩小区划或加筛选条件", value=total
        )
