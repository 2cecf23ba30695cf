"""驻区单位: resident units."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, viewer
from gongjian.api.listing import area_codes, find_page
from gongjian.api.schemas import PathId, UnitFilters
from gongjian.api.schemas.answers import UnitDetail, UnitPage
from gongjian.queries.explore import node_detail

router = APIRouter(
    prefix="/api/units",
    tags=["units"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)


@router.get("", response_model=UnitPage, summary="单位列表（按区划含下级、类型筛选）")
def list_units(store: StoreDep, filters: Annotated[UnitFilters, Query()]) -> Any:
    return find_page(store, "Unit", filters, {"type": filters.type}, area_codes(store, filters.area))


@router.get("/{id:path}", response_model=UnitDetail, summary="单位详情及其联结")
def get_unit(id: PathId, store: StoreDep) -> Any:
    return node_detail(store, id, ("Unit",))
