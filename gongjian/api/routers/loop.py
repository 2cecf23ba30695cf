"""闭环: escalation by deadline, a need's history and residents' verdict, an area's figures.

Registered before the needs router: its ``/api/needs/{id}/history`` and ``…/feedback`` would
otherwise be taken for a need whose id ends in ``/history``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from gongjian.api.answers import Route
from gongjian.api.deps import AUTH_ERRORS, PlannerDep, StoreDep, viewer
from gongjian.api.listing import area_codes
from gongjian.api.schemas import answers
from gongjian.api.schemas.requests import Id, PathId, Text, _Body, enum_word, ledger
from gongjian.graph.store import Store
from gongjian.model import HANDLING_LEVEL, RATING, display_name
from gongjian.queries import loop
from gongjian.queries.common import today
from gongjian.rules.loop import Days, Monthly, Policy
from gongjian.settings import DEFAULT_DAYS, load, loop_policy

router = APIRouter(tags=["loop"], route_class=Route, responses=AUTH_ERRORS, dependencies=[Depends(viewer)])

Day = Annotated[str | None, ledger("needs", "raised")]


class LoopRun(_Body):
    """到期上报：按时限策略上报过期的待认领需求。"""

    as_of: Day = Field(None, description="按哪一天判断到期，默认今天")
    policy: Annotated[str | None, Field(None, pattern="^(monthly|days)$")] = Field(
        None, description="monthly（每月10/15/25日）或 days（限时办结）；默认取设置文件，否则 monthly"
    )
    days: dict[Annotated[str, enum_word(HANDLING_LEVEL)], Annotated[int, Field(gt=0, le=3650)]] | None = (
        Field(None, description='days 策略各层级天数，如 {"grid": 3, "community": 7}')
    )
    dry_run: bool = Field(False, description="只列出，不写入")


class Feedback(_Body):
    """居民对一条已办结需求的评价；不满意则退回重办。"""

    rating: Annotated[str, enum_word(RATING)] = Field(description=RATING.words())
    date: Day = Field(None, description="评价日期，默认今天")
    comment: Text | None = Field(None, max_length=1000, description="居民意见")


class ReportQuery(BaseModel):
    area: Annotated[str, Field(min_length=1, max_length=100, description="区划代码（含下级）")]
    start: Annotated[str, ledger("needs", "raised"), Field(alias="from", description="提出日期自")]
    end: Annotated[str, ledger("needs", "raised"), Field(alias="to", description="提出日期至")]


def _policy(body: LoopRun) -> Policy:
    if body.policy == "days" or (body.policy is None and body.days):
        return Days({**DEFAULT_DAYS, **(body.days or {})})
    if body.policy == "monthly":
        return Monthly()
    return loop_policy(settings=load())


@router.post(
    "/api/loop/run",
    response_model=answers.LoopRunResult,
    summary="到期上报：过了本层级时限的待认领需求上报一级，并列出逾期需求",
)
def run_loop(body: LoopRun, store: StoreDep, _: PlannerDep) -> Any:
    return loop.run(store, body.as_of or today(), _policy(body), dry_run=body.dry_run)


@router.get(
    "/api/loop/report",
    response_model=answers.LoopReport,
    summary="办理情况：一个区划（含下级）一段时间内提出的需求的办结率、用时、上报与满意率",
)
def loop_report(store: StoreDep, query: Annotated[ReportQuery, Query()]) -> Any:
    return loop.report(store, query.area, query.start, query.end)


@router.get(
    "/api/loop/overdue",
    response_model=answers.OverdueList,
    summary="逾期需求（督办）：办理中、已过计划完成日期的需求",
)
def overdue(
    store: StoreDep,
    as_of: Annotated[Day, Query(description="按哪一天判断，默认今天")] = None,
    area: Annotated[Id | None, Query(description="区划代码（含下级），默认全部")] = None,
) -> Any:
    codes = area_codes(store, area)
    found = named_overdue(store, loop.overdue(store, as_of or today()), codes)
    return {"as_of": as_of or today(), "area": area, "overdue": found}


def named_overdue(store: Store, found: list[dict[str, Any]], codes: list[str] | None) -> list[dict[str, Any]]:
    """Overdue entries with the need's title and area and the project's name, those in ``codes`` only."""
    needs = store.get_nodes("Need", [e["need"] for e in found])
    inside = None if codes is None else set(codes)
    found = [e for e in found if inside is None or needs.get(e["need"], {}).get("area") in inside]
    projects = store.get_nodes("Project", [e["project"] for e in found if e["project"]])
    areas = store.get_nodes("Area", {str(needs[e["need"]].get("area")) for e in found if e["need"] in needs})
    out = []
    for e in found:
        need = needs.get(e["need"], {})
        code = need.get("area")
        out.append(
            {
                **e,
                "title": display_name("Need", {"id": e["need"], **need}),
                "area": {"id": code, "name": areas.get(str(code), {}).get("name") or code} if code else None,
                "project_name": display_name(
                    "Project", {"id": e["project"], **projects.get(e["project"], {})}
                )
                if e["project"]
                else None,
            }
        )
    return out


@router.get(
    "/api/needs/{id:path}/history",
    response_model=answers.History,
    summary="需求的流转记录（何时、何人、哪一级、做了什么）",
)
def need_history(id: PathId, store: StoreDep) -> Any:
    return loop.history(store, id, policy=loop_policy(settings=load()))


@router.post(
    "/api/needs/{id:path}/feedback",
    status_code=201,
    response_model=answers.History,
    summary="居民评价（不满意则退回重办）",
)
def need_feedback(id: PathId, body: Feedback, store: StoreDep, _: PlannerDep) -> Any:
    return loop.rate(store, id, body.rating, on=body.date, comment=body.comment)
