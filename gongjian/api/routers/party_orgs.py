"""党组织: party organisations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from gongjian.api.deps import StoreDep, viewer
from gongjian.api.schemas import PathId
from gongjian.queries.explore import node_detail

router = APIRouter(prefix="/api/party-orgs", tags=["party-orgs"], dependencies=[Depends(viewer)])


@router.get("/{id:path}", summary="党组织详情及其联结")
def get_party_org(id: PathId, store: StoreDep) -> Any:
    return node_detail(store, id, ("PartyOrg",))
