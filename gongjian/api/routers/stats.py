"""统计: counts in an area's subtree, or in the whole store."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, viewer
from gongjian.api.listing import area_codes
from gongjian.api.schemas import StatsQuery
from gongjian.api.schemas.answers import Stats
from gongjian.queries.explore import area_stats

router = APIRouter(
    prefix="/api", tags=["stats"], route_class=Route, responses=AUTH_ERRORS, dependencies=[Depends(viewer)]
)


@router.get("/stats", response_model=Stats, summary="区划统计（含下级）")
def stats(store: StoreDep, query: Annotated[StatsQuery, Query()]) -> Any:
    area_codes(store, query.area)
    return area_stats(store, query.area)
