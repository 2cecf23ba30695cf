"""共建协议: co-building agreements, each marked in force or not for today."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, viewer
from gongjian.api.errors import invalid
from gongjian.api.listing import area_codes, slice_page
from gongjian.api.schemas import AgreementFilters, PathId
from gongjian.api.schemas.answers import AgreementDetailInForce, AgreementPage
from gongjian.graph.store import Node
from gongjian.queries.common import node_json, today
from gongjian.queries.explore import node_detail
from gongjian.rules.linkage import in_force

router = APIRouter(
    prefix="/api/agreements",
    tags=["agreements"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)


@router.get(
    "", response_model=AgreementPage, summary="协议列表（按签约方、区划含下级、领域、是否有效筛选，分页）"
)
def list_agreements(store: StoreDep, filters: Annotated[AgreementFilters, Query()]) -> Any:
    day = today()

    def item(n: Node) -> dict[str, Any]:
        return {**node_json(n), "in_force": in_force(n.props, day)}

    if filters.party is not None and not store.labels_of([filters.party]):
        invalid(("query", "party"), f"签约方 {filters.party} 不存在", filters.party)
    codes = area_codes(store, filters.area)
    side_a: set[str] | None = None
    if codes is not None:  # side a is the area itself or a party org built in it
        side_a = set(codes) | {o.id for o in store.find_nodes("PartyOrg", areas=codes)[1]}
    # categories is a list and in_force is computed: neither can go to find_nodes
    _, agreements = store.find_nodes("Agreement")
    hits = [
        a
        for a in agreements
        if (filters.party is None or filters.party in (a.props.get("party_a"), a.props.get("party_b")))
        and (side_a is None or a.props.get("party_a") in side_a)
        and (filters.category is None or filters.category in (a.props.get("categories") or ()))
        and (filters.in_force is None or in_force(a.props, day) == filters.in_force)
    ]
    return slice_page(hits, filters, item)


@router.get("/{id:path}", response_model=AgreementDetailInForce, summary="协议详情")
def get_agreement(id: PathId, store: StoreDep) -> Any:
    out = node_detail(store, id, ("Agreement",))
    out["in_force"] = in_force(out, today())
    return out
