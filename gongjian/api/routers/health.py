"""``GET /api/health``: is the service up and its store reachable (no token needed)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gongjian import __version__
from gongjian.api.answers import JSON, Route
from gongjian.api.deps import StoreDep
from gongjian.api.errors import log
from gongjian.api.schemas.answers import Health
from gongjian.graph.store import Store

router = APIRouter(prefix="/api", tags=["health"], route_class=Route)


def store_kind(store: Store) -> str:
    name = type(store).__name__
    return {"EmbeddedStore": "embedded", "Neo4jStore": "neo4j"}.get(name, name)


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "数据库不可用"}},
    summary="健康检查",
)
def health(store: StoreDep) -> Any:
    kind = store_kind(store)
    try:
        store.get_node("Area", "")  # one cheap round trip to the store
    except Exception as e:  # any failure of the store means: not ready
        log.warning("健康检查：数据库（%s）无法访问：%s", kind, e)
        return JSON(
            {"status": "unavailable", "store": kind, "version": __version__, "detail": f"数据库不可用：{e}"},
            status_code=503,
        )
    return {"status": "ok", "store": kind, "version": __version__}
