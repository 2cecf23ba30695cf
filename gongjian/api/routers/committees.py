"""共建平台一览: a platform (big party committee, alliance …) with its lead and members."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, viewer
from gongjian.api.schemas import PathId
from gongjian.api.schemas.answers import Committee
from gongjian.queries.committee import committee

router = APIRouter(
    prefix="/api/committees",
    tags=["committees"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)


@router.get("/{id:path}", response_model=Committee, summary="平台一览：平台编码，或社区/街道的区划代码")
def get_committee(id: PathId, store: StoreDep) -> Any:
    return committee(store, id)
