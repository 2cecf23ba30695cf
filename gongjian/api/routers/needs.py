"""需求清单: resident needs — list, raise, edit, match and claim (群众点单、社区派单、单位接单)."""

from __future__ import annotations

import secrets
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, PlannerDep, StoreDep, run_query, viewer
from gongjian.api.errors import invalid
from gongjian.api.listing import area_codes, find_page
from gongjian.api.schemas import ClaimBody, MatchesQuery, NeedCreate, NeedFilters, NeedPatch, PathId
from gongjian.api.schemas.answers import Claimed, Matches, NeedDetail, NeedPage
from gongjian.graph.store import ChangeSet, Conflict, NotFound, Rel, RelClear, Store
from gongjian.ingest.classify import classify
from gongjian.model import AREA_LEVEL, NEED_LEVELS, NEED_STATUS, NODE_TYPES, URGENCY
from gongjian.queries.common import today
from gongjian.queries.dispatch import claim, set_need_status
from gongjian.queries.explore import node_detail
from gongjian.queries.match import match_need

router = APIRouter(
    prefix="/api/needs",
    tags=["needs"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)

#: Checking that a new id is free and writing it happen under this lock (the contract
#: has no create-only write; across processes two creates of the same id would merge).
_create_lock = threading.Lock()


def _need_area(store: Store, code: str) -> str:
    """A need's area must exist and be a community, village, grid or block (as in the ingest)."""
    area = store.get_node("Area", code)
    if area is None:
        invalid(("body", "area"), f"区划 {code} 不存在", code)
    level = area.props.get("level")
    if level not in NEED_LEVELS:
        invalid(
            ("body", "area"),
            f"需求应提自社区、村、网格或单元，{code} 是{AREA_LEVEL.zh(level or '')}",
            code,
        )
    return area.id


def _not_another_kind(store: Store, need_id: str) -> None:
    """A need's id may not be another node's (``/api/nodes/{id}`` would answer one of them)."""
    for label, kind in NODE_TYPES.items():
        if label != "Need" and store.get_node(label, need_id) is not None:
            raise Conflict(f"编码 {need_id} 已是{kind.zh}的编码，需求请用另一个编码")


def _new_id(store: Store, day: str) -> str:
    while True:
        candidate = f"N-{day.replace('-', '')}-{secrets.token_hex(2)}"
        if store.get_node("Need", candidate) is None:
            return candidate


@router.get("", response_model=NeedPage, summary="需求列表（按区划含下级、状态、类别、紧急程度筛选，分页）")
def list_needs(store: StoreDep, filters: Annotated[NeedFilters, Query()]) -> Any:
    where = {"status": filters.status, "category": filters.category, "urgency": filters.urgency}
    return find_page(store, "Need", filters, where, area_codes(store, filters.area))


@router.post("", status_code=201, response_model=NeedDetail, summary="登记需求（类别不填则自动归类）")
def create_need(body: NeedCreate, store: StoreDep, _: PlannerDep) -> Any:
    area = _need_area(store, body.area)
    day = today()
    props: dict[str, Any] = {
        "title": body.title,
        "description": body.description,
        "area": area,
        "raised": body.raised or day,
        "urgency": body.urgency or URGENCY.default,
        "beneficiaries": body.beneficiaries,
        "status": NEED_STATUS.default,
        "source": body.source,
    }
    if body.category:
        props["category"], props["category_inferred"] = body.category, False
    else:
        props["category"], props["category_inferred"] = classify(body.title, body.description), True
    with _create_lock:
        if body.id is not None and store.get_node("Need", body.id) is not None:
            raise Conflict(f"需求编码 {body.id} 已存在")
        if body.id is not None:
            _not_another_kind(store, body.id)
        need_id = body.id or _new_id(store, day)
        props["id"] = need_id
        store.apply(
            ChangeSet(
                nodes={"Need": {need_id: {k: v for k, v in props.items() if v is not None}}},
                rels=[Rel("RAISED_IN", ("Need", need_id), ("Area", area))],
            )
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
