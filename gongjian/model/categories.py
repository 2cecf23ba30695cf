"""Categories of needs and resources (需求/资源类别) and which serve which."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from gongjian.model.enums import Choice, Enum

# ---------------------------------------------------------------------- categories


@dataclass(frozen=True)
class Category:
    """A category of needs and resources (需求/资源类别) with the words that signal it."""

    code: str
    zh: str
    keywords: tuple[str, ...]


CATEGORIES: tuple[Category, ...] = (
    Category(
        "health",
        "医疗健康",
        (
            "医疗",
            "健康",
            "体检",
            "义诊",
            "就医",
            "看病",
            "医生",
            "医院",
            "慢病",
            "卫生院",
            "诊所",
            "护理",
            "康复",
            "血压",
            "血糖",
            "药",
        ),
    ),
    Category(
        "elderly",
        "养老助老",
        ("养老", "助老", "老人", "老年", "高龄", "独居", "空巢", "长者", "敬老", "助餐", "老年食堂", "适老"),
    ),
    Category("disability", "助残", ("残疾", "残障", "助残", "轮椅", "盲人", "聋哑", "无障碍", "智障")),
    Category(
        "children",
        "儿童教育",
        (
            "儿童",
            "学生",
            "青少年",
            "课后",
            "托管",
            "辅导",
            "作业",
            "四点半",
            "留守",
            "教育",
            "学校",
            "图书",
            "假期",
            "托育",
        ),
    ),
    Category(
        "legal", "法律服务", ("法律", "律师", "法治", "普法", "维权", "合同", "诉讼", "咨询法律", "公证")
    ),
    Category("mediation", "矛盾调解", ("调解", "纠纷", "矛盾", "邻里", "信访", "化解")),
    Category(
        "employment", "就业创业", ("就业", "创业", "招聘", "岗位", "技能培训", "职业", "培训", "求职", "失业")
    ),
    Category(
        "environment",
        "环境卫生",
        ("环境", "卫生", "垃圾", "清扫", "绿化", "污水", "清洁", "整治", "分类", "保洁", "河道"),
    ),
    Category(
        "infrastructure",
        "基础设施",
        (
            "线路",
            "电路",
            "管网",
            "道路",
            "路灯",
            "电梯",
            "改造",
            "维修",
            "检修",
            "水电",
            "停车",
            "设施",
            "老旧小区",
            "供水",
            "排水",
            "充电",
        ),
    ),
    Category("safety", "平安治安", ("治安", "安全", "巡逻", "消防", "防盗", "监控", "反诈", "隐患", "平安")),
    Category(
        "culture",
        "文化体育",
        (
            "文化",
            "文艺",
            "体育",
            "健身",
            "书法",
            "演出",
            "活动室",
            "阅读",
            "球场",
            "广场舞",
            "场地",
            "会议室",
        ),
    ),
    Category(
        "hardship", "困难帮扶", ("困难", "帮扶", "低保", "救助", "慰问", "贫困", "特困", "捐赠", "物资")
    ),
    Category("property", "物业管理", ("物业", "业主", "业委会", "小区管理", "物业费")),
    Category(
        "emergency", "应急防疫", ("应急", "防疫", "疫情", "防汛", "抗旱", "救灾", "地震", "核酸", "疫苗")
    ),
    Category("volunteer", "志愿服务", ("志愿", "义务", "公益", "服务队")),
    Category("other", "其他", ()),
)
CATEGORY = Enum("category", "类别", tuple(Choice(c.code, c.zh, (c.zh[:2],)) for c in CATEGORIES))

#: Categories that serve each other (a health resource may meet a disability need).
RELATED_CATEGORIES: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("disability", "health"),
        ("elderly", "health"),
        ("elderly", "hardship"),
        ("disability", "hardship"),
        ("elderly", "disability"),
        ("elderly", "volunteer"),
        ("children", "culture"),
        ("legal", "mediation"),
        ("environment", "property"),
        ("infrastructure", "property"),
        ("safety", "emergency"),
        ("hardship", "volunteer"),
        ("employment", "hardship"),
        ("environment", "volunteer"),
    )
)

#: One way only: a need of the key's category may also be met by resources of these
#: categories, not the other way round. An epidemic-prevention need (应急防疫) may take a
#: clinic's health resource, but an ordinary health need (常见病用药咨询) no flood-relief team.
ALSO_SERVED_BY: dict[str, frozenset[str]] = {"emergency": frozenset({"health"})}


def categories_related(a: str, b: str) -> bool:
    """Whether a resource of category ``b`` can serve a need of category ``a`` (same or related)."""
    return a == b or frozenset((a, b)) in RELATED_CATEGORIES or b in ALSO_SERVED_BY.get(a, ())


@functools.cache
def categories_serving(need_category: str) -> frozenset[str]:
    """Every resource category :func:`categories_related` lets serve a need of ``need_category``."""
    return frozenset(
        {
            need_category,
            *(c for pair in RELATED_CATEGORIES if need_category in pair for c in pair),
            *ALSO_SERVED_BY.get(need_category, ()),
        }
    )
