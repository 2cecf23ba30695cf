"""闭环办理情况 for a report: an area's loop figures as an Excel workbook or a PNG chart.

``GET /api/loop/report.xlsx`` and ``GET /api/loop/report.png`` take the same query as
``GET /api/loop/report`` (``area``, ``from``, ``to``) and answer a download. The figures
name areas only, no person, so there is nothing to mask; text cells are neutralised.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from gongjian.api.deps import StoreDep, viewer
from gongjian.api.errors import JSON
from gongjian.api.routers.diagrams import _PICTURES, download_headers
from gongjian.api.routers.loop import ReportQuery
from gongjian.api.throttle import expensive
from gongjian.queries import loop
from gongjian.viz.loop_report import report_png, report_xlsx

router = APIRouter(tags=["loop"], dependencies=[Depends(viewer), expensive])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers(report: dict, ext: str) -> dict[str, str]:
    name = f"{report['area']['name']}-需求办理情况-{report['from']}至{report['to']}.{ext}"
    return download_headers(name, f"loop-report-{report['area']['id']}-{report['from']}-{report['to']}.{ext}")


@router.get(
    "/api/loop/report.xlsx",
    summary="办理情况导出 Excel：汇总、下级区划、按月三张表",
    response_class=Response,
    responses={200: {"description": "Excel 工作簿", "content": {XLSX: {}}}},
)
def report_workbook(store: StoreDep, query: Annotated[ReportQuery, Query()]) -> Response:
    report = loop.report(store, query.area, query.start, query.end)
    return Response(report_xlsx(report), media_type=XLSX, headers=_headers(report, "xlsx"))


@router.get(
    "/api/loop/report.png",
    summary="办理情况图片：主要指标、每月提出与办结、上报漏斗",
    response_class=Response,
    responses={200: {"description": "PNG 图片", "content": {"image/png": {}}}},
)
def report_picture(store: StoreDep, query: Annotated[ReportQuery, Query()]) -> Response:
    report = loop.report(store, query.area, query.start, query.end)
    from gongjian.viz.font import FontMissing

    try:
        with _PICTURES:
            body = report_png(report)
    except FontMissing as e:  # the server lacks the Chinese font
        return JSON({"detail": f"无法生成图片：{e}"}, status_code=503)
    return Response(body, media_type="image/png", headers=_headers(report, "png"))
