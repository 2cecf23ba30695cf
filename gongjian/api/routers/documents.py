"""经验材料: practice articles — full-text search, and the articles that mention a node.

Registered before the explore router: its ``/api/nodes/{id}`` takes any path, so
``/api/nodes/{id}/documents`` would otherwise be read as a node whose id ends in /documents.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, viewer
from gongjian.api.schemas import answers
from gongjian.api.schemas.requests import MAX_Q, PathId
from gongjian.documents.search import about, search, show
from gongjian.queries.figures import document_figures

router = APIRouter(
    prefix="/api",
    tags=["documents"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer)],
)


class DocumentQuery(BaseModel):
    q: str = Field("", max_length=MAX_Q, description="检索词（中文分词）；可空，只按条件筛选")
    mechanism: str | None = Field(
        None, max_length=50, description="只看讲到某机制的材料：编码或名称，如 时间银行"
    )
    area: str | None = Field(None, max_length=100, description="只看写到某区划（含下级）的材料：区划代码")
    limit: int = Field(20, ge=1, le=200)


@router.get("/documents", response_model=answers.DocumentResults, summary="检索经验材料（全文，按相关度）")
def search_documents(store: StoreDep, query: Annotated[DocumentQuery, Query()]) -> Any:
    return search(store, query.q, mechanism=query.mechanism, area=query.area, limit=query.limit)


@router.get(
    "/documents/{id}", response_model=answers.DocumentDetail, summary="一篇经验材料：全文、提及、机制"
)
def get_document(id: PathId, store: StoreDep) -> Any:
    return show(store, id)


@router.get(
    "/documents/{id}/figures",
    response_model=answers.DocumentFigures,
    summary="一篇经验材料中的数据：原句、所指地区，与图中对应数对照",
)
def get_document_figures(id: PathId, store: StoreDep) -> Any:
    return document_figures(store, id)


@router.get(
    "/nodes/{id:path}/documents",
    response_model=answers.NodeDocuments,
    summary="写到某区划、平台或单位的经验材料",
)
def node_documents(id: PathId, store: StoreDep, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Any:
    return about(store, id, limit=limit)
