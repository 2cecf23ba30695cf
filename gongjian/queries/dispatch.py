"""Dispatch (派单): claim a match as a project, and move needs and projects through their statuses."""

from __future__ import annotations

import secrets
import threading
from typing import Any

from gongjian.graph.store import ChangeSet, ClaimFacts, Conflict, Node, NotFound, Rel, Store
from gongjian.ingest.classify import classify
from gongjian.model import (
    AREA_LEVEL,
    CATEGORY,
    NEED_LEVELS,
    NEED_STATUS,
    NODE_TYPES,
    PROJECT_STATUS,
    RESOURCE_STATUS,
    URGENCY,
    categories_serving,
)
from gongjian.queries.common import node_json, today
from gongjian.queries.linkage import NeedContext, need_context
from gongjian.queries.loop import add_events, event, move_needs, need_levels
from gongjian.queries.match import rank
from gongjian.rules.linkage import LINK_KINDS
from gongjian.rules.lists import (
    ACTIVE_PROJECT,
    NEED_FOR_PROJECT,
    PROJECT_ID_PREFIX,
    active_load,
    available,
    capacity,
    ledger_project_id,
    project_active,
)

#: Checking that a new need's id is free and writing it happen under this lock (the contract
#: has no create-only write; across processes two creates of the same id would merge).
_create_lock = threading.Lock()


def need_area(store: Store, code: str) -> Node:
    """A need's area must exist and be a community, village, grid or block (as in the ingest).
    Raises ValueError saying which."""
    area = store.get_node("Area", code)
    if area is None:
        raise ValueError(f"区划 {code} 不存在")
    level = area.props.get("level")
    if level not in NEED_LEVELS:
        raise ValueError(f"需求应提自社区、村、网格或单元，{code} 是{AREA_LEVEL.zh(level or '')}")
    return area


def _new_need_id(store: Store, day: str) -> str:
    while True:
        candidate = f"N-{day.replace('-', '')}-{secrets.token_hex(2)}"
        if store.get_node("Need", candidate) is None:
            return candidate


def _not_another_kind(store: Store, need_id: str) -> None:
    """A need's id may not be another node's (``/api/nodes/{id}`` would answer one of them)."""
    for label, kind in NODE_TYPES.items():
        if label != "Need" and store.get_node(label, need_id) is not None:
            raise Conflict(f"编码 {need_id} 已是{kind.zh}的编码，需求请用另一个编码")


def register_need(
    store: Store,
    *,
    title: str,
    area: str,
    id: str | None = None,
    description: str | None = None,
    category: str | None = None,
    raised: str | None = None,
    urgency: str | None = None,
    beneficiaries: int | None = None,
    source: str | None = None,
) -> str:
    """Register a need (登记需求), open, in an area of :func:`need_area`; its category is
    inferred from its text when not given. Codes, not Chinese words: the caller parses.
    Returns its id (``N-YYYYMMDD-xxxx`` when not given); Conflict if the id is taken."""
    code = need_area(store, area).id
    day = today()
    props: dict[str, Any] = {
        "title": title,
        "description": description,
        "area": code,
        "raised": raised or day,
        "urgency": urgency or URGENCY.default,
        "beneficiaries": beneficiaries,
        "status": NEED_STATUS.default,
        "source": source,
    }
    if category:
        props["category"], props["category_inferred"] = category, False
    else:
        props["category"], props["category_inferred"] = classify(title, description), True
    with _create_lock:
        if id is not None and store.get_node("Need", id) is not None:
            raise Conflict(f"需求编码 {id} 已存在")
        if id is not None:
            _not_another_kind(store, id)
        need_id = id or _new_need_id(store, day)
        props["id"] = need_id
        props["level"] = need_levels(store, [Node("Need", need_id, props)])[need_id]
        changes = ChangeSet(
            nodes={"Need": {need_id: {k: v for k, v in props.items() if v is not None}}},
            rels=[Rel("RAISED_IN", ("Need", need_id), ("Area", code))],
        )
        add_events(changes, [event(need_id, props["raised"], "raised", level=props["level"])])
        store.apply(changes)
    return need_id


class ProjectIdTaken(Conflict):
    """The project id a claim gave is another node's (a claim racing for the same next id)."""


#: Claims racing for the next project id: each loser reads the highest again and tries the next.
ID_TRIES = 100


def claim(
    store: Store, need_id: str, resource_id: str, *, on: str | None = None, note: str = ""
) -> dict[str, Any]:
    """Claim: the resource must be one of the need's matches; the claim is checked again
    under the store's locks (:func:`claim_project`), so of two planners claiming the last
    capacity one wins."""
    day = on or today()
    ctx = need_context(store, need_id, day)
    if ctx is None:
        raise NotFound("需求", need_id)
    match = next((m for m in rank(ctx) if m.candidate.resource.id == resource_id), None)
    if match is None:
        resource = store.get_node("Resource", resource_id)
        if resource is None:
            raise NotFound("资源", resource_id)
        raise Conflict(f"不能用资源 {resource_id} 为需求 {need_id} 派单：{refusal(ctx, resource)}")
    c = match.candidate
    props = {
        "name": f"{ctx.need.props.get('title')}（{c.resource.props.get('title')}）",
        "status": "claimed",
        "started": day,
        "link_kind": c.kind,
        "score": match.score,
    }
    if note:
        props["note"] = note
    for _ in range(ID_TRIES):
        new_id = ledger_project_id(store.highest_number("Project", PROJECT_ID_PREFIX) + 1)
        try:
            claim_project(store, need_id, resource_id, new_id, props)
            break
        except ProjectIdTaken:
            continue
    else:
        raise Conflict("同时派单的请求过多，未能分配项目编码；请稍后重试")
    project = store.get_node("Project", new_id)
    need = store.get_node("Need", need_id)
    assert project is not None and need is not None
    return {
        "project": node_json(project),
        "need": node_json(need),
        "link": {"kind": c.kind, "kind_zh": LINK_KINDS[c.kind][1]},
    }


def refusal(ctx: NeedContext, resource: Node) -> str:
    """Which check a resource fails for a need, the first of: the need is still open, the
    resource takes orders, it has capacity left, its category fits, a linkage holds."""
    need = ctx.need.props
    status = need.get("status") or "open"
    if status != "open":
        return f"需求已不是待认领状态（{NEED_STATUS.zh(status)}）"
    res = resource.props
    if not available(res):
        return f"资源状态为{RESOURCE_STATUS.zh(res.get('status') or '')}，不接单"
    need_cat, res_cat = need.get("category") or "other", res.get("category") or "other"
    if res_cat not in categories_serving(need_cat):
        return f"类别不适配：需求为{CATEGORY.zh(need_cat)}，资源为{CATEGORY.zh(res_cat)}"
    linked = any(c.resource.id == resource.id for c in ctx.candidates)
    if linked and ctx.active.get(resource.id, 0) >= capacity(res):
        return f"资源的服务容量（{capacity(res)}）已被本月认领、仍在进行的项目占满"
    return "资源所属单位与需求所在社区、街道之间没有有效的联结（大党委、共建协议、联盟、双报到或属地服务）"


def claim_project(store: Store, need_id: str, resource_id: str, project_id: str, project: dict) -> None:
    """Dispatch atomically: a new project (ADDRESSES the need, USES the resource, CLAIMED_BY
    the unit that offers it, LOCATED_IN the need's area) holds one unit of the resource's
    capacity, and the need is claimed. Raises NotFound for a missing need or resource and
    Conflict when the need is no longer open, the resource takes no order or has no capacity
    left, or the project id is taken — judged on facts read under the store's locks."""

    def decide(facts: ClaimFacts) -> ChangeSet:
        if facts.need is None:
            raise NotFound("需求", need_id)
        if facts.resource is None:
            raise NotFound("资源", resource_id)
        status = facts.need.props.get("status") or "open"
        if status != "open":
            raise Conflict(f"需求 {need_id} 已不是待认领状态（{NEED_STATUS.zh(status)}）")
        res = facts.resource.props
        if not available(res):
            raise Conflict(
                f"资源 {resource_id} 状态为{RESOURCE_STATUS.zh(res.get('status') or '')}，不能派单"
            )
        if active_load(facts.resource_projects, project.get("started") or today()) >= capacity(res):
            raise Conflict(f"资源 {resource_id} 本月的服务容量已用完")
        if project_id and facts.project_taken:
            raise ProjectIdTaken(f"项目编码 {project_id} 已存在")
        props = {**project, "needs": [need_id], "resources": [resource_id]}
        props.setdefault("status", ACTIVE_PROJECT[0])
        me = ("Project", project_id)
        rels = [Rel("ADDRESSES", me, ("Need", need_id)), Rel("USES", me, ("Resource", resource_id))]
        if facts.offered_by:  # the smallest (ledgers give one of each anyway)
            props["unit"] = facts.offered_by[0]
            rels.append(Rel("CLAIMED_BY", me, ("Unit", facts.offered_by[0])))
        if facts.raised_in:
            props["area"] = facts.raised_in[0]
            rels.append(Rel("LOCATED_IN", me, ("Area", facts.raised_in[0])))
        changes = ChangeSet(nodes={"Project": {project_id: props}}, rels=rels)
        move_needs(changes, [facts.need], "claimed", props.get("started") or today(), actor=props.get("unit"))
        return changes

    store.claim(need_id, resource_id, project_id, decide)


def set_need_status(store: Store, need_id: str, status: str, *, on: str | None = None) -> dict[str, Any]:
    """Move a need to a status, with its event (流转记录)."""
    code = NEED_STATUS.parse(status)
    if code is None:
        raise ValueError(f"未知的需求状态 {status}；应为 {NEED_STATUS.words()}")
    need = store.get_node("Need", need_id)
    if need is None:
        raise NotFound("需求", need_id)
    if code == "open":
        active = [
            p.id
            for _, p in store.neighbours("Need", need_id, ("ADDRESSES",), "in")
            if project_active(p.props)
        ]
        if active:  # reopening would leave the project holding the resource's capacity
            raise Conflict(
                f"需求 {need_id} 仍有进行中的项目 {'、'.join(active)}；请先终止项目，需求会自动回到待认领"
            )
    changes = ChangeSet()
    move_needs(changes, [need], code, on or today())
    if changes.nodes:
        store.apply(changes)
    return node_json(store.get_node("Need", need_id))


def set_project_status(
    store: Store, project_id: str, status: str, *, on: str | None = None
) -> dict[str, Any]:
    """Change a project's status; its needs follow (done → 已办结, cancelled → back to 待认领)."""
    code = PROJECT_STATUS.parse(status)
    if code is None:
        raise ValueError(f"未知的项目状态 {status}；应为 {PROJECT_STATUS.words()}")
    project = store.get_node("Project", project_id)
    if project is None:
        raise NotFound("项目", project_id)
    day = on or today()
    patch: dict[str, Any] = {"status": code}
    if code == "done":
        patch["finished"] = day
    needs = [n for _, n in store.neighbours("Project", project_id, ("ADDRESSES",), "out")]
    changes = ChangeSet(nodes={"Project": {project_id: patch}})
    move_needs(changes, needs, NEED_FOR_PROJECT[code], day, actor=project.props.get("unit"))
    store.apply(changes)
    return node_json(store.get_node("Project", project_id))
