"""A deployment's settings (设置): one small TOML file, ``gongjian.toml`` in the working folder
or the file ``GONGJIAN_SETTINGS`` names. Every key is optional::

    [loop]
    policy = "days"            # monthly (default, 每月10/15/25日) or days (限时办结)
    days = { grid = 3, community = 7, street = 15, county = 30 }

    [scorecard.unit]           # a unit's score (双向考核): weight of each normalised part
    platforms = 0.10           # n ÷ (n + 1) platforms it sits on at the period's end
    agreements_in_force = 0.10 # n ÷ (n + 1) agreements in force at the period's end
    projects_done = 0.20       # n ÷ (n + 2) projects done in the period
    on_time_rate = 0.15        # done by their due date ÷ done
    satisfaction_rate = 0.20   # (满意 + 基本满意) ÷ rated, of the needs its done projects served
    registered_people = 0.05   # n ÷ (n + 5) of its people registered with communities (双报到)
    service_hours = 0.05       # h ÷ (h + 50) hours served
    evaluations = 0.15         # mean grade received (好 1, 较好 0.75, 一般 0.5, 差 0)
    projects_overdue = 0.10    # penalty: n ÷ (n + 1) projects overdue
    idle_resources = 0.05      # penalty: n ÷ (n + 1) idle resources

    [scorecard.area]           # a community's or street's score
    done_rate = 0.30
    satisfaction_rate = 0.25
    committee_members = 0.10   # n ÷ (n + 5) current members of its platforms
    agreements_in_force = 0.10
    evaluations = 0.25
    overdue_rate = 0.10        # penalty: overdue ÷ raised

The score is 100 × Σ weight × part (penalties subtracted) ÷ Σ weights that are not penalties.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from gongjian.model import HANDLING_LEVEL
from gongjian.rules.loop import Days, Monthly, Policy

DEFAULT_FILE = "gongjian.toml"
#: Days at each level when the days policy is chosen without numbers.
DEFAULT_DAYS = {"grid": 3, "community": 7, "street": 15, "county": 30}


def load(path: str | Path | None = None) -> dict[str, Any]:
    """The settings file's content ({} when there is none); a bad file is a ValueError."""
    named = path or os.environ.get("GONGJIAN_SETTINGS")
    file = Path(named) if named else Path(DEFAULT_FILE)
    if not file.exists():
        if named:
            raise ValueError(f"设置文件 {file} 不存在")
        return {}
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"设置文件 {file} 无法读取：{e}") from None


def scorecard_weights(kind: str, settings: dict | None = None) -> dict[str, float]:
    """The weights of a ``unit``'s or an ``area``'s score: the defaults of
    :mod:`gongjian.rules.assessment`, with the settings file's ``[scorecard.<kind>]`` over them."""
    from gongjian.rules.assessment import AREA_WEIGHTS, UNIT_WEIGHTS, check_weights

    section = (settings or {}).get("scorecard", {})
    if not isinstance(section, dict):
        raise ValueError("设置文件中 scorecard 应为一节 [scorecard.unit] / [scorecard.area]")
    defaults = UNIT_WEIGHTS if kind == "unit" else AREA_WEIGHTS
    return check_weights(section.get(kind), defaults, f"scorecard.{kind}")


def parse_days(text: str) -> dict[str, int]:
    """``grid=3,community=7,street=15,county=30`` (Chinese level words too) as days per level."""
    days: dict[str, int] = {}
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        word, _, number = part.partition("=")
        level = HANDLING_LEVEL.parse(word)
        if level is None or not number.strip().isdigit() or int(number) <= 0:
            raise ValueError(f"时限写法有误：{part.strip()}；应为 层级=天数，层级为 {HANDLING_LEVEL.words()}")
        days[level] = int(number)
    return days


def loop_policy(name: str | None = None, days: str | None = None, settings: dict | None = None) -> Policy:
    """The deadline policy: the command line's choice, else the settings file's, else monthly."""
    section = (settings or {}).get("loop", {})
    chosen = name or section.get("policy") or "monthly"
    if chosen == "monthly":
        if days:
            raise ValueError("--days 只用于 days 时限策略（--policy days）")
        return Monthly()
    if chosen == "days":
        table = parse_days(days) if days else _days_from(section.get("days"))
        return Days({**DEFAULT_DAYS, **table})
    raise ValueError(f"未知的时限策略 {chosen}；应为 monthly（每月10/15/25日）或 days（限时办结）")


def _days_from(value: object) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("设置文件中 loop.days 应为 {grid = 3, community = 7, …}")
    return parse_days(",".join(f"{k}={v}" for k, v in value.items()))
