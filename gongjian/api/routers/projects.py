"""项目清单: a unit's claim of a need, delivered with a resource."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, PlannerDep, StoreDep, viewer
from gongjian.api.listing import area_codes, find_page, must_exist
from gongjian.api.schemas import PathId, ProjectFilters, ProjectPatch
from gongjian.api.schemas.answers import ProjectDetail, ProjectPage
from gongjian.graph.store import ChangeSet, NotFound
from gongjian.queries.dispatch import set_project_status
from gongjian.queries.explore import node_detail

router = APIRouter(
    prefix="/api/projects",
    tags=["projects"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)


@router.get("", response_model=ProjectPage, summary="项目列表（按状态、认领单位、区划含下级筛选，分页）")
def list_projects(store: StoreDep, filters: Annotated[ProjectFilters, Query()]) -> Any:
    must_exist(store, "Unit", filters.unit, "unit")
    where = {"status": filters.status, "unit": filters.unit}
    return find_page(store, "Project", filters, where, area_codes(store, filters.area))


@router.get("/{id:path}", response_model=ProjectDetail, summary="项目详情")
def get_project(id: PathId, store: StoreDep) -> Any:
    return node_detail(store, id, ("Project",))


@router.patch("/{id:path}", response_model=ProjectDetail, summary="修改项目（状态推进时其需求随之变化）")
def patch_project(id: PathId, body: ProjectPatch, store: StoreDep, _: PlannerDep) -> Any:
    if store.get_node("Project", id) is None:
        raise NotFound("项目", id)
    if body.name is not None:
        store.apply(ChangeSet(nodes={"Project": {id: {"name": body.name}}}))
    if body.status is not None:
        set_project_status(store, id, body.status)
    return node_detail(store, id, ("Project",))
