"""Schemas at the boundary, out: what each route answers, for ``/openapi.json``.

They document the answers the queries build (``gongjian.queries``); the routes do not
validate their answers against them (:class:`gongjian.api.answers.Route`), and
``tests/test_api_schemas.py`` checks that real answers fit them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gongjian.api.schemas.nodes import (
    DETAILS,
    AgreementNode,
    AreaNode,
    AreaRef,
    NeedNode,
    Node,
    PartyOrgNode,
    PlatformNode,
    ProjectNode,
    Ref,
    ResourceNode,
    UnitNode,
)


class _Open(BaseModel):
    """An answer that may carry more than it documents."""

    model_config = ConfigDict(extra="allow")


class Error(BaseModel):
    detail: str | list[dict] = Field(description="原因（中文）；输入有误（422）时为逐项的 {loc, msg, type}")


# ------------------------------------------------------------------ pages


class _Page(BaseModel):
    total: int = Field(description="符合条件的总条数")
    offset: int = Field(description="跳过的条数")
    limit: int = Field(description="每页条数")


class AreaPage(_Page):
    items: list[AreaNode]  # type: ignore[valid-type]


class UnitPage(_Page):
    items: list[UnitNode]  # type: ignore[valid-type]


class NeedPage(_Page):
    items: list[NeedNode]  # type: ignore[valid-type]


class ResourcePage(_Page):
    items: list[ResourceNode]  # type: ignore[valid-type]


class ProjectPage(_Page):
    items: list[ProjectNode]  # type: ignore[valid-type]


class AgreementItem(AgreementNode):  # type: ignore[valid-type, misc]
    in_force: bool = Field(description="今天是否有效")


class AgreementPage(_Page):
    items: list[AgreementItem]


# ------------------------------------------------------------------ details

UnitDetail, PartyOrgDetail = DETAILS["Unit"], DETAILS["PartyOrg"]
NeedDetail, ProjectDetail = DETAILS["Need"], DETAILS["Project"]


class AreaOverview(AreaNode):  # type: ignore[valid-type, misc]
    ancestors: list[AreaRef] = Field(description="上级区划，自顶而下")
    children: int = Field(description="直属下级区划数")


class AreaChildren(BaseModel):
    area: Ref
    total: int
    items: list[AreaNode]  # type: ignore[valid-type]


class ResourceDetailWithCapacity(DETAILS["Resource"]):  # type: ignore[valid-type, misc]
    capacity_left: int = Field(description="剩余容量：服务容量减去进行中的项目")


class AgreementDetailInForce(DETAILS["Agreement"]):  # type: ignore[valid-type, misc]
    in_force: bool = Field(description="今天是否有效")


# ------------------------------------------------------------------ committees


class Member(Ref):
    member_type: Literal["unit", "party_org", "person"] = Field(description="成员类型")
    role: str | None = Field(None, description="职务")
    since: str | None = Field(None, description="加入日期")
    until: str | None = Field(None, description="退出日期")
    unit: Ref | None = Field(None, description="党组织成员：其所属单位")
    current: bool | None = Field(
        None, description="现任成员：是否已加入（加入日期未到为 false）；已退出的成员无此项"
    )


class Committee(BaseModel):
    """A platform at a glance: 大党委一览."""

    platform: PlatformNode  # type: ignore[valid-type]
    area: AreaRef | None = Field(description="平台所在区划")
    lead: PartyOrgNode | None = Field(description="牵头党组织")  # type: ignore[valid-type]
    members: list[Member] = Field(description="现任（及尚未加入）的成员，按职务排序")
    former_members: list[Member] = Field(description="已退出的成员，最近退出的在前")


# ------------------------------------------------------------------ matches


class MatchedResource(Ref):
    title: str | None = None
    category: str | None = Field(None, description="资源类别代码")
    category_zh: str = Field(description="资源类别")
    status: str | None = Field(None, description="资源状态代码")
    capacity: int = Field(description="服务容量")
    capacity_left: int = Field(description="剩余容量")


class ScoreParts(BaseModel):
    link: float = Field(description="联结强度")
    category: float = Field(description="类别相符（同类 1，相关类 0.6）")
    text: float = Field(description="标题与描述的文本相似度")
    capacity: float = Field(description="剩余容量比例（闲置资源为 1）")
    track_record: float = Field(
        description="单位的经验：已完成项目 done ÷ (done + 2)，乘以居民满意度（satisfaction）"
    )
    urgency: float = Field(description="需求的紧急程度")
    satisfaction: float = Field(
        description="居民对该单位已完成项目所解决需求的满意度：(满意 + 基本满意 + 1) ÷ (评价数 + 1)，"
        "无评价为 1；只经由 track_record 计入得分"
    )


class PathStep(BaseModel):
    type: str = Field(description="关系类型（模型中的名称，如 MEMBER_OF）")
    type_zh: str = Field(description="关系的中文名（如 成员）")
    forward: bool = Field(description="关系是否由前一节点指向本节点")


class PathNode(Ref):
    via: list[PathStep] | None = Field(
        None, description="与前一节点之间的关系（起点没有）；两节点间有几种关系时列出每一种"
    )


class LinkPath(BaseModel):
    kind: str = Field(description="联结方式：big_committee、agreement、alliance、registration、proximity")
    kind_zh: str = Field(description="联结方式（中文）")
    path: list[PathNode] = Field(description="图中说明这一联结的路径：需求 → … → 资源，每步附其关系")


class Match(BaseModel):
    resource: MatchedResource
    unit: Ref = Field(description="提供资源的单位")
    score: float = Field(description="匹配得分（0–1）")
    parts: ScoreParts = Field(description="得分的各部分")
    link: LinkPath = Field(description="最强的联结")
    other_links: list[str] = Field(description="这一资源的其他联结方式（代码）")
    other_links_zh: list[str] = Field(description="这一资源的其他联结方式（中文）")


class MatchedNeed(NeedNode):  # type: ignore[valid-type, misc]
    area: AreaRef | None = Field(description="需求所在区划")  # type: ignore[assignment]
    community: Ref | None = Field(None, description="需求所在的社区或村")


class Matches(BaseModel):
    need: MatchedNeed
    matches: list[Match] = Field(description="得分从高到低")


class ClaimLink(BaseModel):
    kind: str
    kind_zh: str


class Claimed(BaseModel):
    """派单：the project made, the need claimed, the link it went through."""

    project: ProjectNode  # type: ignore[valid-type]
    need: NeedNode  # type: ignore[valid-type]
    link: ClaimLink


class PlanEntry(Match):
    need: Ref = Field(description="分到这一资源的需求")


class Unassigned(BaseModel):
    need: Ref
    reason: str = Field(description="未分配的原因")
    candidates: int = Field(description="可匹配的资源数")


class Dispatched(BaseModel):
    need: str = Field(description="需求编码")
    project: str = Field(description="生成的项目编码")


class DispatchConflict(BaseModel):
    need: str = Field(description="需求编码")
    reason: str


class Allocation(BaseModel):
    """统筹分配：a plan over an area's open needs (and, applied, what was dispatched)."""

    area: Ref
    open_needs: int = Field(description="区划内待认领的需求数")
    assigned: int = Field(description="分到资源的需求数")
    total_score: float = Field(description="方案的总得分")
    plan: list[PlanEntry]
    unassigned: list[Unassigned]
    applied: bool = Field(description="是否已按方案派单")
    dispatched: list[Dispatched] | None = Field(None, description="已派单（applied 时）")
    conflicts: list[DispatchConflict] | None = Field(None, description="派单时的冲突（applied 时）")


# ------------------------------------------------------------------ explore


class SearchHit(Ref):
    type_zh: str = Field(description="类型（中文）")
    where: str | None = Field(None, description="所在区划（及其上级）的名称")


class SearchResults(BaseModel):
    total: int = Field(description="找到的总数（items 只是前 limit 个）")
    items: list[SearchHit]


class Paths(BaseModel):
    total: int
    paths: list[list[PathNode]] = Field(
        description="几条联结路径，每条从起点到终点：最短的及长一、二跳的，经共建平台、共建协议的在前；"
        "不经过人员、经验材料、流转记录和评议"
    )


class GraphNode(Node):
    key: str = Field(description="图中的键：类型:编码")


class GraphLink(_Open):
    source: str = Field(description="起点的键")
    target: str = Field(description="终点的键")
    type: str = Field(description="关系类型")


class Neighbourhood(BaseModel):
    centre: Ref
    nodes: list[GraphNode]
    links: list[GraphLink] = Field(description="这些节点之间的关系（附关系属性）")
    truncated: bool = Field(description="是否因节点数上限而截断")


# ------------------------------------------------------------------ figures


class Stats(BaseModel):
    """全库（不填区划）：nodes 与 relationships；某区划：其下的各项数目。"""

    area: AreaRef | None = Field(description="区划；全库为 null")
    nodes: dict[str, int] | None = Field(None, description="全库：各类节点数")
    relationships: dict[str, int] | None = Field(None, description="全库：各类关系数")
    areas: dict[str, int] | None = Field(None, description="区划：各层级的区划数")
    units: int | None = Field(None, description="区划：驻区单位数")
    platforms: dict[str, int] | None = Field(None, description="区划：各类平台数")
    needs: dict[str, int] | None = Field(None, description="区划：各状态的需求数")
    projects: int | None = Field(None, description="区划：项目数")


class GapEntry(_Open):
    """One gap: a node in short, with what shows the gap."""

    id: str
    label: str
    name: str
    level: str | None = Field(None, description="社区/村的层级")
    signed: str | None = Field(None, description="纸面协议：签订日期")
    expires: str | None = Field(None, description="已到期协议：到期日期")
    unit: str | None = Field(None, description="闲置资源：提供单位编码")
    unit_name: str | None = Field(None, description="闲置资源：提供单位名称")
    raised: str | None = Field(None, description="久拖需求：提出日期")
    days_open: int | None = Field(None, description="久拖需求：已等待天数")
    betweenness: float | None = Field(None, description="联结最多平台的单位：介数中心性")
    platforms: int | None = Field(None, description="联结最多平台的单位：所在平台数")
    communities: int | None = Field(None, description="联结最多平台的单位：平台覆盖的区划数")


class GapSummary(_Open):
    id: str
    label: str
    name: str | None
    level: str | None
    alliances: int = Field(description="党建联盟和大工委数")
    committees: int = Field(description="大党委数")
    member_units: int = Field(description="现任成员单位和党组织数")
    part_time_members: int = Field(description="兼职委员数")
    grids: int = Field(description="网格数")
    grid_branches: int = Field(description="建有党组织的网格数")
    needs_open: int = Field(description="待认领需求数")
    needs_done: int = Field(description="已办结需求数")
    registrations: int = Field(description="双报到次数")
    hours: float = Field(description="双报到服务时长")


class GapArea(BaseModel):
    id: str
    name: str | None


class Gaps(BaseModel):
    """找短板：每项为一串节点；summary 为各下级区划的汇总。"""

    area: GapArea | None
    on: str = Field(description="按哪一天判断")
    communities_without_committee: list[GapEntry] = Field(description="无大党委的社区/村")
    grids_without_branch: list[GapEntry] = Field(description="无党支部的网格")
    units_without_platform: list[GapEntry] = Field(description="未加入任何平台的单位")
    paper_agreements: list[GapEntry] = Field(description="纸面协议（生效满 180 天无项目）")
    expired_agreements: list[GapEntry] = Field(description="已到期协议")
    idle_resources: list[GapEntry] = Field(description="闲置资源")
    stale_needs: list[GapEntry] = Field(description="超过 30 天未认领的需求")
    bridging_units: list[GapEntry] = Field(description="联结最多平台的单位")
    summary: list[GapSummary] = Field(description="各下级区划（或各顶层区划）的汇总")


# ------------------------------------------------------------------ service


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    store: str = Field(description="数据库：embedded 或 neo4j")
    version: str
    detail: str | None = Field(None, description="不可用时的原因")


class Me(BaseModel):
    role: Literal["viewer", "planner", "admin"]
    role_zh: str
    unmasked: bool = Field(description="是否看到未打码的个人信息（仅管理员）")


class Rejected(BaseModel):
    file: str
    row: int | None = Field(description="行号（表头为第 1 行）")
    column: str
    value: str
    reason: str


class IngestReport(BaseModel):
    ok: bool = Field(description="没有被拒绝的行")
    written: bool = Field(description="是否已写入")
    dry_run: bool
    accepted: dict[str, int] = Field(description="各表接受的行数")
    rejected: list[Rejected]
    ignored: list[str] = Field([], description="文件夹中不是台账的文件（未读取）")


class IngestRefused(IngestReport):
    detail: str


# ------------------------------------------------------------------ the loop (闭环)


class Escalated(BaseModel):
    need: str = Field(description="需求编码")
    from_: str = Field(alias="from", description="上报前的办理层级")
    to: str = Field(description="上报到的办理层级")
    date: str = Field(description="上报日期（时限过后的那一天）")


class Overdue(BaseModel):
    need: str = Field(description="需求编码")
    project: str | None = Field(description="办理中的项目；居民退回重办的需求为 null")
    due: str = Field(description="应完成日期")
    days_over: int = Field(description="已逾期天数")


class LoopRunResult(BaseModel):
    """到期上报的结果：上报了哪些需求，以及逾期的需求。"""

    as_of: str = Field(description="按哪一天判断")
    policy: dict[str, Any] = Field(description="时限策略：monthly（每月节点）或 days（各层级天数）")
    dry_run: bool
    escalated: list[Escalated] = Field(description="逐级上报（一条需求可上报多级）")
    overdue: list[Overdue]


class OverdueList(BaseModel):
    as_of: str = Field(description="按哪一天判断")
    overdue: list[Overdue] = Field(description="逾期最久的在前")


class HistoryEvent(BaseModel):
    date: str | None = Field(description="日期")
    action: str | None = Field(
        description="动作：raised、dispatched、claimed、escalated、done、rated、returned、closed"
    )
    level: str | None = Field(description="办理层级")
    actor: str | None = Field(description="经办")
    note: str | None = Field(description="说明")
    rating: str | None = Field(description="居民评价（rated 时）")


class History(BaseModel):
    """一条需求的流转记录。"""

    need: Ref
    status: str = Field(description="需求状态代码")
    level: str = Field(description="当前办理层级")
    deadline: str | None = Field(description="待认领时：本层级的时限；办理中：应完成日期")
    events: list[HistoryEvent] = Field(description="按时间先后")


class LoopFigures(BaseModel):
    raised: int = Field(description="提出的需求数")
    done: int = Field(description="已办结")
    closed: int = Field(description="已关闭")
    done_rate: float | None = Field(description="办结率（不计已关闭）")
    mean_days_to_done: float | None = Field(description="平均办结天数")
    escalated: int = Field(description="上报过的需求数")
    highest_level: dict[str, int] = Field(description="各办理层级：最高到过这一级的需求数")
    solved_at_grid: int = Field(description="在网格一级办结的需求数")
    open: int = Field(description="待认领")
    overdue: int = Field(description="逾期")
    rated: int = Field(description="有居民评价的需求数")
    satisfaction_rate: float | None = Field(description="满意率（满意与基本满意）")


class LoopChild(LoopFigures):
    area: Ref


class LoopReport(LoopFigures):
    """办理情况：一个区划（含下级）一段时间内提出的需求，及各下级区划的同样数字。"""

    area: Ref
    from_: str = Field(alias="from", description="提出日期自")
    to: str = Field(description="提出日期至")
    children: list[LoopChild]


# ------------------------------------------------------------------ two-way assessment (双向考核)


class Grades(BaseModel):
    """评议等次的条数（评议期间落在考核期间内的）。"""

    good: int = Field(description="好")
    fair: int = Field(description="较好")
    average: int = Field(description="一般")
    poor: int = Field(description="差")


class Period(BaseModel):
    from_: str = Field(alias="from", description="考核期间自")
    to: str = Field(description="考核期间至")


class UnitParts(BaseModel):
    platforms: int = Field(description="期末所在平台数（直接或经建在本单位的党组织）")
    agreements_in_force: int = Field(description="期末有效的共建协议数")
    projects_claimed: int = Field(description="期内开始的认领项目")
    projects_done: int = Field(description="期内完成的项目")
    projects_on_time: int = Field(description="其中按期完成（计划完成日期，或开始后 30 天内）")
    projects_late: int = Field(description="其中逾期完成")
    projects_overdue: int = Field(description="期末（或今天，取早者）已过期限仍未完成的项目")
    beneficiaries: int = Field(description="期内完成项目所解决需求的受益人数")
    rated: int = Field(description="其中有居民评价的需求数")
    satisfaction_rate: float | None = Field(description="满意率（满意与基本满意 ÷ 评价数，以最新评价为准）")
    registered_people: int = Field(description="本单位人员、本单位党组织党员中到社区报到的人数（期末前）")
    service_hours: float = Field(description="单位、党组织及其人员报到服务时长之和（期末前报到的）")
    idle_resources: int = Field(description="闲置资源数")
    evaluations: Grades = Field(description="所受评议")


class _Card(BaseModel):
    id: str = Field(description="编码（区划为区划代码）")
    label: str = Field(description="Unit 或 Area")
    name: str
    period: Period
    score: float = Field(description="得分 0–100：Σ 权重 × 归一化值（扣分项减去）÷ 非扣分项权重之和 × 100")
    normalised: dict[str, float] = Field(description="参与评分的各部分的归一化值（0–1）")
    weights: dict[str, float] = Field(
        description="各部分的权重（设置文件 [scorecard.unit] / [scorecard.area]）"
    )
    penalties: list[str] = Field(description="扣分项")


class PlatformSeat(Ref):
    kind: str | None = Field(description="平台类型代码")
    kind_zh: str = Field(description="平台类型")
    roles: list[dict[str, Any]] = Field(
        description="职务：{role, since, through（经由的本单位党组织，直接为 null）}"
    )


class CardAgreement(Ref):
    signed: str | None = Field(description="签订日期")
    expires: str | None = Field(description="到期日期（空为长期）")
    side: str | None = Field(None, description="甲方 a / 乙方 b")
    through: str | None = Field(None, description="经由的本单位党组织")


class CardRegistration(BaseModel):
    subject: dict[str, str] = Field(description="报到主体 {id, label}")
    area: Ref = Field(description="报到社区")
    date: str | None = Field(description="报到日期")
    hours: float | None = Field(description="服务时长")


class UnitBehind(BaseModel):
    party_orgs: list[Ref] = Field(description="建在本单位的党组织")
    platforms: list[PlatformSeat]
    agreements: list[CardAgreement]
    registrations: list[CardRegistration]


class UnitScorecard(_Card):
    """驻区单位的考核：各部分、归一化值、权重与得分，以及背后的平台、协议与报到。"""

    parts: UnitParts
    behind: UnitBehind


class AreaParts(BaseModel):
    raised: int = Field(description="期内提出的需求")
    done: int = Field(description="已办结")
    done_rate: float | None = Field(description="办结率")
    mean_days_to_done: float | None = Field(description="平均办结天数")
    overdue: int = Field(description="逾期")
    rated: int = Field(description="有居民评价的需求数")
    satisfaction_rate: float | None = Field(description="满意率")
    committee_members: int = Field(description="期末所在平台（大党委、联盟等）的现任成员数")
    agreements_in_force: int = Field(description="期末有效的共建协议数（本区划或其党组织为甲方）")
    agreements_signed: int = Field(description="期内新签的共建协议数")
    evaluations: Grades = Field(description="单位给它的评议")


class AreaPlatform(Ref):
    kind: str | None
    kind_zh: str
    members: int = Field(description="期末现任成员数")
    joined: int = Field(description="期内加入的成员数")


class AreaBehind(BaseModel):
    platforms: list[AreaPlatform]
    agreements: list[CardAgreement]


class AreaScorecard(_Card):
    """社区或街道的考核（反向）：需求办理、平台与协议、单位的评议。"""

    level: str | None = Field(description="层级代码")
    parts: AreaParts
    behind: AreaBehind


class RankingRow(BaseModel):
    rank: int = Field(description="名次（同分同名次）")
    id: str
    name: str
    score: float
    board: Literal["red", "black"] | None = Field(description="red 红榜（前列）、black 黑榜（末尾）")
    parts: dict[str, Any] = Field(description="各部分（同单位或社区的考核 parts）")
    normalised: dict[str, float]


class Ranking(BaseModel):
    """红黑榜：区划内（及与之联结的）驻区单位，或其社区、村，按得分排名。"""

    area: Ref
    kind: Literal["unit", "community"]
    period: Period
    weights: dict[str, float]
    ranking: list[RankingRow]


# ------------------------------------------------------------------ documents (经验材料)


class Mentioned(Ref):
    count: int = Field(description="文中提及次数")


class MechanismRef(BaseModel):
    code: str = Field(description="机制编码，如 time_bank")
    name: str = Field(description="机制名称，如 时间银行")


class DocumentHit(BaseModel):
    id: str = Field(description="文档编码（DOC-…）")
    title: str = Field(description="标题")
    source: str = Field(description="来源文件名")
    date: str | None = Field(None, description="文中写明的日期")
    score: float = Field(description="相关度（越大越相关）；按机制检索时整数部分为该机制用语出现次数")
    snippet: str = Field(description="摘要：最相关的一段")
    marks: list[list[int]] = Field(description="摘要中检索词的位置 [起, 止)（按字符）")
    mentions: list[Mentioned] = Field(description="文中提到的区划、平台、单位，次数多的在前")
    mechanisms: list[MechanismRef] = Field(description="文中讲到的机制")


class DocumentResults(BaseModel):
    query: str = Field(description="检索词")
    total: int = Field(description="符合条件的篇数")
    results: list[DocumentHit]


class NodeDocuments(BaseModel):
    node: Ref = Field(description="被提及的区划、平台或单位")
    total: int
    results: list[DocumentHit]


class DocumentDetail(BaseModel):
    id: str
    title: str | None = None
    source: str | None = None
    sources: list[str] = Field(description="导入过的来源文件名")
    format: str | None = Field(None, description="txt、md、html、docx、pdf")
    date: str | None = None
    passages: list[str] = Field(description="正文，按段落")
    mentions: list[Mentioned]
    mechanisms: list[MechanismRef]


class DocumentTitle(BaseModel):
    id: str = Field(description="文档编码（DOC-…）")
    title: str


class ReportedFigure(BaseModel):
    id: str = Field(description="数据编码：文档编码-F序号")
    document: DocumentTitle = Field(description="出自哪篇材料")
    sentence: str = Field(description="原句（供引用）")
    text: str = Field(description="文中写法，如 39.2万余个、96.3%")
    value: int | float = Field(description="数值（万、亿已折算；百分数为百分点）")
    high: int | float | None = Field(None, description="区间上限（1-2个），否则为空")
    qualifier: Literal["over", "nearly", "about", "under"] | None = Field(
        None, description="余、多、以上、超过：over；近：nearly；约、左右：about；不足：under"
    )
    unit: str = Field(description="量词或 %（万、亿不在其中）")
    measure: str | None = Field(None, description="统计口径编码（figures.toml），认不出为空")
    measure_name: str | None = Field(None, description="统计口径")
    what: str = Field(description="文中说明所计何物的词")
    year: int | None = Field(None, description="句中写明的年份")
    area: Ref | None = Field(None, description="所指地区；认不准时为空，从不猜测")
    graph_value: int | float | None = Field(None, description="图中同一地区（含下级）的对应数；率为百分点")
    difference: int | float | None = Field(None, description="图中数减文中数")
    as_of: str | None = Field(None, description="图中数的口径时间：某年、截至某年底或现有数据")
    note: str | None = Field(None, description="不对照的原因：图中不统计此项、未能确定所指地区 …")


class DocumentFigures(BaseModel):
    document: DocumentTitle
    total: int
    figures: list[ReportedFigure]


class AreaFigures(BaseModel):
    area: Ref = Field(description="区划")
    total: int = Field(description="写到该区划及其下级的数据条数")
    figures: list[ReportedFigure]


# ------------------------------------------------------------------ ties (共建关系一览)


class PlatformTie(Ref):
    kind: str = Field(description="平台类型")
    kind_zh: str
    role: str | None = Field(None, description="职务；牵头组织为“牵头”")
    since: str | None = None
    until: str | None = None
    current: bool = Field(description="现任（未退出）")
    via: Ref = Field(description="以谁的名义：单位本身或其党组织")


class AgreementTie(Ref):
    signed: str | None = None
    expires: str | None = None
    in_force: bool = Field(description="今天是否有效")
    via: Ref


class RegistrationTie(Ref):
    date: str | None = Field(None, description="报到日期")
    hours: float | None = Field(None, description="服务时长")
    content: str | None = Field(None, description="服务内容")
    via: Ref


class Ties(BaseModel):
    """A unit's or party organisation's platforms (with roles), agreements and registrations."""

    node: Ref
    platforms: list[PlatformTie]
    agreements: list[AgreementTie]
    registrations: list[RegistrationTie]
