"""Dispatch (派单): claim a match as a project, and move needs and projects through their statuses."""

from __future__ import annotations

import uuid
from typing import Any

from gongjian.graph.store import ChangeSet, ClaimFacts, Conflict, NotFound, Rel, Store
from gongjian.model import NEED_STATUS, PROJECT_STATUS
from gongjian.queries.common import node_json, today
from gongjian.queries.linkage import need_context
from gongjian.queries.loop import move_needs
from gongjian.queries.match import rank
from gongjian.rules.linkage import LINK_KINDS
from gongjian.rules.lists import (
    ACTIVE_PROJECT,
    NEED_FOR_PROJECT,
    active_load,
    available,
    capacity,
    project_active,
)


def new_project_id(on: str) -> str:
    return f"PJ-{on.replace('-', '')}-{uuid.uuid4().hex[:8]}"


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
        if store.get_node("Resource", resource_id) is None:
            raise NotFound("资源", resource_id)
        raise Conflict(f"资源 {resource_id} 与需求 {need_id} 没有联结或不适配（类别、状态或容量），不能派单")
    c = match.candidate
    project_id = new_project_id(day)
    props = {
        "name": f"{ctx.need.props.get('title')}（{c.resource.props.get('title')}）",
        "status": "claimed",
        "started": day,
        "link_kind": c.kind,
        "score": match.score,
    }
    if note:
        props["note"] = note
    claim_project(store, need_id, resource_id, project_id, props)
    project = store.get_node("Project", project_id)
    need = store.get_node("Need", need_id)
    assert project is not None and need is not None
    return {
        "project": node_json(project),
        "need": node_json(need),
        "link": {"kind": c.kind, "kind_zh": LINK_KINDS[c.kind][1]},
    }


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
            raise Conflict(f"需求 {need_id} 已不是待认领状态（{status}）")
        res = facts.resource.props
        if not available(res):
            raise Conflict(f"资源 {resource_id} 状态为 {res.get('status')}，不能派单")
        if active_load(facts.resource_projects) >= capacity(res):
            raise Conflict(f"资源 {resource_id} 的服务容量已用完")
        if project_id and facts.project_taken:
            raise Conflict(f"项目编码 {project_id} 已存在")
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
