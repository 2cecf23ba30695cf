"""找短板: communities without committee, units in no platform, paper agreements, open needs …"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, viewer
from gongjian.api.listing import must_exist
from gongjian.api.schemas import StatsQuery
from gongjian.api.schemas.answers import Gaps
from gongjian.api.throttle import cached, expensive
from gongjian.queries.gaps import gaps

router = APIRouter(
    prefix="/api",
    tags=["gaps"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer), expensive],
)


@router.get("/gaps", response_model=Gaps, summary="短板清单（区划含下级；不填为全库）及各下级区划的汇总")
def get_gaps(store: StoreDep, query: Annotated[StatsQuery, Query()]) -> Any:
    must_exist(store, "Area", query.area, "area")  # a cached answer costs no more than this
    return cached(store, ("gaps", query.area), lambda: gaps(store, query.area))
