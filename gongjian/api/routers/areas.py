"""区划: territorial areas, their ancestors and children."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, viewer
from gongjian.api.listing import find_page, must_exist
from gongjian.api.schemas import AreaFilters, PathId
from gongjian.api.schemas.answers import AreaChildren, AreaFigures, AreaOverview, AreaPage
from gongjian.api.throttle import cached
from gongjian.graph.store import Node, Store
from gongjian.queries.common import natural_key, node_json, ref_json, resolve
from gongjian.queries.figures import area_figures

router = APIRouter(
    prefix="/api/areas",
    tags=["areas"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)


def _ancestors(store: Store, area: Node) -> list[dict[str, Any]]:
    """The area's ancestors, top first (stops on a cycle)."""
    chain: list[dict[str, Any]] = []
    seen = {area.id}
    current = area
    while True:
        parent = next((n for _, n in store.neighbours("Area", current.id, ("PART_OF",), "out")), None)
        if parent is None or parent.id in seen:
            break
        seen.add(parent.id)
        chain.append({**ref_json(parent), "level": parent.props.get("level")})
        current = parent
    return chain[::-1]


def _children(store: Store, code: str) -> list[Node]:
    found = [n for _, n in store.neighbours("Area", code, ("PART_OF",), "in") if n.label == "Area"]
    return sorted(found, key=lambda n: (natural_key(n.props.get("name") or ""), n.id))  # 第一, 第二 … 第十


@router.get("", response_model=AreaPage, summary="区划列表（按层级、上级筛选）")
def list_areas(store: StoreDep, filters: Annotated[AreaFilters, Query()]) -> Any:
    must_exist(store, "Area", filters.parent, "parent")
    return find_page(store, "Area", filters, {"level": filters.level, "parent": filters.parent})


@router.get("/{id:path}/children", response_model=AreaChildren, summary="直属下级区划")
def area_children(id: PathId, store: StoreDep) -> Any:
    area = resolve(store, id, ("Area",))
    items = [node_json(n) for n in _children(store, area.id)]
    return {"area": ref_json(area), "total": len(items), "items": items}


@router.get(
    "/{id:path}/figures",
    response_model=AreaFigures,
    summary="经验材料写到该区划（含下级）的数据，与图中对应数对照",
)
def area_reported_figures(id: PathId, store: StoreDep) -> Any:
    return cached(store, ("area_figures", id), lambda: area_figures(store, id))


@router.get("/{id:path}", response_model=AreaOverview, summary="区划详情")
def get_area(id: PathId, store: StoreDep) -> Any:
    area = resolve(store, id, ("Area",))
    return {
        **node_json(area),
        "ancestors": _ancestors(store, area),
        "children": len(_children(store, area.id)),
    }
