"""PNG and SVG pictures of a diagram with matplotlib, Chinese text in Noto Sans CJK SC.

Uses the object-oriented API (``Figure``, no pyplot), so it is safe in a server
thread. The layout is deterministic (see :mod:`gongjian.viz.layout`); SVG text is
drawn as paths, so the picture needs no font where it is opened, and the title is
kept as ``<dc:title>`` metadata.
"""

from __future__ import annotations

import io
import math
from collections import Counter

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from gongjian.viz.diagram import Diagram, clean_text, node_name
from gongjian.viz.font import cjk_font, drawable
from gongjian.viz.layout import positions
from gongjian.viz.style import (
    DIMMED_BORDER,
    DIMMED_FILL,
    DIMMED_TEXT,
    EDGE_COLOR,
    MATCH_COLOR,
    MATCH_TYPE,
    label_style,
    legend,
)

#: Up to this many nodes every node is named; beyond, only platforms and areas.
NAME_ALL_LIMIT = 150
#: Up to this many links every link's text is drawn.
EDGE_TEXT_LIMIT = 80
#: Longest name drawn in full; longer ones end in "…".
NAME_MAX = 16
_NAMED_WHEN_CROWDED = frozenset({"Platform", "Area"})


def picture_texts(diagram: Diagram) -> dict[str, list[str]]:
    """Every text the picture draws, as drawn (for tests: each must have glyphs in the font)."""
    crowded = len(diagram.nodes) > NAME_ALL_LIMIT
    names = [
        _short(node_name(n)) for n in diagram.nodes if not crowded or n.get("label") in _NAMED_WHEN_CROWDED
    ]
    edges = (
        [clean_text(e.get("label")) for e in diagram.links] if len(diagram.links) <= EDGE_TEXT_LIMIT else []
    )
    labels = {n.get("label", "") for n in diagram.nodes}
    dimmed = any(n.get("dimmed") for n in diagram.nodes) or any(e.get("dimmed") for e in diagram.links)
    return {
        "title": [clean_text(diagram.title)],
        "note": [t for t in [_picture_note(diagram, crowded)] if t],
        "names": names,
        "edges": [t for t in edges if t],
        "legend": [
            "图例",
            *(row.zh for row in legend(labels, dimmed=dimmed)),
            *(["匹配关系"] if any(e.get("type") == MATCH_TYPE for e in diagram.links) else []),
        ],
    }


def _short(name: str) -> str:
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1] + "…"


def _picture_note(diagram: Diagram, crowded: bool) -> str:
    parts = [clean_text(diagram.note)]
    if crowded:
        parts.append(f"节点较多（{len(diagram.nodes)} 个），仅标注共建平台和区划名称")
    return "；".join(p for p in parts if p)


def render_picture(diagram: Diagram, fmt: str) -> bytes:
    """The diagram as PNG or SVG bytes."""
    prop = cjk_font()
    texts = picture_texts(diagram)
    pos = positions(diagram.nodes, diagram.links)
    n = len(diagram.nodes)
    side = min(40.0, max(8.0, 4.0 + math.sqrt(n) * 1.1))
    fig = Figure(figsize=(side * 1.25, side), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    name_size = max(6.0, min(11.0, 11.0 - math.log10(max(n, 1)) * 1.2))
    scale = side / 10  # title, note and legend grow with the figure

    _draw_links(ax, diagram, pos, prop, texts["edges"] != [], name_size)
    _draw_nodes(ax, diagram, pos, prop, name_size, len(texts["names"]) == n)
    if not diagram.nodes:
        ax.text(
            0.5, 0.5, "（无节点）", transform=ax.transAxes, ha="center", fontproperties=prop, parse_math=False
        )
    ax.margins(0.08)
    ax.set_title(
        drawable(texts["title"][0]), fontproperties=prop, fontsize=18 * scale, parse_math=False, pad=12
    )
    if texts["note"]:
        fig.text(
            0.01,
            0.005,
            drawable(texts["note"][0]),
            fontproperties=prop,
            fontsize=10 * scale,
            color="#555555",
            parse_math=False,
        )
    _draw_legend(ax, diagram, prop, 10 * scale)

    buf = io.BytesIO()
    title = drawable(texts["title"][0])
    if fmt == "png":
        fig.savefig(buf, format="png", metadata={"Title": title, "Software": "gongjian"})
    elif fmt == "svg":
        with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "gongjian"}):
            fig.savefig(buf, format="svg", metadata={"Title": title, "Date": None, "Creator": "gongjian"})
    else:
        raise ValueError(f"not a picture format: {fmt!r}")
    return buf.getvalue()


def _draw_links(ax, diagram: Diagram, pos, prop, with_text: bool, size: float) -> None:
    groups: dict[tuple[str, bool], list] = {}
    pair_count: Counter = Counter()
    for e in diagram.links:
        s, t = str(e["source"]), str(e["target"])
        if s == t:
            continue
        kind = "match" if e.get("type") == MATCH_TYPE else "plain"
        groups.setdefault((kind, bool(e.get("dimmed"))), []).append((pos[s], pos[t]))
        text = clean_text(e.get("label"))
        if with_text and text:
            pair = tuple(sorted((s, t)))
            shift = pair_count[pair] * 0.25
            pair_count[pair] += 1
            (x1, y1), (x2, y2) = pos[s], pos[t]
            ax.text(
                (x1 + x2) / 2,
                (y1 + y2) / 2 - shift,
                drawable(text),
                fontproperties=prop,
                fontsize=size * 0.85,
                color=DIMMED_TEXT if e.get("dimmed") else "#444444",
                ha="center",
                va="center",
                parse_math=False,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
    for (kind, dimmed), segs in sorted(groups.items()):
        color = DIMMED_BORDER if dimmed else (MATCH_COLOR if kind == "match" else EDGE_COLOR)
        ax.add_collection(
            LineCollection(
                segs,
                colors=color,
                linewidths=2.0 if kind == "match" else 0.9,
                linestyles="--" if dimmed else "-",
                alpha=0.9,
                zorder=1,
            )
        )


def _draw_nodes(ax, diagram: Diagram, pos, prop, size: float, name_all: bool) -> None:
    groups: dict[tuple[str, bool], list[dict]] = {}
    for node in diagram.nodes:
        groups.setdefault((node.get("label", ""), bool(node.get("dimmed"))), []).append(node)
    for (label, dimmed), members in sorted(groups.items()):
        style = label_style(label)
        xs = [pos[str(m["id"])][0] for m in members]
        ys = [pos[str(m["id"])][1] for m in members]
        ax.scatter(
            xs,
            ys,
            s=(style.size * 0.9) ** 2,
            marker=style.marker,
            c=DIMMED_FILL if dimmed else style.color,
            edgecolors=DIMMED_BORDER if dimmed else "#333333",
            linewidths=1.0 if dimmed else 0.6,
            linestyles="--" if dimmed else "-",
            zorder=2,
        )
        if not name_all and label not in _NAMED_WHEN_CROWDED:
            continue
        for m, x, y in zip(members, xs, ys, strict=True):
            ax.annotate(
                drawable(_short(node_name(m))),
                (x, y),
                xytext=(0, -(style.size * 0.45 + 3)),
                textcoords="offset points",
                ha="center",
                va="top",
                fontproperties=prop,
                fontsize=size,
                color=DIMMED_TEXT if dimmed else "#222222",
                annotation_clip=False,
                parse_math=False,
                zorder=4,
            )


def _draw_legend(ax, diagram: Diagram, prop, size: float) -> None:
    labels = {n.get("label", "") for n in diagram.nodes}
    dimmed = any(n.get("dimmed") for n in diagram.nodes) or any(e.get("dimmed") for e in diagram.links)
    rows = legend(labels, dimmed=dimmed)
    if not rows:
        return
    handles = [
        Line2D(
            [0, 1],
            [0, 0],
            color=DIMMED_BORDER if r.dashed else "none",
            linestyle="--" if r.dashed else "none",
            marker=r.marker,
            markersize=size * 0.9,
            markerfacecolor=r.color,
            markeredgecolor=DIMMED_BORDER if r.dashed else "#333333",
            label=drawable(r.zh),
        )
        for r in rows
    ]
    if any(e.get("type") == MATCH_TYPE for e in diagram.links):
        handles.append(Line2D([0, 1], [0, 0], color=MATCH_COLOR, linewidth=2, label="匹配关系"))
    text_prop = prop.copy()
    text_prop.set_size(size)
    title_prop = prop.copy()
    title_prop.set_size(size * 1.2)
    ax.legend(
        handles=handles,
        prop=text_prop,
        title="图例",
        title_fontproperties=title_prop,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=True,
        framealpha=0.9,
    )
