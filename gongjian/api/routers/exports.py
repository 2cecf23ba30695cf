"""导出清单: member lists, needs, resources and a need's matches as CSV or Excel.

``GET /api/exports/{what}.{format}`` with ``what`` one of

- ``members?id=`` — a platform (or a community's / street's platform): current and former
  members with role, dates and contact;
- ``needs?area=&status=&category=&urgency=`` — the need list, filtered like ``GET /api/needs``;
- ``resources?area=&unit=&status=&category=`` — the resource list, like ``GET /api/resources``;
- ``matches?need=&limit=`` — a need's ranked matches with their linkage paths.

Personal data is masked in the rows *before* they are written, unless the caller is an
admin; cells a spreadsheet would read as formulas are neutralised by
:func:`gongjian.viz.tables.export_rows`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from gongjian.api.deps import StoreDep, ViewerDep, viewer
from gongjian.api.errors import invalid
from gongjian.api.listing import area_codes, must_exist
from gongjian.api.routers.diagrams import download_headers
from gongjian.api.schemas import MAX_LIMIT, Id, enum_word
from gongjian.graph.store import Store
from gongjian.model import (
    CATEGORY,
    MEMBER_TYPE,
    NEED_STATUS,
    PERSONAL_PROPS,
    RESOURCE_STATUS,
    URGENCY,
    Enum,
    display_name,
)
from gongjian.privacy import mask_json, mask_name, mask_phone
from gongjian.queries.committee import committee
from gongjian.queries.common import node_json
from gongjian.queries.match import match_need
from gongjian.rules.linkage import LINK_KINDS

router = APIRouter(prefix="/api/exports", tags=["exports"], dependencies=[Depends(viewer)])

LIST_FORMATS = ("csv", "xlsx")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: More rows than this is not a list anyone reads: narrow the filters.
MAX_ROWS = 200_000
PATH_ARROW = " → "

Columns = list[tuple[str, str]]


class ExportQuery(BaseModel):
    id: Id | None = Field(None, description="members：平台编码，或社区/街道的区划代码")
    need: Id | None = Field(None, description="matches：需求编码")
    area: Id | None = Field(None, description="needs、resources：区划代码（含下级）")
    unit: Id | None = Field(None, description="resources：提供单位编码")
    status: str | None = Field(None, max_length=20, description="needs、resources：状态")
    category: Annotated[str | None, enum_word(CATEGORY)] = Field(None, description="needs、resources：类别")
    urgency: Annotated[str | None, enum_word(URGENCY)] = Field(None, description="needs：紧急程度")
    limit: int | None = Field(None, ge=1, le=MAX_LIMIT, description="matches：最多几个匹配（默认 50）")


#: Which query parameters each list takes.
PARAMS: dict[str, tuple[str, ...]] = {
    "members": ("id",),
    "needs": ("area", "status", "category", "urgency"),
    "resources": ("area", "unit", "status", "category"),
    "matches": ("need", "limit"),
}
WHAT_ZH = {"members": "成员名单", "needs": "需求清单", "resources": "资源清单", "matches": "匹配结果"}


# ------------------------------------------------------------------ masking

_PERSONAL_CELLS: dict[str, Callable[[str], str]] = {"contact": mask_name, "phone": mask_phone}


def _masked(rows: list[dict[str, Any]], unmask: bool) -> list[dict[str, Any]]:
    """Rows with personal data masked: node dicts by their label, plus every contact and phone cell."""
    if unmask:
        return rows
    out = []
    for row in mask_json(rows):
        done = PERSONAL_PROPS.get(str(row.get("label")), {})  # already masked by mask_json
        for key, mask in _PERSONAL_CELLS.items():
            if row.get(key) and key not in done:
                row[key] = mask(str(row[key]))
        out.append(row)
    return out


# ------------------------------------------------------------------ lists


def _members(store: Store, q: ExportQuery) -> tuple[str, Columns, list[dict[str, Any]]]:
    if q.id is None:
        invalid(("query", "id"), "导出成员名单需要 id：平台编码，或社区/街道的区划代码")
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
                "member_type": MEMBER_TYPE.zh(m.get("member_type") or ""),
                "unit": (m.get("unit") or {}).get("name") if m["label"] == "PartyOrg" else None,
                "role": m.get("role"),
                "since": m.get("since"),
                "until": m.get("until"),
                "state": state,
                "contact": unit.get("contact") if m["label"] != "Person" else None,
                "phone": contact.get("phone"),
            }
        )
    columns = [
        ("id", "成员编码"),
        ("name", "成员名称"),
        ("member_type", "成员类型"),
        ("unit", "所在单位"),
        ("role", "职务"),
        ("since", "加入日期"),
        ("until", "退出日期"),
        ("state", "状态"),
        ("contact", "联系人"),
        ("phone", "联系电话"),
    ]
    return f"{c['platform']['name']}-成员名单", columns, rows


def _status(q: ExportQuery, enum: Enum) -> str | None:
    if q.status is None:
        return None
    code = enum.parse(q.status)
    if code is None:
        invalid(("query", "status"), f"应为以下之一：{enum.words()}", q.status)
    return code


def _area_names(store: Store, codes: set[str]) -> dict[str, str]:
    return {c: str(p.get("name") or c) for c, p in store.get_nodes("Area", sorted(codes)).items()}


def _subject(store: Store, q: ExportQuery) -> str:
    if q.area is None:
        return "全部"
    area = store.get_node("Area", q.area)
    return str(area.props.get("name") or q.area) if area else q.area


def _too_many(total: int) -> None:
    if total > MAX_ROWS:
        invalid(
            ("query",), f"符合条件的有 {total} 条，超过导出上限 {MAX_ROWS} 条；请缩小区划或加筛选条件", total
        )


def _needs(store: Store, q: ExportQuery) -> tuple[str, Columns, list[dict[str, Any]]]:
    where = {"status": _status(q, NEED_STATUS), "category": q.category, "urgency": q.urgency}
    conds = {k: v for k, v in where.items() if v is not None}
    codes = area_codes(store, q.area)
    total, _ = store.find_nodes("Need", conds or None, codes, 0, 0)
    _too_many(total)
    _, needs = store.find_nodes("Need", conds or None, codes)
    names = _area_names(store, {str(n.props.get("area")) for n in needs if n.props.get("area")})
    rows = [{**node_json(n), "area_name": names.get(str(n.props.get("area")), "")} for n in needs]
    columns = [
        ("id", "需求编码"),
        ("title", "需求标题"),
        ("category_zh", "需求类别"),
        ("area_name", "所在区划"),
        ("area", "区划代码"),
        ("raised", "提出日期"),
        ("urgency_zh", "紧急程度"),
        ("beneficiaries", "受益人数"),
        ("status_zh", "状态"),
        ("source", "来源"),
        ("description", "需求描述"),
    ]
    return f"需求清单-{_subject(store, q)}", columns, rows


def _resources(store: Store, q: ExportQuery) -> tuple[str, Columns, list[dict[str, Any]]]:
    must_exist(store, "Unit", q.unit, "unit")
    where = {"unit": q.unit, "status": _status(q, RESOURCE_STATUS), "category": q.category}
    conds = {k: v for k, v in where.items() if v is not None}
    codes = area_codes(store, q.area)
    total, _ = store.find_nodes("Resource", conds or None, None, 0, 0)
    _too_many(total)
    _, found = store.find_nodes("Resource", conds or None)
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
    columns = [
        ("id", "资源编码"),
        ("title", "资源名称"),
        ("category_zh", "资源类别"),
        ("unit_name", "提供单位"),
        ("unit", "单位编码"),
        ("scope_names", "服务范围"),
        ("capacity", "服务容量"),
        ("status_zh", "状态"),
        ("description", "资源描述"),
    ]
    return f"资源清单-{_subject(store, q)}", columns, rows


def _matches(store: Store, q: ExportQuery, unmask: bool) -> tuple[str, Columns, list[dict[str, Any]]]:
    if q.need is None:
        invalid(("query", "need"), "导出匹配结果需要 need：需求编码")
    result = match_need(store, q.need, limit=q.limit or 50)
    rows = []
    for rank, m in enumerate(result["matches"], 1):
        path = m["link"]["path"] if unmask else mask_json(m["link"]["path"])
        rows.append(
            {
                "rank": rank,
                "resource_id": m["resource"]["id"],
                "resource": m["resource"]["name"],
                "category": m["resource"].get("category_zh"),
                "unit": m["unit"]["name"],
                "unit_id": m["unit"]["id"],
                "link": m["link"]["kind_zh"],
                "score": m["score"],
                "capacity_left": m["resource"].get("capacity_left"),
                "path": PATH_ARROW.join(str(p["name"]) for p in path),
                "other_links": [LINK_KINDS[k][1] for k in m.get("other_links") or () if k in LINK_KINDS],
            }
        )
    columns = [
        ("rank", "排名"),
        ("resource_id", "资源编码"),
        ("resource", "资源名称"),
        ("category", "资源类别"),
        ("unit", "提供单位"),
        ("unit_id", "单位编码"),
        ("link", "联结方式"),
        ("score", "匹配得分"),
        ("capacity_left", "剩余容量"),
        ("path", "联结路径"),
        ("other_links", "其他联结"),
    ]
    return f"匹配结果-{result['need']['name']}", columns, rows


@router.get(
    "/{target}",
    summary="导出清单：members/needs/resources/matches，格式 csv 或 xlsx（如 members.xlsx?id=PF-EJW）",
    response_class=Response,
    responses={
        200: {"description": "CSV（UTF-8 带 BOM）或 Excel 工作簿", "content": {m: {} for m in MEDIA.values()}}
    },
)
def export_list(
    target: str, store: StoreDep, caller: ViewerDep, query: Annotated[ExportQuery, Query()]
) -> Response:
    what, dot, fmt = target.rpartition(".")
    fmt = fmt.lower()
    if what not in PARAMS:
        invalid(("path", "what"), f"可导出的清单：{'、'.join(PARAMS)}（如 needs.csv）", target)
    if not dot or fmt not in LIST_FORMATS:
        invalid(("path", "format"), f"清单格式应为 {' 或 '.join(LIST_FORMATS)}", target)
    given = {k for k, v in query.model_dump().items() if v is not None}
    for extra in sorted(given - set(PARAMS[what])):
        invalid(("query", extra), f"{what} 清单不接受参数 {extra}；可用：{'、'.join(PARAMS[what])}", extra)
    name, subject, body = build_export(store, what, query, fmt, unmask=caller.unmasked)
    headers = download_headers(f"{name}.{fmt}", f"{what}-{subject}.{fmt}")
    return Response(body, media_type=MEDIA[fmt], headers=headers)


def build_export(
    store: Store, what: str, query: ExportQuery, fmt: str, *, unmask: bool
) -> tuple[str, str, bytes]:
    """One list as CSV/XLSX bytes, masked unless ``unmask``: (Chinese name, subject, bytes).

    Shared by ``GET /api/exports/…`` and ``gongjian export``; a bad parameter raises the
    API's 422 (an HTTPException whose detail names the field).
    """
    if what == "members":
        name, columns, rows = _members(store, query)
        subject = query.id or ""
    elif what == "needs":
        name, columns, rows = _needs(store, query)
        subject = query.area or "all"
    elif what == "resources":
        name, columns, rows = _resources(store, query)
        subject = query.area or query.unit or "all"
    else:
        name, columns, rows = _matches(store, query, unmask)
        subject = query.need or ""
    from gongjian.viz.tables import export_rows  # openpyxl loads only for exports

    body = export_rows(columns, _masked(rows, unmask), fmt, sheet=WHAT_ZH[what])  # type: ignore[arg-type]
    return name, subject, body
