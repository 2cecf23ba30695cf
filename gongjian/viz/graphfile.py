"""Graph files for other tools: GEXF (Gephi), GraphML (yEd, Cytoscape) and JSON.

GEXF and GraphML hold only scalar attributes of one type per key, so values are
made safe first: ``None`` is left out, lists are joined with "；", dates become
``YYYY-MM-DD``, dicts become JSON text, and a key holding mixed types becomes text
everywhere. The ``label`` of a node in these files is its Chinese name (Gephi and
yEd show it); the model label goes to ``kind`` (``Unit``) and ``kind_zh`` (``驻区单位``),
a link's type to ``rel`` and ``rel_zh``. Properties named like the attributes these
formats reserve (``id``, ``type``, ``start``, ``viz`` …) get a trailing ``_``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable

import networkx as nx

from gongjian.viz.diagram import NODE_KEYS, Diagram, clean_text, node_name
from gongjian.viz.style import DIMMED_FILL, enum_words, hex_rgb, label_style, label_zh, rel_zh

JOIN = "；"
#: Attribute names GEXF or networkx's writers give a meaning of their own, or that we set.
_SPECIAL = frozenset({"id", "label", "dimmed", "start", "end", "viz", "spells"})
NODE_RESERVED = _SPECIAL | {"kind", "kind_zh", "group", "tooltip", "pid", "lead"}
EDGE_RESERVED = _SPECIAL | {"type", "rel", "rel_zh", "weight", "key", "networkx_key"}


def render_graphfile(diagram: Diagram, fmt: str) -> bytes:
    """The diagram as GEXF, GraphML or JSON bytes (UTF-8)."""
    if fmt == "json":
        return to_json(diagram)
    g = export_graph(diagram, viz=fmt == "gexf")
    buf = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True)
    elif fmt == "graphml":
        nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    else:
        raise ValueError(f"not a graph file format: {fmt!r}")
    return buf.getvalue()


def to_json(diagram: Diagram) -> bytes:
    """``{"title", "note", "nodes", "links"}`` as UTF-8 JSON, Chinese kept as is."""
    doc = {"title": diagram.title, "note": diagram.note, "nodes": diagram.nodes, "links": diagram.links}
    return json.dumps(doc, ensure_ascii=False, indent=1, default=_json_default).encode("utf-8")


def _json_default(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def scalar(value: object) -> str | int | float | bool | None:
    """A value GEXF and GraphML can hold, or ``None`` to leave the attribute out."""
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return clean_text(json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return JOIN.join(str(s) for s in (scalar(v) for v in items) if s not in (None, ""))
    return clean_text(value)


def _uniform(rows: Iterable[dict]) -> None:
    """Make each key hold one type across rows: mixed types (or bool with numbers) become text."""
    rows = list(rows)
    kinds: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            kinds.setdefault(k, set()).add(type(v))
    for k, types in kinds.items():
        if types == {int, float}:
            for row in rows:
                if k in row:
                    row[k] = float(row[k])
        elif len(types) > 1:
            for row in rows:
                if k in row:
                    row[k] = str(row[k])


def _attrs(raw: dict, skip: frozenset[str], reserved: frozenset[str]) -> dict:
    """The properties of a node or link as file-safe attributes, reserved names suffixed."""
    out: dict = {}
    for k, v in raw.items():
        if k in skip:
            continue
        s = scalar(v)
        if s is None:
            continue
        name = clean_text(k) or "_"
        while name in reserved or name in out:
            name += "_"
        out[name] = s
    return out


def export_graph(diagram: Diagram, *, viz: bool = False) -> nx.MultiDiGraph:
    """A graph with file-safe attributes; with ``viz`` GEXF colours, sizes and positions too."""
    node_rows = []
    for n in diagram.nodes:
        row = _attrs(n, NODE_KEYS, NODE_RESERVED)
        for prop, word in enum_words(n.get("label", ""), n).items():
            row.setdefault(f"{prop}_zh", word)
        row.update(
            label=node_name(n),
            kind=str(n.get("label", "")),
            kind_zh=label_zh(n.get("label", "")),
            dimmed=bool(n.get("dimmed")),
            lead=bool(n.get("lead")),
        )
        if n.get("group") is not None:
            row["group"] = clean_text(n["group"])
        if n.get("title"):
            row["tooltip"] = clean_text(n["title"])
        node_rows.append(row)
    edge_rows = []
    for e in diagram.links:
        row = _attrs(e, frozenset({"source", "target", "type", "label", "dimmed"}), EDGE_RESERVED)
        row.update(
            rel=str(e.get("type", "")),
            rel_zh=rel_zh(e.get("type", "")),
            label=clean_text(e.get("label")) or rel_zh(e.get("type", "")),
            dimmed=bool(e.get("dimmed")),
        )
        edge_rows.append(row)
    _uniform(node_rows)
    _uniform(edge_rows)
    g = nx.MultiDiGraph(title=clean_text(diagram.title), note=clean_text(diagram.note))
    positions = None
    if viz:
        from gongjian.viz.layout import positions as layout

        positions = layout(diagram.nodes, diagram.links)
    for n, row in zip(diagram.nodes, node_rows, strict=True):
        nid = str(n["id"])
        if positions is not None:
            style = label_style(n.get("label", ""))
            r, gr, b = hex_rgb(DIMMED_FILL if n.get("dimmed") else style.color)
            x, y = positions.get(nid, (0.0, 0.0))
            row["viz"] = {
                "color": {"r": r, "g": gr, "b": b, "a": 1.0},
                "size": float(style.size),
                "position": {"x": round(x * 50, 2), "y": round(y * 50, 2), "z": 0.0},
            }
        g.add_node(nid, **row)
    for e, row in zip(diagram.links, edge_rows, strict=True):
        g.add_edge(str(e["source"]), str(e["target"]), **row)
    return g
