"""The ledger tables (台账) users bring: columns, their parsing, references and the rules
across a row's cells, from which ingest, validation, exports and docs/format.md are driven."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from gongjian.model.enums import (
    AREA_LEVEL,
    COMMUNITY_LEVELS,
    EVALUATION_GRADE,
    EVENT_ACTION,
    HANDLING_LEVEL,
    MEMBER_TYPE,
    NEED_LEVELS,
    NEED_STATUS,
    PARTY_ORG_KIND,
    PLATFORM_KIND,
    PROJECT_STATUS,
    RATING,
    RESOURCE_STATUS,
    UNIT_TYPE,
    URGENCY,
    Enum,
)

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
    on a need), or its events must show it done on that date (``rules.loop.done_when_rated``)."""

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


#: The JSON a content key hashes (``json.dumps(…, ensure_ascii=False, sort_keys=True)``), one
#: encoder for every record rather than a new one each call; keys already stored depend on its bytes.
_CONTENT_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def content_key(prefix: str, props: dict) -> str:
    """The key of a record known by its content: the same content, the same key."""
    text = _CONTENT_JSON.encode({k: v for k, v in props.items() if v is not None})
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
                    doc="orders it takes a month: projects claimed that month and still claimed or under "
                    "way (a project without 开始日期 always counts)",
                ),
                C("状态", "status", "enum", enum=RESOURCE_STATUS),
            ),
            label="Resource",
        ),
        Table(
            "projects",
            "项目清单",
            (
                C(
                    "项目编码",
                    "id",
                    "id",
                    True,
                    doc="a claim (派单) numbers its new project in the same "
                    "scheme, PJ and six digits one above the highest such id (PJ000640)",
                ),
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
            doc=(
                "Residents' verdict on a done need; the latest counts. 不满意 sends the need back to 办理中. "
                "A verdict dated before the need's 办结日期 stands when its events (流转记录) show it done "
                "then (done, sent back, done again)."
            ),
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
