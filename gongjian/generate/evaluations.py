"""Two-way evaluations (双向评议) of a community or village and its co-building units: each
year the community grades the units on its big party committee and those it signed agreements
with, and each of them grades the community (docs/domain.md, "Two-way assessment").

The draws come from a generator of their own (:attr:`Run.evaluation_rng`), so the other
ledgers are the same with or without them."""

from __future__ import annotations

from gongjian.generate.ledgers import words
from gongjian.generate.regions import Community
from gongjian.generate.run import Run
from gongjian.generate.units import Unit
from gongjian.model import EVALUATION_GRADE

_GRADE = words(EVALUATION_GRADE)
#: How often each grade is given (best first), for a working partner and one on paper only.
_WEIGHTS = {"working": (45, 35, 15, 5), "paper": (5, 20, 45, 30)}
_GRADES = ("good", "fair", "average", "poor")
#: What a community says of a unit, and a unit of a community, by grade.
_OF_UNIT = {
    "good": ("认领项目及时，服务群众效果好", "积极参与大党委议事，资源共享主动"),
    "fair": ("能按约定参与共建活动", "参与共建较积极，项目完成较好"),
    "average": ("参与共建活动次数偏少", "协议事项落实一般"),
    "poor": ("签约后未开展共建活动", "多次未参加联席会议"),
}
_OF_COMMUNITY = {
    "good": ("需求清单清楚，对接顺畅", "组织协调有力，活动安排周到"),
    "fair": ("需求对接较及时", "沟通较顺畅"),
    "average": ("需求提出不够具体", "活动通知偏晚"),
    "poor": ("对接渠道不畅", "需求长期未反馈进展"),
}


def community_evaluations(run: Run, c: Community, partners: list[Unit], paper: set[str]) -> None:
    """The evaluations between ``c`` and each of ``partners`` (units in ``paper`` did nothing
    together with it): for last year, and for this year's first half once it is over."""
    r = run.evaluation_rng
    periods = [str(run.as_of.year - 1)]
    if run.as_of.month >= 7:
        periods.append(f"{run.as_of.year}H1")
    seen: set[str] = set()
    for u in partners:
        if u.id in seen or u.solo:
            continue
        seen.add(u.id)
        weights = _WEIGHTS["paper" if u.id in paper else "working"]
        for period in periods:
            if r.random() < 0.15:  # not every pair files an evaluation every period
                continue
            _grade(run, c.code, u.id, period, weights, _OF_UNIT)
            if r.random() < 0.85:
                _grade(run, u.id, c.code, period, _WEIGHTS["working"], _OF_COMMUNITY)


def _grade(
    run: Run, evaluator: str, evaluated: str, period: str, weights: tuple[int, ...], says: dict
) -> None:
    r = run.evaluation_rng
    grade = r.choices(_GRADES, weights)[0]
    run.emit(
        "evaluations",
        evaluator=evaluator,
        evaluated=evaluated,
        period=period,
        grade=_GRADE[grade],
        comment=r.choice(says[grade]),
    )
