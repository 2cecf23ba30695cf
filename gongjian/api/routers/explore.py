"""Exploring the graph: search, linkage paths, any node and its neighbourhood."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, ViewerDep, viewer
from gongjian.api.schemas import NeighbourhoodQuery, PathId, PathsQuery, SearchQuery
from gongjian.api.schemas.answers import Neighbourhood, Paths, SearchResults, Ties
from gongjian.api.schemas.nodes import AnyDetail
from gongjian.model import LABELS
from gongjian.queries.explore import neighbourhood, node_detail, paths, search_page
from gongjian.queries.ties import ties

router = APIRouter(
    prefix="/api", tags=["explore"], route_class=Route, responses=AUTH_ERRORS, dependencies=[Depends(viewer)]
)


@router.get("/search", response_model=SearchResults, summary="按名称、编码或拼音搜索")
def search_nodes(store: StoreDep, caller: ViewerDep, query: Annotated[SearchQuery, Query()]) -> Any:
    labels = tuple(query.label) or LABELS
    if not caller.unmasked:
        # a person's name is personal data: looking people up by name is for admins only
        labels = tuple(label for label in labels if label != "Person")
    total, items = search_page(store, query.q, limit=query.limit, labels=labels) if labels else (0, [])
    return {"total": total, "items": items}


@router.get("/paths", response_model=Paths, summary="两个节点之间的联结路径")
def find_paths(store: StoreDep, query: Annotated[PathsQuery, Query()]) -> Any:
    found = paths(store, query.src, query.dst, k=query.k, max_hops=query.max_hops)
    return {"total": len(found), "paths": found}


@router.get(
    "/nodes/{id:path}/neighbourhood", response_model=Neighbourhood, summary="节点周边（depth 跳以内）"
)
def node_neighbourhood(id: PathId, store: StoreDep, query: Annotated[NeighbourhoodQuery, Query()]) -> Any:
    return neighbourhood(store, id, depth=query.depth, limit=query.limit)


@router.get(
    "/nodes/{id:path}/ties",
    response_model=Ties,
    summary="单位或党组织的共建关系：所在平台（职务）、共建协议、双报到",
)
def node_ties(id: PathId, store: StoreDep) -> Any:
    return ties(store, id)


@router.get("/nodes/{id:path}", response_model=AnyDetail, summary="任一节点详情（编码，或 类型:编码）")
def get_node(id: PathId, store: StoreDep) -> Any:
    return node_detail(store, id)
