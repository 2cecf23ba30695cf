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
    track_record: float = Field(description="单位已完成项目的经验")
    urgency: float = Field(description="需求的紧急程度")


class LinkPath(BaseModel):
    kind: str = Field(description="联结方式：big_committee、agreement、alliance、registration、proximity")
    kind_zh: str = Field(description="联结方式（中文）")
    path: list[Ref] = Field(description="图中说明这一联结的路径：需求 → … → 资源")


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
    paths: list[list[Ref]] = Field(description="最短的几条联结路径，每条从起点到终点")


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
