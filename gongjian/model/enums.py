"""The model's enumerations (`中文 code`): area levels, unit types, statuses, the loop's and
the assessment's words; each with the Chinese and English words users type."""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------- enums


@dataclass(frozen=True)
class Choice:
    """One value of an enumeration: its English code, its Chinese word, other words users type."""

    code: str
    zh: str
    aliases: tuple[str, ...] = ()
    label: str | None = None
    """The node label the value names, for an enum that says what kind of node an id is."""


@dataclass(frozen=True)
class Enum:
    """An enumeration a ledger column takes (`中文 code` in docs/format.md)."""

    name: str
    zh_name: str
    choices: tuple[Choice, ...]
    default: str | None = None
    _lookup: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for c in self.choices:
            for word in (c.code, c.zh, *c.aliases):
                self._lookup[word.casefold()] = c.code

    def parse(self, word: str) -> str | None:
        """The code for a word the user typed (Chinese, English or alias), or None."""
        return self._lookup.get(word.strip().casefold())

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    def zh(self, code: str) -> str:
        for c in self.choices:
            if c.code == code:
                return c.zh
        return code

    @property
    def labels(self) -> dict[str, str]:
        """Code → node label, for the choices that name one."""
        return {c.code: c.label for c in self.choices if c.label}

    def words(self) -> str:
        """The accepted words, for error messages: ``社区 community、村 village …``."""
        return "、".join(f"{c.zh} {c.code}" for c in self.choices)


AREA_LEVEL = Enum(
    "level",
    "层级",
    (
        Choice("province", "省", ("自治区", "直辖市", "省级")),
        Choice("city", "市", ("州", "地级市", "盟", "自治州", "地区", "市级")),
        Choice("county", "县", ("区", "县级市", "旗", "自治县", "县(区)", "县区", "市辖区")),
        Choice("street", "街道", ("街道办", "街道办事处")),
        Choice("township", "乡镇", ("乡", "镇", "苏木")),
        Choice("community", "社区", ("居委会", "社区居委会")),
        Choice("village", "村", ("行政村", "村委会", "嘎查")),
        Choice("grid", "网格", ()),
        Choice("block", "单元", ("小区", "楼栋", "院落", "楼院")),
    ),
)
#: Depth of each level in the territorial hierarchy; a parent is strictly shallower.
LEVEL_RANK: dict[str, int] = {
    "province": 0,
    "city": 1,
    "county": 2,
    "street": 3,
    "township": 3,
    "community": 4,
    "village": 4,
    "grid": 5,
    "block": 6,
}
#: Levels that may stand at the top of a dataset, without a parent.
TOP_LEVELS = frozenset({"province", "city", "county", "street", "township"})
#: Levels where residents' needs are raised (a need below a community belongs to it).
NEED_LEVELS = frozenset({"community", "village", "grid", "block"})
COMMUNITY_LEVELS = frozenset({"community", "village"})
STREET_LEVELS = frozenset({"street", "township"})

UNIT_TYPE = Enum(
    "type",
    "单位类型",
    (
        Choice("agency", "机关", ("党政机关", "机关单位")),
        Choice("institution", "事业单位", ()),
        Choice("soe", "国有企业", ("国企", "国有")),
        Choice("private", "非公企业", ("民营企业", "私营企业", "非公有制企业")),
        Choice("social_org", "社会组织", ()),
        Choice("property", "物业服务企业", ("物业", "物业公司", "物业企业")),
        Choice("owners_committee", "业主委员会", ("业委会",)),
        Choice("other", "其他", ("其它",)),
    ),
)

PARTY_ORG_KIND = Enum(
    "kind",
    "组织类型",
    (
        Choice("committee", "党委", ()),
        Choice("working_committee", "党工委", ()),
        Choice("general_branch", "党总支", ()),
        Choice("branch", "党支部", ("支部",)),
        Choice("joint_branch", "联合党支部", ()),
        Choice("group", "党小组", ()),
    ),
)

PLATFORM_KIND = Enum(
    "kind",
    "平台类型",
    (
        Choice("big_committee", "大党委", ("社区大党委",)),
        Choice("alliance", "党建联盟", ("街道党建联盟", "联盟")),
        Choice("big_working_committee", "大工委", ("街道大工委",)),
        Choice("joint_conference", "联席会议", ("党建联席会议",)),
    ),
)

MEMBER_TYPE = Enum(
    "member_type",
    "成员类型",
    (
        Choice("unit", "单位", label="Unit"),
        Choice("party_org", "党组织", label="PartyOrg"),
        Choice("person", "个人", ("人员",), label="Person"),
    ),
)

URGENCY = Enum(
    "urgency",
    "紧急程度",
    (Choice("high", "高", ("紧急",)), Choice("medium", "中", ("一般",)), Choice("low", "低", ())),
    default="medium",
)

NEED_STATUS = Enum(
    "status",
    "状态",
    (
        Choice("open", "待认领", ()),
        Choice("claimed", "已认领", ()),
        Choice("in_progress", "办理中", ()),
        Choice("done", "已办结", ("已完成",)),
        Choice("closed", "已关闭", ()),
    ),
    default="open",
)

RESOURCE_STATUS = Enum(
    "status",
    "状态",
    (
        Choice("available", "可用", ()),
        Choice("idle", "闲置", ()),
        Choice("full", "已满", ()),
        Choice("retired", "停用", ()),
    ),
    default="available",
)

PROJECT_STATUS = Enum(
    "status",
    "状态",
    (
        Choice("claimed", "已认领", ()),
        Choice("in_progress", "实施中", ()),
        Choice("done", "已完成", ()),
        Choice("cancelled", "已终止", ()),
    ),
    default="claimed",
)

HANDLING_LEVEL = Enum(
    "level",
    "办理层级",
    (
        Choice("grid", "网格", ("网格级",)),
        Choice("community", "社区", ("村", "社区级", "村级")),
        Choice("street", "街道", ("乡镇", "乡", "镇", "街道级", "乡镇级")),
        Choice("county", "县", ("区", "县级", "区级", "县(区)", "县区")),
    ),
)

EVENT_ACTION = Enum(
    "action",
    "动作",
    (
        Choice("raised", "采集", ("登记", "提出")),
        Choice("dispatched", "派单", ()),
        Choice("claimed", "接单", ("认领",)),
        Choice("escalated", "上报", ()),
        Choice("done", "办结", ("完成",)),
        Choice("rated", "评价", ()),
        Choice("returned", "退回", ()),
        Choice("closed", "关闭", ()),
    ),
)

RATING = Enum(
    "rating",
    "满意度",
    (
        Choice("satisfied", "满意", ("非常满意",)),
        Choice("fair", "基本满意", ("较满意", "比较满意")),
        Choice("dissatisfied", "不满意", ()),
    ),
)

EVALUATION_GRADE = Enum(
    "grade",
    "等次",
    (
        Choice("good", "好", ("优秀",)),
        Choice("fair", "较好", ("良好",)),
        Choice("average", "一般", ("合格",)),
        Choice("poor", "差", ("较差", "不合格")),
    ),
)
