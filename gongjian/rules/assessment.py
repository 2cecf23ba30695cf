"""Two-way assessment (双向考核, 双向评议): what counts in a unit's and an area's scorecard for a
period, how an evaluation's period lies inside it, when a project was on time, late or overdue,
and how the parts make a score (docs/domain.md, "Two-way assessment").

The weights are defaults here and may be set in the settings file (``[scorecard.unit]`` and
``[scorecard.area]`` of ``gongjian.toml``, see :mod:`gongjian.settings`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from gongjian.rules.loop import project_due

#: Evaluation grades (等次), best first, and what each is worth in the evaluations part.
GRADES: tuple[str, ...] = ("good", "fair", "average", "poor")
GRADE_VALUE: dict[str, float] = {"good": 1.0, "fair": 0.75, "average": 0.5, "poor": 0.0}

#: Who an area's evaluations count from (units grade the community and street, 双向评议): units
#: and party orgs, not other areas.
AREA_EVALUATORS: tuple[str, ...] = ("Unit", "PartyOrg")

#: A unit's parts that count against it: the normalised value is subtracted, times its weight.
PENALTIES: frozenset[str] = frozenset({"projects_overdue", "idle_resources", "overdue_rate"})

#: A unit's score: how much each normalised part counts (penalties are subtracted). The score is
#: 100 × Σ weight × normalised ÷ Σ weights of the parts that are not penalties, at least 0.
UNIT_WEIGHTS: dict[str, float] = {
    "platforms": 0.10,
    "agreements_in_force": 0.10,
    "projects_done": 0.20,
    "on_time_rate": 0.15,
    "satisfaction_rate": 0.20,
    "registered_people": 0.05,
    "service_hours": 0.05,
    "evaluations": 0.15,
    "projects_overdue": 0.10,
    "idle_resources": 0.05,
}
#: A community's or street's score, the same way.
AREA_WEIGHTS: dict[str, float] = {
    "done_rate": 0.30,
    "satisfaction_rate": 0.25,
    "committee_members": 0.10,
    "agreements_in_force": 0.10,
    "evaluations": 0.25,
    "overdue_rate": 0.10,
}

#: How a count becomes a part between 0 and 1: n ÷ (n + half), so ``half`` of them give 0.5.
HALF: dict[str, float] = {
    "platforms": 1,
    "agreements_in_force": 1,
    "projects_done": 2,
    "registered_people": 5,
    "service_hours": 50,
    "projects_overdue": 1,
    "idle_resources": 1,
    "committee_members": 5,
}

PART_ZH: dict[str, str] = {
    "platforms": "所在平台",
    "agreements_in_force": "有效协议",
    "projects_claimed": "认领项目",
    "projects_done": "完成项目",
    "projects_on_time": "按期完成",
    "projects_late": "逾期完成",
    "projects_overdue": "逾期未完成",
    "on_time_rate": "按期率",
    "beneficiaries": "受益人数",
    "rated": "评价数",
    "satisfaction_rate": "满意率",
    "registered_people": "报到党员",
    "service_hours": "服务时长",
    "idle_resources": "闲置资源",
    "evaluations": "评议",
    "raised": "提出需求",
    "done": "办结",
    "done_rate": "办结率",
    "mean_days_to_done": "平均用时",
    "overdue": "逾期",
    "overdue_rate": "逾期率",
    "committee_members": "大党委成员",
    "agreements_signed": "新签协议",
}

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD = re.compile(
    r"^(?P<year>\d{4})\s*(?:年度?)?\s*"
    r"(?:(?P<h>[Hh][12])|(?P<q>[Qq][1-4])|(?P<half>[上下])半年|第?(?P<cq>[一二三四1-4])季度)?$"
)


def parse_period(text: str) -> str:
    """A period as its canonical code: ``2025`` (a year), ``2025H1`` (a half), ``2025Q3`` (a
    quarter); ``2025年``, ``2025年上半年``, ``2025年第三季度``, ``2025-Q3`` are read too."""
    s = text.strip().replace("-", "").replace("—", "").replace(" ", "")
    m = _PERIOD.match(s)
    if not m:
        raise ValueError("期间应为年度（2025）、半年（2025H1、2025年上半年）或季度（2025Q3、2025年第三季度）")
    year = m["year"]
    if m["h"]:
        return f"{year}H{m['h'][1]}"
    if m["half"]:
        return f"{year}H{1 if m['half'] == '上' else 2}"
    if m["q"]:
        return f"{year}Q{m['q'][1]}"
    if m["cq"]:
        return f"{year}Q{_CN_NUM[m['cq']]}"
    return year


def period_span(period: str) -> tuple[str, str]:
    """The first and last day of a period code."""
    year = int(period[:4])
    if len(period) == 4:
        first, last = 1, 12
    elif period[4] == "H":
        first = 1 if period[5] == "1" else 7
        last = first + 5
    else:
        first = (int(period[5]) - 1) * 3 + 1
        last = first + 2
    end = dt.date(year + last // 12, last % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first, 1).isoformat(), end.isoformat()


def period_inside(period: str | None, start: str, end: str) -> bool:
    """An evaluation counts when its whole period lies inside the scorecard's ``start``–``end``."""
    if not period:
        return False
    try:
        first, last = period_span(parse_period(period))
    except ValueError:
        return False
    return start <= first and last <= end


def project_timing(project: Mapping, end: str, today: str) -> str | None:
    """``on_time`` or ``late`` for a project done (finished by its due date, or after; a done
    project without a finish or due date is on time); ``overdue`` for one not done (nor cancelled)
    and past its due date at the period's ``end``, or ``today`` if that is earlier; else None."""
    status = project.get("status") or "claimed"
    due = project_due(project)
    if status == "done":
        finished = project.get("finished")
        return "late" if finished and due and finished > due else "on_time"
    if status == "cancelled":
        return None
    cut = min(end, today)
    return "overdue" if due and due < cut else None


def saturate(part: str, n: float) -> float:
    """A count as a part between 0 and 1 (see :data:`HALF`)."""
    half = HALF.get(part, 1)
    return round(n / (n + half), 4) if n > 0 else 0.0


def evaluation_value(counts: Mapping[str, int]) -> float:
    """The evaluations part: the mean worth of the grades received (0 with none)."""
    total = sum(counts.get(g, 0) for g in GRADES)
    if not total:
        return 0.0
    return round(sum(GRADE_VALUE[g] * counts.get(g, 0) for g in GRADES) / total, 4)


def score(normalised: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """0–100: Σ weight × part (penalties subtracted) ÷ Σ weights of the other parts, at least 0."""
    gain = sum(w for k, w in weights.items() if k not in PENALTIES)
    if gain <= 0:
        return 0.0
    total = sum((-w if k in PENALTIES else w) * normalised.get(k, 0.0) for k, w in weights.items() if w)
    return round(max(0.0, 100 * total / gain), 2)


def check_weights(given: object, defaults: Mapping[str, float], section: str) -> dict[str, float]:
    """The defaults with the settings file's weights over them; an unknown part or a negative or
    non-numeric weight is a ValueError (Chinese, for the user)."""
    if given is None:
        return dict(defaults)
    if not isinstance(given, Mapping):
        raise ValueError(f"设置文件中 {section} 应为 {{部分 = 权重, …}}")
    out = dict(defaults)
    for key, value in given.items():
        if key not in defaults:
            raise ValueError(f"设置文件中 {section} 的 {key} 不是评分的部分；应为 {'、'.join(defaults)}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"设置文件中 {section}.{key} 应为不小于 0 的数")
        out[key] = float(value)
    return out
