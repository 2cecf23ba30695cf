"""共建平台一览: a platform (big party committee, alliance …) with its lead and members."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from gongjian.api.deps import StoreDep, viewer
from gongjian.api.schemas import PathId
from gongjian.queries.committee import committee

router = APIRouter(prefix="/api/committees", tags=["committees"], dependencies=[Depends(viewer)])


@router.get("/{id:path}", summary="平台一览：平台编码，或社区/街道的区划代码")
def get_committee(id: PathId, store: StoreDep) -> Any:
    return committee(store, id)
