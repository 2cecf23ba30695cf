"""A diagram as plain data, and the one entry point that renders it in any format.

The views (committee, alliance, neighbourhood, matches, area) choose the nodes and
hand over a :class:`Diagram`; this package only draws it. Personal data must be
masked *before* it gets here: every name, tooltip and property is drawn as given.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from gongjian.viz.paper import PICTURE_FORMATS, PrintOptions
from gongjian.viz.style import enum_lines, label_zh

Format = Literal["html", "png", "svg", "pdf", "gexf", "graphml", "json"]
FORMATS: tuple[str, ...] = ("html", "png", "svg", "pdf", "gexf", "graphml", "json")
#: Media types of the formats, for HTTP responses.
MEDIA_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "gexf": "application/xml",
    "graphml": "application/xml",
    "json": "application/json",
}

#: Node keys with a meaning here; every other key is a property shown as data.
NODE_KEYS = frozenset({"id", "label", "name", "group", "dimmed", "title", "lead"})
LINK_KEYS = frozenset({"source", "target", "type", "label", "dimmed"})

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufffe\uffff]")


@dataclass
class Diagram:
    """What to draw.

    ``nodes``: ``{"id", "label" (model label), "name", "group"?, "dimmed"?, "title"? (tooltip
    text), **props}`` with unique string ids. ``links``: ``{"source", "target", "type" (model
    relationship type or "MATCH"), "label"? (edge text), "dimmed"?}``. A node with ``"lead":
    True`` is the platform's lead organisation (牵头单位), marked in pictures. ``note`` is shown
    with the drawing (e.g. why it was cut short); ``area`` (the area drawn), ``source`` (the
    store the data came from) and ``made`` (the day, ``YYYY-MM-DD``) go in a picture's footer.
    """

    title: str
    nodes: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    note: str = ""
    area: str = ""
    source: str = ""
    made: str = ""


def check(diagram: Diagram) -> None:
    """Raise ``ValueError`` if ids repeat, a node has no label, or a link's end is missing."""
    ids = Counter(str(n.get("id", "")) for n in diagram.nodes)
    repeated = [i for i, c in ids.items() if c > 1]
    if repeated:
        raise ValueError(f"diagram node ids repeat: {repeated[:5]}")
    for n in diagram.nodes:
        if not n.get("id") or not n.get("label"):
            raise ValueError(f"diagram node without id or label: {n!r:.200}")
    for link in diagram.links:
        for end in ("source", "target"):
            if str(link.get(end)) not in ids:
                raise ValueError(f"diagram link {end} {link.get(end)!r} is not a node")


def clean_text(value: object) -> str:
    """Text safe for any output: ``str`` of the value, control characters as spaces.

    Newlines and tabs become spaces too; XML, PNG text chunks and canvases cannot all
    hold them. Nothing is escaped here: each writer escapes for its own format.
    """
    text = "" if value is None else str(value)
    return _CONTROL.sub(" ", text).replace("\n", " ").replace("\r", " ").replace("\t", " ").strip()


def node_name(node: dict) -> str:
    """The text a node is labelled with: its name, else its id."""
    return clean_text(node.get("name")) or clean_text(node.get("id"))


def node_tooltip(node: dict) -> str:
    """Hover text of a node, plain text (lines separated by ``\\n``): the caller's, or kind and name."""
    if node.get("title"):
        return str(node["title"])
    lines = [f"{label_zh(node.get('label', ''))}：{node_name(node)}"]
    lines += enum_lines(node.get("label", ""), node)
    if node.get("group"):
        lines.append(f"分组：{clean_text(node['group'])}")
    if node.get("dimmed"):
        lines.append("（已退出/已失效）")
    return "\n".join(lines)


def to_networkx(diagram: Diagram) -> nx.MultiDiGraph:
    """The diagram as a networkx graph: node attributes are the node dicts without ``id``,
    edge attributes the link dicts without the ends; ``graph`` holds title and note."""
    check(diagram)
    g = nx.MultiDiGraph(title=diagram.title, note=diagram.note)
    for n in diagram.nodes:
        g.add_node(str(n["id"]), **{k: v for k, v in n.items() if k != "id"})
    for link in diagram.links:
        attrs = {k: v for k, v in link.items() if k not in ("source", "target")}
        g.add_edge(str(link["source"]), str(link["target"]), **attrs)
    return g


def render(diagram: Diagram, fmt: Format, options: PrintOptions | None = None) -> bytes:
    """The diagram in one format: html (interactive, offline), png, svg, pdf, gexf, graphml, json.

    ``options`` (paper, orientation, dpi) apply to the pictures (png, svg, pdf) only.
    """
    check(diagram)
    if fmt == "html":
        from gongjian.viz.html import render_html

        return render_html(diagram)
    if fmt in PICTURE_FORMATS:
        from gongjian.viz.picture import render_picture

        return render_picture(diagram, fmt, options)
    if fmt in ("gexf", "graphml", "json"):
        from gongjian.viz.graphfile import render_graphfile

        return render_graphfile(diagram, fmt)
    raise ValueError(f"unknown diagram format {fmt!r}; one of {', '.join(FORMATS)}")
