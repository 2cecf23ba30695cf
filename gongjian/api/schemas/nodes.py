"""Nodes as the API answers them, one model per label, generated from the model's ledger tables.

A node is its properties (the ledger's columns, by their English names, and any column
the ledger had that the model does not know) with ``id``, ``label`` and ``name`` (its
name or title); an enumeration's code comes with its Chinese word beside it
(``status`` → ``status_zh``). The models document the answers: they are not applied to them.
"""

from __future__ import annotations

import functools
import operator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from gongjian.model import CATEGORY, EVENT_ACTION, HANDLING_LEVEL, NODE_TYPES, RATING, TABLES, Column, Enum

#: The Python type of each kind of ledger column, as the store keeps its values.
_KIND_TYPES: dict[str, Any] = {
    "id": str,
    "text": str,
    "words": list[str],
    "int": int,
    "number": float,
    "date": str,
    "enum": str,
    "ref": str,
    "refs": list[str],
    "categories": list[str],
    "category": str,
    "period": str,
}
_PERSONAL = "（个人信息：管理员以外打码）"

_LEVEL = "办理层级：" + HANDLING_LEVEL.words()

#: Properties a node may carry that no ledger column makes (an Event's are all of them).
_MADE: dict[str, dict[str, tuple[Any, str]]] = {
    "Need": {
        "category_inferred": (bool, "类别是否由标题和描述自动归类"),
        "level": (str, _LEVEL),
        "level_since": (str, "到达当前办理层级的日期"),
        "highest_level": (str, "到过的最高办理层级"),
        "due": (str, "计划完成日期（退回重办时）"),
        "done_on": (str, "办结日期"),
        "rating": (str, "居民评价：" + RATING.words()),
        "rated_on": (str, "评价日期"),
    },
    "Event": {
        "need": (str, "需求编码"),
        "date": (str, "日期"),
        "action": (str, "动作：" + EVENT_ACTION.words()),
        "level": (str, _LEVEL),
        "actor": (str, "经办（单位或人）"),
        "note": (str, "说明"),
        "rating": (str, "居民评价：" + RATING.words()),
    },
    "Resource": {"category_inferred": (bool, "类别是否由标题和描述自动归类")},
    "Document": {
        "title": (str, "标题"),
        "source": (str, "来源文件名（首次导入时）"),
        "sources": (list[str], "导入过的来源文件名"),
        "format": (str, "文件格式：txt、md、html、docx、pdf"),
        "date": (str, "文中写明的日期"),
        "passages": (list[str], "正文，按段落"),
        "mechanisms": (list[str], "文中讲到的机制（编码，见经验材料的机制词表）"),
        "chars": (int, "字数"),
        "figures": (str, "文中数据（JSON 文本；逐条见 /api/documents/{id}/figures）"),
    },
    "Project": {
        "link_kind": (str, "派单时的联结方式：big_committee、agreement、alliance、registration、proximity"),
        "score": (float, "派单时的匹配得分"),
        "note": (str, "派单备注"),
    },
}


class Ref(BaseModel):
    """A node in short: its id (an area's code), label and name."""

    id: str = Field(description="编码（区划为区划代码）")
    label: str = Field(
        description="类型：Area、Unit、PartyOrg、Platform、Person、Agreement、Need、Resource、Project"
    )
    name: str = Field(description="名称（需求、资源为标题）")


class AreaRef(Ref):
    level: str | None = Field(None, description="层级代码（province … block）")


class Node(Ref):
    """A node with all its properties; other properties a ledger had come along too."""

    model_config = ConfigDict(extra="allow")


class Relationship(BaseModel):
    """A relationship of a node, with the node at its other end; its own properties follow."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="关系类型，如 MEMBER_OF、LOCATED_IN")
    direction: Literal["out", "in"] = Field(description="out：本节点指向对方；in：对方指向本节点")
    node: Ref = Field(description="另一端的节点")


def _described(column: Column, words: Enum | None) -> str:
    text = column.zh + (f"：{words.words()}" if words is not None and words is not CATEGORY else "")
    return text + (_PERSONAL if column.personal else "")


def _columns(label: str) -> dict[str, Any]:
    table = next((t for t in TABLES.values() if t.label == label), None)
    fields: dict[str, Any] = {}
    for c in table.columns if table else ():
        if c.name in ("id", "name"):
            continue
        words = c.enum or (CATEGORY if c.kind == "category" else None)
        fields[c.name] = (_KIND_TYPES[c.kind] | None, Field(None, description=_described(c, words)))
        if words is not None:
            fields[f"{c.name}_zh"] = (str | None, Field(None, description=f"{c.zh}（中文）"))
    for name, (kind, text) in _MADE.get(label, {}).items():
        fields[name] = (kind | None, Field(None, description=text))
    return fields


_TABLED = {t.label for t in TABLES.values() if t.label}


def _node(label: str) -> type[Node]:
    t = NODE_TYPES[label]
    return create_model(  # type: ignore[call-overload, no-any-return]
        f"{label}Node",
        __base__=Node,
        __doc__=f"{t.zh}（{label}）：账本各列为属性，枚举值另附中文（*_zh）。"
        if label in _TABLED
        else f"{t.zh}（{label}）。",
        label=(Literal[label], Field(description=label)),  # type: ignore[valid-type]
        **_columns(label),
    )


def _detail(label: str, node: type[Node]) -> type[Node]:
    return create_model(  # type: ignore[call-overload, no-any-return]
        f"{label}Detail",
        __base__=node,
        __doc__=f"{NODE_TYPES[label].zh}详情：节点及其全部关系。",
        relationships=(list[Relationship], Field(description="全部关系，及另一端的节点")),
    )


NODES: dict[str, type[Node]] = {label: _node(label) for label in NODE_TYPES}
DETAILS: dict[str, type[Node]] = {label: _detail(label, model) for label, model in NODES.items()}

AreaNode, UnitNode, NeedNode = NODES["Area"], NODES["Unit"], NODES["Need"]
ResourceNode, ProjectNode, PlatformNode = NODES["Resource"], NODES["Project"], NODES["Platform"]
PartyOrgNode, AgreementNode = NODES["PartyOrg"], NODES["Agreement"]

#: Any node's detail, told apart by its label.
AnyDetail = Annotated[functools.reduce(operator.or_, DETAILS.values()), Field(discriminator="label")]  # type: ignore[valid-type]
