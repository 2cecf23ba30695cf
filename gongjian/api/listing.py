"""Paged lists over the store (``store.find_nodes``) and checks on filter values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gongjian.api.errors import invalid
from gongjian.api.schemas import Page
from gongjian.graph.store import Node, Store
from gongjian.model import NODE_TYPES
from gongjian.queries.common import node_json

Item = Callable[[Node], dict[str, Any]]


def paged(total: int, nodes: Sequence[Node], page: Page, item: Item = node_json) -> dict[str, Any]:
    """``{"total", "offset", "limit", "items"}``."""
    return {"total": total, "offset": page.offset, "limit": page.limit, "items": [item(n) for n in nodes]}


def find_page(
    store: Store,
    label: str,
    page: Page,
    where: dict[str, str | None] | None = None,
    areas: list[str] | None = None,
    item: Item = node_json,
) -> dict[str, Any]:
    """One page of nodes whose properties equal ``where`` (None values ignored) in ``areas``."""
    conds = {k: v for k, v in (where or {}).items() if v is not None}
    total, nodes = store.find_nodes(label, conds or None, areas, page.offset, page.limit)
    return paged(total, nodes, page, item)


def slice_page(nodes: Sequence[Node], page: Page, item: Item = node_json) -> dict[str, Any]:
    """Page a list filtered in Python (for filters the store cannot push down)."""
    return paged(len(nodes), nodes[page.offset : page.offset + page.limit], page, item)


def area_codes(store: Store, code: str | None, field: str = "area", where: str = "query") -> list[str] | None:
    """The codes of an area's subtree for a filter; an unknown area is a 422 naming the field."""
    if code is None:
        return None
    if store.get_node("Area", code) is None:
        invalid((where, field), f"区划 {code} 不存在", code)
    return store.subtree(code)


def must_exist(store: Store, label: str, id: str | None, field: str, where: str = "query") -> None:
    """A filter naming a node that does not exist is a 422 naming the field."""
    if id is not None and store.get_node(label, id) is None:
        invalid((where, field), f"{NODE_TYPES[label].zh} {id} 不存在", id)
