"""What every query needs: today's date, node JSON, resolving a user-given id."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from typing import Any

from gongjian.graph.store import Node, NotFound, Store
from gongjian.model import CATEGORY, LABELS, NODE_TYPES, PROP_ENUMS, REL_TYPES, display_name
from gongjian.rules.figures import parse_number


def today() -> str:
    """Today as ``YYYY-MM-DD``; ``GONGJIAN_TODAY`` pins it (demos, reproducible reports)."""
    pinned = os.environ.get("GONGJIAN_TODAY")
    if pinned:
        return dt.date.fromisoformat(pinned).isoformat()
    return dt.date.today().isoformat()


def ref_json(node: Node) -> dict[str, Any]:
    """The short form of a node: id (an area's code), label, name."""
    return {"id": node.id, "label": node.label, "name": display_name(node.label, node.props)}


def node_json(node: Node) -> dict[str, Any]:
    """A node with all its properties; enum codes get their Chinese word beside them (``kind_zh``)."""
    out: dict[str, Any] = {**node.props, **ref_json(node)}
    for key, value in node.props.items():
        enum = PROP_ENUMS.get((node.label, key))
        if enum is not None and isinstance(value, str):
            out[f"{key}_zh"] = enum.zh(value)
    if isinstance(node.props.get("category"), str):
        out["category_zh"] = CATEGORY.zh(node.props["category"])
    return out


def resolve(store: Store, id: str, labels: tuple[str, ...] = LABELS) -> Node:
    """The node a user means by ``id`` (or ``Label:id``), among ``labels``.

    An id that exists under several labels resolves in model order (areas first);
    ``Label:id`` picks one explicitly.
    """
    key, among = lookup(id, labels)
    node = store.find_node(key, among) if among else None
    if node is None:
        raise not_found(id, labels)
    return node


def lookup(id: str, labels: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The key a user's ``id`` names and the labels to look it up under: ``Label:id`` narrows
    ``labels`` to that label (to none when it is not among them)."""
    label, _, rest = id.partition(":")
    if rest and label in NODE_TYPES:
        return rest, (label,) if label in labels else ()
    return id, labels


def not_found(id: str, labels: tuple[str, ...]) -> NotFound:
    """The error for a user's ``id`` (or ``Label:id``) that names no node among ``labels``."""
    label, _, rest = id.partition(":")
    if rest and label in NODE_TYPES:
        return NotFound(NODE_TYPES[label].zh, rest)
    return NotFound(NODE_TYPES[labels[0]].zh if len(labels) == 1 else "节点", id)


_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百]+|[0-9]+")


def _number_zh(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105; Arabic digits as they are."""
    return int(parse_number(text) or 0)


def natural_key(name: str) -> tuple:
    """A name's sort key with its numbers as numbers: 第二网格 before 第十网格, 3号楼 before 12号楼."""
    parts: list[object] = []
    at = 0
    for m in _NUMBER.finditer(name):
        parts += [name[at : m.start()], _number_zh(m.group())]
        at = m.end()
    parts.append(name[at:])
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in parts)


def via_json(joins: Iterable[tuple[str, bool]]) -> list[dict[str, Any]]:
    """The relationships joining a path's node to the one before: model type, Chinese word, and
    whether each points from the node before to this one."""
    return [{"type": t, "type_zh": REL_TYPES[t].zh, "forward": forward} for t, forward in joins]
