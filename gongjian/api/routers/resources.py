"""资源清单: what units offer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, viewer
from gongjian.api.listing import area_codes, find_page, must_exist, slice_page
from gongjian.api.schemas import PathId, ResourceFilters
from gongjian.api.schemas.answers import ResourceDetailWithCapacity, ResourcePage
from gongjian.queries.common import today
from gongjian.queries.explore import node_detail
from gongjian.rules.lists import capacity_left

router = APIRouter(
    prefix="/api/resources",
    tags=["resources"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)


@router.get("", response_model=ResourcePage, summary="资源列表（按单位、状态、类别、区划含下级筛选，分页）")
def list_resources(store: StoreDep, filters: Annotated[ResourceFilters, Query()]) -> Any:
    must_exist(store, "Unit", filters.unit, "unit")
    where = {"unit": filters.unit, "status": filters.status, "category": filters.category}
    codes = area_codes(store, filters.area)
    if codes is None:
        return find_page(store, "Resource", filters, where)
    # A resource has no area of its own: it belongs to an area through its unit's location
    # or its service scope (a list), which find_nodes cannot filter on; filtered here.
    inside = set(codes)
    units = {u.id for u in store.find_nodes("Unit", areas=codes)[1]}
    _, candidates = store.find_nodes("Resource", {k: v for k, v in where.items() if v is not None} or None)
    hits = [
        r
        for r in candidates
        if r.props.get("unit") in units or inside.intersection(r.props.get("scope") or ())
    ]
    return slice_page(hits, filters)


@router.get("/{id:path}", response_model=ResourceDetailWithCapacity, summary="资源详情（含剩余容量）")
def get_resource(id: PathId, store: StoreDep) -> Any:
    out = node_detail(store, id, ("Resource",))
    uses = store.neighbours("Resource", out["id"], ("USES",), "in")
    out["capacity_left"] = capacity_left(out, [project.props for _, project in uses], today())
    return out
