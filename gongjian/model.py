"""The graph model of 区域化党建 as data.

Declared once here, read by everything else: ingest maps headers, parses enums and
checks each table's rules with it, the stores take labels and relationship types
from it (never from user input), exports take their Chinese labels from it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from typing import Literal

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


# --------------------------------------------------------------------------- graph


@dataclass(frozen=True)
class NodeType:
    """A node label: its code name, its Chinese name, the property users call its key."""

    label: str
    zh: str
    key: str = "id"
    name_prop: str = "name"


NODE_TYPES: dict[str, NodeType] = {
    t.label: t
    for t in (
        NodeType("Area", "区划", key="code"),
        NodeType("Unit", "驻区单位"),
        NodeType("PartyOrg", "党组织"),
        NodeType("Platform", "共建平台"),
        NodeType("Person", "人员"),
        NodeType("Agreement", "共建协议"),
        NodeType("Need", "需求", name_prop="title"),
        NodeType("Resource", "资源", name_prop="title"),
        NodeType("Project", "项目"),
        NodeType("Event", "流转记录", name_prop="title"),
        NodeType("Evaluation", "评议", name_prop="title"),
        NodeType("Document", "经验材料", name_prop="title"),
    )
}
LABELS: tuple[str, ...] = tuple(NODE_TYPES)


@dataclass(frozen=True)
class RelType:
    """A relationship type with the labels it may join."""

    type: str
    zh: str
    src: tuple[str, ...]
    dst: tuple[str, ...]


REL_TYPES: dict[str, RelType] = {
    r.type: r
    for r in (
        RelType("PART_OF", "隶属区划", ("Area",), ("Area",)),
        RelType("LOCATED_IN", "位于", ("Unit", "Person", "Project"), ("Area",)),
        RelType("SUBORDINATE_TO", "隶属", ("PartyOrg",), ("PartyOrg",)),
        RelType("BUILT_IN", "建在", ("PartyOrg",), ("Unit", "Area")),
        RelType("LEADS", "牵头", ("PartyOrg",), ("Platform",)),
        RelType("AT", "覆盖", ("Platform",), ("Area",)),
        RelType("MEMBER_OF", "成员", ("Unit", "PartyOrg", "Person"), ("Platform",)),
        RelType("SIGNED", "签订", ("PartyOrg", "Unit", "Area"), ("Agreement",)),
        RelType("RAISED_IN", "提出于", ("Need",), ("Area",)),
        RelType("OFFERS", "提供", ("Unit",), ("Resource",)),
        RelType("SERVES", "服务", ("Resource",), ("Area",)),
        RelType("ADDRESSES", "解决", ("Project",), ("Need",)),
        RelType("USES", "使用", ("Project",), ("Resource",)),
        RelType("CLAIMED_BY", "认领", ("Project",), ("Unit",)),
        RelType("REGISTERED_WITH", "报到", ("Unit", "PartyOrg", "Person"), ("Area",)),
        RelType("WORKS_AT", "工作于", ("Person",), ("Unit",)),
        RelType("BELONGS_TO", "所属党组织", ("Person",), ("PartyOrg",)),
        RelType("CONCERNS", "流转", ("Event",), ("Need",)),
        RelType("EVALUATED_BY", "评议方", ("Evaluation",), ("Unit", "PartyOrg", "Area")),
        RelType("EVALUATES", "被评议方", ("Evaluation",), ("Unit", "PartyOrg", "Area")),
        RelType("MENTIONS", "提及", ("Document",), ("Area", "Platform", "Unit")),
    )
}

# ------------------------------------------------------------------------- tables

ColumnKind = Literal[
    "id", "text", "words", "int", "number", "date", "enum", "ref", "refs", "categories", "category", "period"
]
Personal = Literal["name", "phone", "id_number"]


@dataclass(frozen=True)
class Rel:
    """The relationship a reference column makes.

    ``out``: record → referenced node; ``in``: referenced node → record.
    ``props`` are set on the relationship (e.g. the side of an agreement).
    """

    type: str
    direction: Literal["out", "in"] = "out"
    props: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Levels:
    """The levels (层级) an area that a reference column names may have.

    Either the ``allowed`` levels, a rule said as ``rule`` and the levels
    (需求应提自 + 社区、村、网格或单元); or levels above the row's own, in its column
    ``above``: an area's parent, which is not the area itself and which only the top
    levels (:data:`TOP_LEVELS`) leave empty.
    """

    allowed: frozenset[str] = frozenset()
    rule: str = ""
    above: str = ""


@dataclass(frozen=True)
class DoneBy:
    """A rule on the need a reference column names: it must have been done (its ``status`` is
    ``done``, or it has a ``done_on`` date) on or before the row's ``date`` column (a verdict
    on a need)."""

    date: str
    status: str = "done"
    done_on: str = "done_on"


@dataclass(frozen=True)
class Column:
    """A ledger column: canonical Chinese header, English alias (= property name), parsing.

    ``credit_code``: an 18-character value must be a valid 统一社会信用代码.
    ``typed_by``: the enum column of the row that says which of ``refs`` an id is
    (a platform member: unit, party org or person); its choices name the labels.
    ``levels``: the levels the referenced area may have.
    ``done_by``: the referenced need must have been done by the row's date.
    """

    zh: str
    name: str
    kind: ColumnKind = "text"
    required: bool = False
    enum: Enum | None = None
    refs: tuple[str, ...] = ()
    rel: Rel | None = None
    personal: Personal | None = None
    aliases: tuple[str, ...] = ()
    default: object = None
    credit_code: bool = False
    typed_by: str = ""
    levels: Levels | None = None
    done_by: DoneBy | None = None
    doc: str = ""
    """What docs/format.md says of the column beyond what the fields above say (English)."""

    @property
    def default_value(self) -> object:
        """The value an empty cell (or a new record without the column) takes."""
        if self.default is not None:
            return self.default
        return self.enum.default if self.enum else None

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.zh, self.name, *self.aliases)


@dataclass(frozen=True)
class Table:
    """A ledger table (one CSV file or one workbook sheet).

    A node table makes one node of ``label`` per row, keyed by its ``id`` column; a
    link table (``label`` None) makes one relationship ``link`` per row, from the
    ``link_src`` column's node to the ``link_dst`` column's node.

    Rules across the cells of a row: ``ordered_dates`` pairs (earlier, later) of date
    columns, the later not before the earlier when both are filled; ``one_of`` groups of
    columns of which a file has at least one and a row fills at least one.

    A node table is keyed by its first column, or, with a ``key_prefix``, by its rows'
    content (:func:`content_key`): the same row given twice is one record (an event).
    ``constants`` are properties every row of the table gets (a verdict is a ``rated`` event).
    """

    name: str
    zh: str
    columns: tuple[Column, ...]
    label: str | None = None
    link: str | None = None
    link_src: str = ""
    link_dst: str = ""
    ordered_dates: tuple[tuple[str, str], ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()
    key_prefix: str = ""
    key_columns: tuple[str, ...] = ()
    """With a ``key_prefix``: the columns the content key is made of (all, when empty); two rows
    of one file with the same key columns are a duplicate."""
    constants: tuple[tuple[str, str], ...] = ()
    doc: str = ""
    """What docs/format.md says of the table beyond what the fields above say (English)."""

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def key_column(self) -> Column | None:
        return self.columns[0] if self.label and not self.key_prefix else None


def content_key(prefix: str, props: dict) -> str:
    """The key of a record known by its content: the same content, the same key."""
    text = json.dumps({k: v for k, v in props.items() if v is not None}, ensure_ascii=False, sort_keys=True)
    return f"{prefix}-{hashlib.sha1(text.encode()).hexdigest()[:20]}"


C = Column
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "areas",
            "区划",
            (
                C(
                    "区划代码",
                    "code",
                    "id",
                    True,
                    doc="12-digit statistical code (统计用区划代码) or any local code",
                ),
                C("名称", "name", required=True, aliases=("区划名称",)),
                C("层级", "level", "enum", True, AREA_LEVEL),
                C(
                    "上级代码",
                    "parent",
                    "ref",
                    refs=("Area",),
                    rel=Rel("PART_OF"),
                    aliases=("上级区划",),
                    levels=Levels(above="level"),
                    doc="required except at the top of a dataset (see area levels); of a higher level than the area",
                ),
                C("常住人口", "population", "int", aliases=("人口",)),
            ),
            label="Area",
        ),
        Table(
            "units",
            "单位",
            (
                C(
                    "单位编码",
                    "id",
                    "id",
                    True,
                    aliases=("统一社会信用代码",),
                    credit_code=True,
                    doc="统一社会信用代码 when 18 characters (check character verified, GB 32100-2015), "
                    "else a local code",
                ),
                C("单位名称", "name", required=True),
                C(
                    "简称",
                    "aliases",
                    "words",
                    aliases=("short_names",),
                    doc="short names the unit goes by (市三院), multi-value; the obvious ones are derived "
                    "from the name anyway (docs/domain.md, practice knowledge)",
                ),
                C("单位类型", "type", "enum", True, UNIT_TYPE),
                C("所在区划", "area", "ref", True, refs=("Area",), rel=Rel("LOCATED_IN")),
                C("隶属层级", "tier", doc="省直, 市直, 区直, 县直, 街道, 社区 …"),
                C("联系人", "contact", personal="name"),
                C("联系电话", "phone", personal="phone"),
            ),
            label="Unit",
        ),
        Table(
            "party_orgs",
            "党组织",
            (
                C("组织编码", "id", "id", True, aliases=("党组织编码",)),
                C("组织名称", "name", required=True, aliases=("党组织名称",)),
                C("组织类型", "kind", "enum", True, PARTY_ORG_KIND),
                C(
                    "上级组织",
                    "parent",
                    "ref",
                    refs=("PartyOrg",),
                    rel=Rel("SUBORDINATE_TO"),
                    aliases=("上级党组织",),
                ),
                C(
                    "所属单位",
                    "unit",
                    "ref",
                    refs=("Unit",),
                    rel=Rel("BUILT_IN"),
                    doc="the unit the org is built in; 所属单位 or 所在区划 is required",
                ),
                C(
                    "所在区划",
                    "area",
                    "ref",
                    refs=("Area",),
                    rel=Rel("BUILT_IN"),
                    doc="the area the org is built on (a community's org, 网格党支部, 楼栋党小组); "
                    "所属单位 or 所在区划 is required",
                ),
                C("党员人数", "members", "int"),
            ),
            label="PartyOrg",
            one_of=(("unit", "area"),),
        ),
        Table(
            "platforms",
            "共建平台",
            (
                C("平台编码", "id", "id", True),
                C("平台名称", "name", required=True),
                C(
                    "简称",
                    "aliases",
                    "words",
                    aliases=("short_names",),
                    doc="short names the platform goes by, multi-value",
                ),
                C("平台类型", "kind", "enum", True, PLATFORM_KIND),
                C("所在区划", "area", "ref", True, refs=("Area",), rel=Rel("AT")),
                C("牵头组织", "lead", "ref", refs=("PartyOrg",), rel=Rel("LEADS", "in")),
                C("成立日期", "founded", "date"),
            ),
            label="Platform",
        ),
        Table(
            "members",
            "平台成员",
            (
                C("平台编码", "platform", "ref", True, refs=("Platform",)),
                C(
                    "成员编码",
                    "member",
                    "ref",
                    True,
                    refs=("Unit", "PartyOrg", "Person"),
                    typed_by="member_type",
                    doc="of the kind 成员类型 says",
                ),
                C("成员类型", "member_type", "enum", True, MEMBER_TYPE),
                C("职务", "role", doc="书记, 副书记, 兼职委员, 委员, 成员单位 …"),
                C("加入日期", "since", "date"),
                C(
                    "退出日期",
                    "until",
                    "date",
                    doc="not before 加入日期; once past, a former member, no longer a link",
                ),
            ),
            link="MEMBER_OF",
            link_src="member",
            link_dst="platform",
            ordered_dates=(("since", "until"),),
        ),
        Table(
            "people",
            "人员",
            (
                C("人员编码", "id", "id", True),
                C("姓名", "name", required=True, personal="name"),
                C(
                    "身份",
                    "role",
                    required=True,
                    doc="在职党员, 网格员, 社区工作者, 楼栋长, 党员中心户, 志愿者, 兼职委员 …",
                ),
                C("所属单位", "unit", "ref", refs=("Unit",), rel=Rel("WORKS_AT")),
                C("所属党组织", "party_org", "ref", refs=("PartyOrg",), rel=Rel("BELONGS_TO")),
                C("所在区划", "area", "ref", refs=("Area",), rel=Rel("LOCATED_IN")),
                C("联系电话", "phone", personal="phone"),
                C("身份证号", "id_number", personal="id_number", aliases=("身份证号码",)),
            ),
            label="Person",
        ),
        Table(
            "agreements",
            "共建协议",
            (
                C("协议编码", "id", "id", True),
                C("协议名称", "name", required=True),
                C(
                    "甲方",
                    "party_a",
                    "ref",
                    True,
                    refs=("PartyOrg", "Area"),
                    rel=Rel("SIGNED", "in", (("side", "a"),)),
                    doc="the community or village side",
                ),
                C(
                    "乙方",
                    "party_b",
                    "ref",
                    True,
                    refs=("Unit", "PartyOrg"),
                    rel=Rel("SIGNED", "in", (("side", "b"),)),
                    doc="the unit side",
                ),
                C("签订日期", "signed", "date", True),
                C("到期日期", "expires", "date", doc="not before 签订日期; empty = open-ended"),
                C("共建领域", "categories", "categories"),
                C("共建内容", "content"),
            ),
            label="Agreement",
            ordered_dates=(("signed", "expires"),),
        ),
        Table(
            "needs",
            "需求清单",
            (
                C("需求编码", "id", "id", True),
                C("需求标题", "title", required=True, aliases=("需求名称",)),
                C("需求描述", "description"),
                C("需求类别", "category", "category"),
                C(
                    "所在区划",
                    "area",
                    "ref",
                    True,
                    refs=("Area",),
                    rel=Rel("RAISED_IN"),
                    levels=Levels(NEED_LEVELS, "需求应提自"),
                    doc="a community, village, grid or block",
                ),
                C("提出日期", "raised", "date", True),
                C("紧急程度", "urgency", "enum", enum=URGENCY),
                C("受益人数", "beneficiaries", "int"),
                C("状态", "status", "enum", enum=NEED_STATUS),
                C("来源", "source", doc="群众点单, 微心愿, 问题清单, 网格排查, 其他 …"),
                C(
                    "办理层级",
                    "level",
                    "enum",
                    enum=HANDLING_LEVEL,
                    doc="empty = from the area (docs/domain.md, the loop)",
                ),
                C(
                    "办结日期",
                    "done_on",
                    "date",
                    doc="for a done need, empty = the latest finish date of its done projects",
                ),
            ),
            label="Need",
            ordered_dates=(("raised", "done_on"),),
        ),
        Table(
            "resources",
            "资源清单",
            (
                C("资源编码", "id", "id", True),
                C("资源名称", "title", required=True),
                C("资源描述", "description"),
                C("资源类别", "category", "category"),
                C("提供单位", "unit", "ref", True, refs=("Unit",), rel=Rel("OFFERS", "in")),
                C(
                    "服务范围",
                    "scope",
                    "refs",
                    refs=("Area",),
                    rel=Rel("SERVES"),
                    doc="areas served, and every area below them; the unit's own street is served anyway",
                ),
                C(
                    "服务容量",
                    "capacity",
                    "int",
                    default=1,
                    doc="projects (claimed or under way) it serves at once",
                ),
                C("状态", "status", "enum", enum=RESOURCE_STATUS),
            ),
            label="Resource",
        ),
        Table(
            "projects",
            "项目清单",
            (
                C("项目编码", "id", "id", True),
                C("项目名称", "name", required=True),
                C("需求", "needs", "refs", refs=("Need",), rel=Rel("ADDRESSES")),
                C("资源", "resources", "refs", refs=("Resource",), rel=Rel("USES")),
                C("认领单位", "unit", "ref", True, refs=("Unit",), rel=Rel("CLAIMED_BY")),
                C("所在区划", "area", "ref", True, refs=("Area",), rel=Rel("LOCATED_IN")),
                C("状态", "status", "enum", enum=PROJECT_STATUS),
                C("开始日期", "started", "date"),
                C("完成日期", "finished", "date", doc="not before 开始日期"),
                C("计划完成日期", "due", "date", doc="empty = 30 days after 开始日期"),
            ),
            label="Project",
            ordered_dates=(("started", "finished"), ("started", "due")),
        ),
        Table(
            "registrations",
            "双报到",
            (
                C("报到主体", "subject", "ref", True, refs=("Unit", "PartyOrg", "Person")),
                C(
                    "报到社区",
                    "area",
                    "ref",
                    True,
                    refs=("Area",),
                    levels=Levels(COMMUNITY_LEVELS, "报到对象应是"),
                    doc="a community or village",
                ),
                C("报到日期", "date", "date", True),
                C("服务时长", "hours", "number"),
                C("服务内容", "content"),
            ),
            link="REGISTERED_WITH",
            link_src="subject",
            link_dst="area",
        ),
        Table(
            "events",
            "流转记录",
            (
                C("需求", "need", "ref", True, refs=("Need",), rel=Rel("CONCERNS")),
                C("日期", "date", "date", True),
                C("动作", "action", "enum", True, EVENT_ACTION),
                C("层级", "level", "enum", enum=HANDLING_LEVEL, doc="the level after the event"),
                C("经办", "actor", doc="unit, party org, person or area id"),
                C("说明", "note"),
            ),
            label="Event",
            key_prefix="EV",
            doc="A need's history, for ledgers that kept one. Events have no key: the same row twice is one event.",
        ),
        Table(
            "feedback",
            "评价",
            (
                C("需求", "need", "ref", True, refs=("Need",), rel=Rel("CONCERNS"), done_by=DoneBy("date")),
                C("评价日期", "date", "date", True),
                C("满意度", "rating", "enum", True, RATING),
                C("评价人", "person", doc="person id (personal data stays masked)"),
                C("意见", "note", aliases=("comment",)),
            ),
            label="Event",
            key_prefix="EV",
            constants=(("action", "rated"),),
            doc="Residents' verdict on a done need; the latest counts. 不满意 sends the need back to 办理中.",
        ),
        Table(
            "evaluations",
            "评议",
            (
                C(
                    "评议方",
                    "evaluator",
                    "ref",
                    True,
                    refs=("Unit", "PartyOrg", "Area"),
                    rel=Rel("EVALUATED_BY"),
                    doc="a unit, party org, community or street",
                ),
                C(
                    "被评议方",
                    "evaluated",
                    "ref",
                    True,
                    refs=("Unit", "PartyOrg", "Area"),
                    rel=Rel("EVALUATES"),
                    doc="a unit, party org, community or street",
                ),
                C(
                    "年度",
                    "period",
                    "period",
                    True,
                    aliases=("评议期间", "期间"),
                    doc="a year (2025), a half (2025H1, 2025年上半年) or a quarter (2025Q3, 2025年第三季度)",
                ),
                C("等次", "grade", "enum", True, EVALUATION_GRADE, aliases=("评议等次", "评议结果")),
                C("意见", "comment", aliases=("评议意见",)),
            ),
            label="Evaluation",
            key_prefix="EVA",
            key_columns=("evaluator", "evaluated", "period"),
            doc="Two-way assessment (双向评议): streets and communities grade units, units grade the "
            "community and street. Keyed by evaluator, evaluated and period: a later row replaces the grade.",
        ),
    )
}
del C

#: Tables in the order a dataset is loaded: what is referenced comes first.
LOAD_ORDER: tuple[str, ...] = (
    "areas",
    "units",
    "party_orgs",
    "platforms",
    "people",
    "agreements",
    "needs",
    "resources",
    "projects",
    "members",
    "registrations",
    "events",
    "feedback",
    "evaluations",
)
assert set(LOAD_ORDER) == set(TABLES)

#: A member's label → its member_type code.
LABEL_MEMBER_TYPE = {label: code for code, label in MEMBER_TYPE.labels.items()}

#: Properties holding personal data, per label (masked for all but admin).
PERSONAL_PROPS: dict[str, dict[str, Personal]] = {}
for _t in TABLES.values():
    if _t.label:
        for _c in _t.columns:
            if _c.personal:
                PERSONAL_PROPS.setdefault(_t.label, {})[_c.name] = _c.personal

#: Enums by (label, property) so exports can show a code's Chinese word.
PROP_ENUMS: dict[tuple[str, str], Enum] = {
    (t.label, c.name): c.enum for t in TABLES.values() if t.label for c in t.columns if c.enum
}


def zh_series(words: list[str], last: str) -> str:
    """Words as a Chinese series: ``社区、村、网格或单元`` (``last`` = 或), ``甲与乙`` (与)."""
    return "、".join(words[:-1]) + last + words[-1] if len(words) > 1 else "".join(words)


def table_for_sheet(name: str) -> Table | None:
    """The table a file or sheet name stands for (``units``, ``units.csv``, ``单位``)."""
    stem = name.strip()
    if stem.lower().endswith(".csv"):
        stem = stem[:-4]
    for t in TABLES.values():
        if stem.lower() == t.name or stem == t.zh:
            return t
    return None


def display_name(label: str, props: dict) -> str:
    """The human name of a node: its name or title, else its key; an event (no name, and none
    in the search index) is its date and action: ``2026-03-10 上报``."""
    if label == "Event" and props.get("action"):
        return f"{props.get('date') or ''} {EVENT_ACTION.zh(props['action'])}".strip()
    nt = NODE_TYPES[label]
    return str(props.get(nt.name_prop) or props.get("name") or props.get("id") or "")
