"""导出清单: ``GET /api/exports/{list}.{format}`` — the lists of :mod:`gongjian.exports` over HTTP.

``members?id=``, ``needs?area=&status=&category=&urgency=``, ``resources?area=&unit=&status=&category=``,
``matches?need=&limit=``; as CSV or Excel, masked unless the caller is an admin.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from gongjian import exports
from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, ViewerDep, viewer
from gongjian.api.errors import invalid
from gongjian.api.routers.diagrams import download_headers
from gongjian.api.schemas import MAX_LIMIT, Id, enum_word
from gongjian.api.throttle import expensive
from gongjian.model import CATEGORY, URGENCY

router = APIRouter(
    prefix="/api/exports",
    tags=["exports"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer), expensive],
)


class ExportQuery(BaseModel):
    id: Id | None = Field(None, description="members：平台编码，或社区/街道的区划代码")
    need: Id | None = Field(None, description="matches：需求编码")
    area: Id | None = Field(None, description="needs、resources：区划代码（含下级）")
    unit: Id | None = Field(None, description="resources：提供单位编码")
    status: str | None = Field(None, max_length=20, description="needs、resources：状态")
    category: Annotated[str | None, enum_word(CATEGORY)] = Field(None, description="needs、resources：类别")
    urgency: Annotated[str | None, enum_word(URGENCY)] = Field(None, description="needs：紧急程度")
    limit: int | None = Field(None, ge=1, le=MAX_LIMIT, description="matches：最多几个匹配（默认 50）")


@router.get(
    "/{target}",
    summary="导出清单：members/needs/resources/matches，格式 csv 或 xlsx（如 members.xlsx?id=PF-EJW）",
    response_class=Response,
    responses={
        200: {
            "description": "CSV（UTF-8 带 BOM）或 Excel 工作簿",
            "content": {m: {} for m in exports.MEDIA.values()},
        }
    },
)
def export_list(
    target: str, store: StoreDep, caller: ViewerDep, query: Annotated[ExportQuery, Query()]
) -> Response:
    what, _, fmt = target.rpartition(".")
    try:
        made = exports.export_list(
            store, what, fmt.lower(), exports.ListQuery(**query.model_dump()), unmask=caller.unmasked
        )
    except exports.ExportError as e:
        invalid(e.loc, str(e), target if e.where == "path" else e.value)
    return Response(
        made.body, media_type=made.media_type, headers=download_headers(made.filename, made.fallback)
    )
