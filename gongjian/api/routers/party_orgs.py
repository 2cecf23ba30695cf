"""党组织: party organisations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, viewer
from gongjian.api.schemas import PathId
from gongjian.api.schemas.answers import PartyOrgDetail
from gongjian.queries.explore import node_detail

router = APIRouter(
    prefix="/api/party-orgs",
    tags=["party-orgs"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)


@router.get("/{id:path}", response_model=PartyOrgDetail, summary="党组织详情及其联结")
def get_party_org(id: PathId, store: StoreDep) -> Any:
    return node_detail(store, id, ("PartyOrg",))
