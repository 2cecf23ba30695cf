"""Node labels and relationship types of the graph, and a node's human name."""

from __future__ import annotations

from dataclasses import dataclass

from gongjian.model.enums import EVENT_ACTION

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


def display_name(label: str, props: dict) -> str:
    """The human name of a node: its name or title, else its key; an event (no name, and none
    in the search index) is its date and action: ``2026-03-10 上报``."""
    if label == "Event" and props.get("action"):
        return f"{props.get('date') or ''} {EVENT_ACTION.zh(props['action'])}".strip()
    nt = NODE_TYPES[label]
    return str(props.get(nt.name_prop) or props.get("name") or props.get("id") or "")
