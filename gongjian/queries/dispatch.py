"""Dispatch (派单): claim a match as a project, and move needs and projects through their statuses."""

from __future__ import annotations

import uuid
from typing import Any

from gongjian.graph.store import ACTIVE_PROJECT, ChangeSet, Claim, Conflict, NotFound, Store
from gongjian.model import NEED_STATUS, PROJECT_STATUS
from gongjian.queries.common import node_json, today
from gongjian.queries.match import LINK_KINDS, rank


def new_project_id(on: str) -> str:
    return f"PJ-{on.replace('-', '')}-{uuid.uuid4().hex[:8]}"


def claim(
    store: Store, need_id: str, resource_id: str, *, on: str | None = None, note: str = ""
) -> dict[str, Any]:
    """Claim: the resource must be one of the need's matches; the store checks capacity atomically."""
    day = on or today()
    ctx = store.need_context(need_id, day)
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
    store.claim(Claim(need_id, resource_id, project_id, props))
    project = store.get_node("Project", project_id)
    need = store.get_node("Need", need_id)
    assert project is not None and need is not None
    return {
        "project": node_json(project),
        "need": node_json(need),
        "link": {"kind": c.kind, "kind_zh": LINK_KINDS[c.kind][1]},
    }


#: A project's status carries its needs along.
NEED_FOR_PROJECT = {"claimed": "claimed", "in_progress": "in_progress", "done": "done", "cancelled": "open"}


def set_need_status(store: Store, need_id: str, status: str) -> dict[str, Any]:
    code = NEED_STATUS.parse(status)
    if code is None:
        raise ValueError(f"未知的需求状态 {status}；应为 {NEED_STATUS.words()}")
    if store.get_node("Need", need_id) is None:
        raise NotFound("需求", need_id)
    if code == "open":
        active = [
            p.id
            for _, p in store.neighbours("Need", need_id, ("ADDRESSES",), "in")
            if p.props.get("status", "claimed") in ACTIVE_PROJECT
        ]
        if active:  # reopening would leave the project holding the resource's capacity
            raise Conflict(
                f"需求 {need_id} 仍有进行中的项目 {'、'.join(active)}；请先终止项目，需求会自动回到待认领"
            )
    store.apply(ChangeSet(nodes={"Need": {need_id: {"status": code}}}))
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
    patch: dict[str, Any] = {"status": code}
    if code == "done":
        patch["finished"] = on or today()
    needs = [n.id for _, n in store.neighbours("Project", project_id, ("ADDRESSES",), "out")]
    need_status = NEED_FOR_PROJECT[code]
    store.apply(
        ChangeSet(
            nodes={
                "Project": {project_id: patch},
                "Need": {n: {"status": need_status} for n in needs},
            }
        )
    )
    return node_json(store.get_node("Project", project_id))
