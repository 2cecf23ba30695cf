"""需求清单: resident needs — list, raise, edit, match and claim (群众点单、社区派单、单位接单)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, PlannerDep, StoreDep, run_query, viewer
from gongjian.api.errors import invalid
from gongjian.api.listing import area_codes, find_page
from gongjian.api.schemas import ClaimBody, MatchesQuery, NeedCreate, NeedFilters, NeedPatch, PathId
from gongjian.api.schemas.answers import Claimed, Matches, NeedDetail, NeedPage
from gongjian.graph.store import ChangeSet, NotFound, Rel, RelClear, Store
from gongjian.ingest.classify import classify
from gongjian.queries.dispatch import claim, need_area, register_need, set_need_status
from gongjian.queries.explore import node_detail
from gongjian.queries.match import match_need

router = APIRouter(
    prefix="/api/needs",
    tags=["needs"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)


def _need_area(store: Store, code: str) -> str:
    """A need's area must exist and be a community, village, grid or block (as in the ingest)."""
    try:
        return need_area(store, code).id
    except ValueError as e:
        invalid(("body", "area"), str(e), code)


@router.get("", response_model=NeedPage, summary="需求列表（按区划含下级、状态、类别、紧急程度筛选，分页）")
def list_needs(store: StoreDep, filters: Annotated[NeedFilters, Query()]) -> Any:
    where = {"status": filters.status, "category": filters.category, "urgency": filters.urgency}
    return find_page(store, "Need", filters, where, area_codes(store, filters.area))


@router.post("", status_code=201, response_model=NeedDetail, summary="登记需求（类别不填则自动归类）")
def create_need(body: NeedCreate, store: StoreDep, _: PlannerDep) -> Any:
    area = _need_area(store, body.area)
    need_id = register_need(
        store,
        id=body.id,
        title=body.title,
        area=area,
        description=body.description,
        category=body.category,
        raised=body.raised,
        urgency=body.urgency,
        beneficiaries=body.beneficiaries,
        source=body.source,
    )
    return node_detail(store, need_id, ("Need",))


@router.get("/{id:path}/matches", response_model=Matches, summary="为需求匹配资源（附联结路径）")
async def need_matches(id: PathId, query: Annotated[MatchesQuery, Query()], request: Request) -> Any:
    return await run_query(request, match_need, id, limit=query.limit)


@router.post(
    "/{id:path}/claim", status_code=201, response_model=Claimed, summary="派单：用某资源认领需求，生成项目"
)
def claim_need(id: PathId, body: ClaimBody, store: StoreDep, _: PlannerDep) -> Any:
    return claim(store, id, body.resource, note=body.note or "")


@router.get("/{id:path}", response_model=NeedDetail, summary="需求详情")
def get_need(id: PathId, store: StoreDep) -> Any:
    return node_detail(store, id, ("Need",))


@router.patch("/{id:path}", response_model=NeedDetail, summary="修改需求（状态及其他字段）")
def patch_need(id: PathId, body: NeedPatch, store: StoreDep, _: PlannerDep) -> Any:
    need = store.get_node("Need", id)
    if need is None:
        raise NotFound("需求", id)
    fields = body.model_fields_set - {"status"}
    patch: dict[str, Any] = {f: getattr(body, f) for f in fields}
    changes = ChangeSet()
    if "area" in fields:
        patch["area"] = _need_area(store, body.area or "")
        changes.clears.append(RelClear("RAISED_IN", "src", [("Need", id)]))
        changes.rels.append(Rel("RAISED_IN", ("Need", id), ("Area", patch["area"])))
    text_changed = bool({"title", "description"} & fields)
    if "category" in fields or (text_changed and need.props.get("category_inferred")):
        if body.category:
            patch["category_inferred"] = False
        else:  # cleared, or an inferred category follows the new text
            merged = {**need.props, **patch}
            patch["category"] = classify(merged.get("title"), merged.get("description"))
            patch["category_inferred"] = True
    if patch:
        changes.nodes["Need"] = {id: patch}
        store.apply(changes)
    if body.status is not None:
        set_need_status(store, id, body.status)
    return node_detail(store, id, ("Need",))
