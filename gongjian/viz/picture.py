"""PNG, SVG and PDF pictures of a diagram for reports, with matplotlib and Noto Sans CJK SC.

Each node is a box: its symbol with its full name below, wrapped between the parts of
the name (:mod:`gongjian.viz.labels`); each link's text is a box of its own in the
middle of the link. Graphviz places the boxes apart (:mod:`gongjian.viz.placement`),
so no two labels overlap; the sheet (title, legend, footer inside a frame, paper size)
is :mod:`gongjian.viz.sheet`. Uses the object-oriented API (``Figure``, no pyplot), so
it is safe in a server thread; SVG text is drawn as paths, so the picture needs no font
where it is opened, and the title is kept as metadata.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from gongjian.viz.diagram import Diagram, clean_text, node_name
from gongjian.viz.font import cjk_font, drawable
from gongjian.viz.labels import wrap
from gongjian.viz.paper import PrintOptions
from gongjian.viz.placement import place
from gongjian.viz.sheet import Sheet, frame_sheet, legend_rows, sheet_texts
from gongjian.viz.style import (
    DIMMED_BORDER,
    DIMMED_FILL,
    DIMMED_TEXT,
    EDGE_COLOR,
    LEAD_COLOR,
    MATCH_COLOR,
    MATCH_TYPE,
    label_style,
)

#: Up to this many nodes every node is named; beyond, only platforms and areas.
NAME_ALL_LIMIT = 300
#: Up to this many links every link's text is drawn.
EDGE_TEXT_LIMIT = 80
#: Text sizes at the natural scale, in points.
NAME_PT = 9.0
EDGE_PT = 7.5
#: The lead organisation's symbol is this much bigger, ringed in :data:`LEAD_COLOR`.
LEAD_GROW = 1.3
_NAMED_WHEN_CROWDED = frozenset({"Platform", "Area"})
#: Room between a symbol and its name, and around a text's white ground, in points.
_PAD = 2.0
#: Gids of the drawn texts a reader must be able to read apart (tests check their boxes).
NAME_GID, LINK_TEXT_GID = "node-name", "link-text"


def picture_texts(diagram: Diagram) -> dict[str, list[str]]:
    """Every text the picture draws, names whole (for tests: each must have glyphs in the font)."""
    crowded = len(diagram.nodes) > NAME_ALL_LIMIT
    names = [node_name(n) for n in diagram.nodes if not crowded or n.get("label") in _NAMED_WHEN_CROWDED]
    edges = (
        [clean_text(e.get("label")) for e in diagram.links] if len(diagram.links) <= EDGE_TEXT_LIMIT else []
    )
    return {
        **sheet_texts(diagram, _picture_note(diagram, crowded)),
        "names": names,
        "edges": [t for t in edges if t],
    }


def _picture_note(diagram: Diagram, crowded: bool) -> str:
    parts = [clean_text(diagram.note)]
    if crowded:
        parts.append(f"节点较多（{len(diagram.nodes)} 个），仅标注共建平台和区划名称")
    return "；".join(p for p in parts if p)


@dataclass
class _Box:
    """What one box holds: a node's symbol and name, or a link's text (``symbol`` 0)."""

    lines: list[str]
    symbol: float = 0.0
    size: tuple[float, float] = (0.0, 0.0)
    node: dict = field(default_factory=dict)
    link: dict = field(default_factory=dict)


def render_picture(diagram: Diagram, fmt: str, options: PrintOptions | None = None) -> bytes:
    """The diagram as PNG, SVG or PDF bytes."""
    options = options or PrintOptions()
    fig = draw(diagram, options)
    title = drawable(clean_text(diagram.title))
    buf = io.BytesIO()
    if fmt == "png":
        fig.savefig(buf, format="png", dpi=options.dpi, metadata={"Title": title, "Software": "gongjian"})
    elif fmt == "svg":
        with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "gongjian"}):
            fig.savefig(buf, format="svg", metadata={"Title": title, "Date": None, "Creator": "gongjian"})
    elif fmt == "pdf":
        meta = {"Title": title, "Creator": "gongjian", "Producer": "gongjian", "CreationDate": None}
        fig.savefig(buf, format="pdf", metadata=meta)
    else:
        raise ValueError(f"not a picture format: {fmt!r}")
    return buf.getvalue()


def draw(diagram: Diagram, options: PrintOptions) -> Figure:
    """The picture as a matplotlib figure (what :func:`render_picture` saves)."""
    prop = cjk_font()
    texts = picture_texts(diagram)
    boxes, pos, _ = layout(diagram)
    rows = legend_rows(diagram)
    extent = _extent(boxes, pos)
    sheet = Sheet.fit(extent, options, rows, texts)
    fig = Figure(figsize=sheet.page, dpi=72)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(sheet.area_rect())
    ax.set_axis_off()
    ax.set_xlim(*sheet.xlim(extent))
    ax.set_ylim(*sheet.ylim(extent))
    _draw_links(ax, diagram, boxes, pos, sheet.scale)
    _draw_nodes(ax, boxes, pos, prop, sheet.scale)
    if not diagram.nodes:
        ax.text(
            0.5, 0.5, "（无节点）", transform=ax.transAxes, ha="center", fontproperties=prop, parse_math=False
        )
    frame_sheet(fig, sheet, rows, prop, texts)
    return fig


def layout(diagram: Diagram) -> tuple[dict[str, _Box], dict[str, tuple[float, float]], bool]:
    """The boxes of the picture (nodes and link texts), their centres in points, and whether
    Graphviz kept them apart (False: the hand-written fallback placed them)."""
    boxes, links = _boxes(diagram, cjk_font())
    pos, apart = place(
        {k: b.size for k, b in boxes.items()},
        links,
        {k: b.node.get("label", "") for k, b in boxes.items()},
    )
    return boxes, pos, apart


def _boxes(diagram: Diagram, prop) -> tuple[dict[str, _Box], list[tuple[str, str]]]:
    """A box per node and per link text, sized in points; the links between the boxes."""
    named = len(diagram.nodes) <= NAME_ALL_LIMIT
    measure = _Measure(prop)
    boxes: dict[str, _Box] = {}
    for n in diagram.nodes:
        style = label_style(n.get("label", ""))
        symbol = style.size * 0.9 * (LEAD_GROW if n.get("lead") else 1.0)
        lines = wrap(drawable(node_name(n))) if named or n.get("label") in _NAMED_WHEN_CROWDED else []
        w, h = measure(lines, NAME_PT)
        size = (max(symbol, w + 2 * _PAD), symbol + (h + 2 * _PAD if lines else 0))
        boxes[str(n["id"])] = _Box(lines, symbol, size, node=n)
    links: list[tuple[str, str]] = []
    with_text = len(diagram.links) <= EDGE_TEXT_LIMIT
    for i, e in enumerate(diagram.links):
        s, t = str(e["source"]), str(e["target"])
        text = clean_text(e.get("label")) if with_text and s != t else ""
        if not text:
            links.append((s, t))
            continue
        key = f"link:{i}"
        lines = [drawable(text)]
        w, h = measure(lines, EDGE_PT)
        boxes[key] = _Box(lines, 0.0, (w + 2 * _PAD, h + 2 * _PAD), link=e)
        links += [(s, key), (key, t)]
    return boxes, links


class _Measure:
    """Sizes of texts as matplotlib draws them (points), so boxes and drawing agree."""

    def __init__(self, prop) -> None:
        self.prop = prop
        self.fig = Figure(dpi=72)
        self.renderer = FigureCanvasAgg(self.fig).get_renderer()

    def __call__(self, lines: list[str], size: float) -> tuple[float, float]:
        if not lines:
            return 0.0, 0.0
        text = self.fig.text(
            0, 0, "\n".join(lines), fontproperties=self.prop, fontsize=size, parse_math=False
        )
        box = text.get_window_extent(self.renderer)
        text.remove()
        return box.width, box.height


def _extent(boxes: dict[str, _Box], pos) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) around every box, in points."""
    if not boxes:
        return (-50.0, 50.0, -50.0, 50.0)
    xs = [p for k, b in boxes.items() for p in (pos[k][0] - b.size[0] / 2, pos[k][0] + b.size[0] / 2)]
    ys = [p for k, b in boxes.items() for p in (pos[k][1] - b.size[1] / 2, pos[k][1] + b.size[1] / 2)]
    return min(xs), max(xs), min(ys), max(ys)


def _anchor(box: _Box, centre: tuple[float, float]) -> tuple[float, float]:
    """Where links meet a box: the centre of a node's symbol (the top of its box), or a text's centre."""
    x, y = centre
    return (x, y + box.size[1] / 2 - box.symbol / 2) if box.node else (x, y)


def _draw_links(ax, diagram: Diagram, boxes: dict[str, _Box], pos, scale: float) -> None:
    """Every link as a line between symbols; a link with text bends through its text's box."""
    groups: dict[tuple[bool, bool], list] = {}
    texts = {id(b.link): k for k, b in boxes.items() if b.link}
    for e in diagram.links:
        s, t = str(e["source"]), str(e["target"])
        if s == t:
            continue
        ends = [_anchor(boxes[s], pos[s]), _anchor(boxes[t], pos[t])]
        key = texts.get(id(e))
        segs = [(ends[0], pos[key]), (pos[key], ends[1])] if key else [tuple(ends)]
        groups.setdefault((e.get("type") == MATCH_TYPE, bool(e.get("dimmed"))), []).extend(segs)
    for (match, dimmed), segs in sorted(groups.items()):
        color = DIMMED_BORDER if dimmed else (MATCH_COLOR if match else EDGE_COLOR)
        ax.add_collection(
            LineCollection(
                segs,
                colors=color,
                linewidths=(2.0 if match else 0.9) * max(scale, 0.4),
                linestyles="--" if dimmed else "-",
                alpha=0.9,
                zorder=1,
            )
        )


def _draw_nodes(ax, boxes: dict[str, _Box], pos, prop, scale: float) -> None:
    """Symbols (the lead ringed), then names below them and link texts, each on a white ground."""
    groups: dict[tuple[str, bool, bool], list[str]] = {}
    for key, box in boxes.items():
        if box.node:
            n = box.node
            groups.setdefault((n.get("label", ""), bool(n.get("dimmed")), bool(n.get("lead"))), []).append(
                key
            )
    for (label, dimmed, lead), keys in sorted(groups.items()):
        style = label_style(label)
        xy = [_anchor(boxes[k], pos[k]) for k in keys]
        size = boxes[keys[0]].symbol * scale
        ax.scatter(
            [x for x, _ in xy],
            [y for _, y in xy],
            s=size**2,
            marker=style.marker,
            c=DIMMED_FILL if dimmed else style.color,
            edgecolors=LEAD_COLOR if lead else DIMMED_BORDER if dimmed else "#333333",
            linewidths=(3.0 if lead else 1.0 if dimmed else 0.6) * max(scale, 0.5),
            linestyles="--" if dimmed else "-",
            zorder=2,
        )
    for key, box in boxes.items():
        if not box.lines:
            continue
        x, y = pos[key]
        dimmed = bool((box.node or box.link).get("dimmed"))
        if box.node:
            y += box.size[1] / 2 - box.symbol - _PAD
        ax.text(
            x,
            y,
            "\n".join(box.lines),
            fontproperties=prop,
            fontsize=(NAME_PT if box.node else EDGE_PT) * scale,
            color=DIMMED_TEXT if dimmed else "#222222" if box.node else "#444444",
            ha="center",
            va="top" if box.node else "center",
            multialignment="center",
            parse_math=False,
            zorder=4 if box.node else 3,
            gid=NAME_GID if box.node else LINK_TEXT_GID,
            bbox={"boxstyle": "square,pad=0.08", "fc": "white", "ec": "none", "alpha": 0.85},
            clip_on=False,
        )
