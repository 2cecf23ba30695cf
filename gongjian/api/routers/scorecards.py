"""双向考核: a unit's and a community's or street's scorecard, and rankings (红黑榜) with their
report files. Viewers and planners read; the weights come from the settings file."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, ViewerDep, viewer
from gongjian.api.errors import JSON
from gongjian.api.schemas import answers
from gongjian.api.schemas.requests import PathId, ledger
from gongjian.queries import scorecard
from gongjian.settings import load, scorecard_weights

router = APIRouter(
    tags=["scorecards"], route_class=Route, responses=AUTH_ERRORS, dependencies=[Depends(viewer)]
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8", "png": "image/png", "pdf": "application/pdf"}


class PeriodQuery(BaseModel):
    start: Annotated[str, ledger("needs", "raised"), Field(alias="from", description="考核期间自")]
    end: Annotated[str, ledger("needs", "raised"), Field(alias="to", description="考核期间至")]


class RankQuery(PeriodQuery):
    area: Annotated[str, Field(min_length=1, max_length=100, description="街道或区县的区划代码")]
    kind: Literal["unit", "community"] = Field("unit", description="unit 驻区单位，community 社区（村）")


def _weights(kind: str) -> dict[str, float]:
    return scorecard_weights(kind, load())


@router.get(
    "/api/scorecards/units/{id:path}",
    response_model=answers.UnitScorecard,
    summary="驻区单位的考核：平台、协议、项目（按期、逾期）、满意率、双报到、闲置资源、所受评议",
)
def unit_card(id: PathId, store: StoreDep, query: Annotated[PeriodQuery, Query()]) -> Any:
    return scorecard.unit_scorecard(store, id, query.start, query.end, weights=_weights("unit"))


@router.get(
    "/api/scorecards/areas/{id:path}",
    response_model=answers.AreaScorecard,
    summary="社区或街道的考核（反向）：办结率、用时、满意率、大党委与协议、单位的评议",
)
def area_card(id: PathId, store: StoreDep, query: Annotated[PeriodQuery, Query()]) -> Any:
    return scorecard.area_scorecard(store, id, query.start, query.end, weights=_weights("area"))


def _ranking(store: Any, query: RankQuery) -> dict[str, Any]:
    kind = "unit" if query.kind == "unit" else "area"
    return scorecard.rank(store, query.area, query.kind, query.start, query.end, weights=_weights(kind))


@router.get("/api/scorecards/ranking", response_model=answers.Ranking, summary="红黑榜：按考核得分排名")
def ranking(store: StoreDep, query: Annotated[RankQuery, Query()]) -> Any:
    return _ranking(store, query)


@router.get(
    "/api/scorecards/ranking.{fmt}",
    summary="红黑榜报表：xlsx、csv（含各部分）或 png、pdf（得分条形图）",
    response_class=Response,
    responses={200: {"description": "报表文件", "content": {m: {} for m in MEDIA.values()}}},
)
def ranking_file(
    fmt: Literal["xlsx", "csv", "png", "pdf"],
    store: StoreDep,
    caller: ViewerDep,
    query: Annotated[RankQuery, Query()],
) -> Response:
    from gongjian.api.routers.diagrams import _PICTURES, download_headers
    from gongjian.privacy import mask_json
    from gongjian.viz.font import FontMissing
    from gongjian.viz.scorecard_report import ranking_file as write

    result = _ranking(store, query)
    if caller.role != "admin":
        result = mask_json(result)
    try:
        if fmt in ("png", "pdf"):
            with _PICTURES:
                body = write(result, fmt)
        else:
            body = write(result, fmt)
    except FontMissing as e:
        return JSON({"detail": f"无法生成图片：{e}"}, status_code=503)
    name = f"{result['area']['name']}-考核排名-{query.start}至{query.end}.{fmt}"
    fallback = f"scorecard-ranking-{result['area']['id']}-{query.start}-{query.end}.{fmt}"
    return Response(body, media_type=MEDIA[fmt], headers=download_headers(name, fallback))
