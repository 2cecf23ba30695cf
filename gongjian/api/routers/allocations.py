"""统筹分配: all open needs of an area matched jointly under the resources' capacities."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, PlannerDep, StoreDep, viewer
from gongjian.api.listing import area_codes
from gongjian.api.schemas import AllocationBody
from gongjian.api.schemas.answers import Allocation
from gongjian.api.throttle import expensive
from gongjian.queries.allocate import allocate

router = APIRouter(
    prefix="/api/allocations",
    tags=["allocations"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer), expensive],
)


@router.post("", response_model=Allocation, summary="统筹分配：默认试算，apply=true 则派单")
def create_allocation(body: AllocationBody, store: StoreDep, _: PlannerDep) -> Any:
    area_codes(store, body.area, "area", "body")
    return allocate(store, body.area, apply=body.apply)
