"""The sheet a picture is drawn on: page size, scale, and inside one frame the title, the
drawing, the legend beside it and the footer (note; data source, area, date, gongjian).

The drawing is laid out in points at its natural size; :meth:`Sheet.fit` scales it to
the paper (or sizes the page to it), and every text of the drawing scales with it, so
what Graphviz kept apart stays apart.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from gongjian.viz.diagram import Diagram, clean_text
from gongjian.viz.font import drawable
from gongjian.viz.paper import PrintOptions
from gongjian.viz.style import (
    DIMMED_BORDER,
    LEAD_COLOR,
    LEAD_ZH,
    MATCH_COLOR,
    MATCH_TYPE,
    label_style,
    legend,
)

#: The longest side of a page sized to its drawing (no paper given), in inches.
MAX_SIDE = 30.0
MIN_SIDE = 6.0
#: How much a drawing may be enlarged to fill a paper.
MAX_GROW = 1.6
#: Sizes of the sheet's texts on a paper, in points (a bigger page grows them).
TITLE_PT, LEGEND_PT, FOOTER_PT = 16.0, 8.5, 7.5
#: Margin between the paper's edge and the frame, and inside the frame, in inches.
MARGIN, INSET = 0.3, 0.15
FRAME_COLOR = "#9e9e9e"


@dataclass(frozen=True)
class Entry:
    """One legend row: a symbol (``marker``) or a line, with its Chinese text."""

    zh: str
    color: str
    marker: str = "o"
    edge: str = "#333333"
    dashed: bool = False
    line: bool = False
    ring: float = 0.6


def legend_rows(diagram: Diagram) -> list[Entry]:
    """The legend: the kinds of node present (model order), former members, the lead, matches."""
    labels = {n.get("label", "") for n in diagram.nodes}
    dimmed = any(n.get("dimmed") for n in diagram.nodes) or any(e.get("dimmed") for e in diagram.links)
    rows = [
        Entry(r.zh, r.color, r.marker, DIMMED_BORDER if r.dashed else "#333333", r.dashed)
        for r in legend(labels, dimmed=dimmed)
    ]
    lead = next((n for n in diagram.nodes if n.get("lead")), None)
    if lead is not None:
        style = label_style(lead.get("label", ""))
        rows.append(Entry(LEAD_ZH, style.color, style.marker, LEAD_COLOR, ring=2.5))
    if any(e.get("type") == MATCH_TYPE for e in diagram.links):
        rows.append(Entry("匹配关系", MATCH_COLOR, line=True))
    return rows


def footer(diagram: Diagram) -> str:
    """Data source, area, date and the program, for the bottom of the sheet."""
    parts = []
    if clean_text(diagram.source):
        parts.append(f"数据来源：{clean_text(diagram.source)}")
    if clean_text(diagram.area):
        parts.append(f"范围：{clean_text(diagram.area)}")
    parts.append(f"制图日期：{clean_text(diagram.made) or dt.date.today().isoformat()}")
    parts.append("gongjian 共建图谱")
    return "　".join(parts)


def sheet_texts(diagram: Diagram, note: str) -> dict[str, list[str]]:
    """The sheet's texts as drawn: title, note, legend (with its heading) and footer."""
    return {
        "title": [clean_text(diagram.title)],
        "note": [note] if note else [],
        "legend": ["图例", *(r.zh for r in legend_rows(diagram))],
        "footer": [footer(diagram)],
    }


@dataclass(frozen=True)
class Sheet:
    """Page size (inches), the drawing's scale, text scale of the sheet, and its bands (inches)."""

    page: tuple[float, float]
    scale: float
    grow: float
    legend_width: float
    title_height: float
    footer_height: float

    @classmethod
    def fit(cls, extent, options: PrintOptions, rows: list[Entry], texts: dict[str, list[str]]) -> Sheet:
        """The sheet for a drawing of ``extent`` (x0, x1, y0, y1 in points)."""
        width, height = (extent[1] - extent[0]) / 72, (extent[3] - extent[2]) / 72
        paper = options.size(wide=width > height)
        grow = 1.0 if paper else min(2.5, max(1.0, math.sqrt(width * height) / 12))

        def bands(g: float) -> tuple[float, float, float]:
            longest = max([len(r.zh) for r in rows] + [2])
            legend_w = (longest * LEGEND_PT * 1.02 + LEGEND_PT * 5) * g / 72 if rows else 0.0
            title_h = TITLE_PT * g * 2.0 / 72
            lines = 1 + bool(texts["note"])
            footer_h = FOOTER_PT * g * 1.6 * lines / 72 + 0.1
            return legend_w, title_h, footer_h

        legend_w, title_h, footer_h = bands(grow)
        edge = 2 * (MARGIN + INSET)
        if paper:
            page = paper
            room_w = page[0] - edge - legend_w - INSET
            room_h = page[1] - edge - title_h - footer_h
            scale = min(room_w / max(width, 1e-3), room_h / max(height, 1e-3), MAX_GROW)
        else:
            want_w, want_h = width + edge + legend_w + INSET, height + edge + title_h + footer_h
            shrink = min(1.0, MAX_SIDE / max(want_w, want_h))
            scale = shrink
            page = (max(MIN_SIDE, want_w * shrink), max(MIN_SIDE * 0.75, want_h * shrink))
        return cls(page, scale, grow, legend_w, title_h, footer_h)

    def area_rect(self) -> list[float]:
        """The drawing's axes, as figure fractions [left, bottom, width, height]."""
        w, h = self.page
        left = MARGIN + INSET
        bottom = MARGIN + INSET + self.footer_height
        width = w - 2 * left - self.legend_width - (INSET if self.legend_width else 0)
        height = h - bottom - MARGIN - INSET - self.title_height
        return [left / w, bottom / h, max(width, 0.1) / w, max(height, 0.1) / h]

    def _span(self, lo: float, hi: float, room_in: float) -> tuple[float, float]:
        half = room_in * 72 / self.scale / 2
        mid = (lo + hi) / 2
        return mid - half, mid + half

    def xlim(self, extent) -> tuple[float, float]:
        """The axes' x limits: the drawing centred at its scale."""
        return self._span(extent[0], extent[1], self.area_rect()[2] * self.page[0])

    def ylim(self, extent) -> tuple[float, float]:
        """The axes' y limits: the drawing centred at its scale."""
        return self._span(extent[2], extent[3], self.area_rect()[3] * self.page[1])


def frame_sheet(fig: Figure, sheet: Sheet, rows: list[Entry], prop, texts: dict[str, list[str]]) -> None:
    """Draw the frame, the title, the legend inside the frame and the footer."""
    w, h = sheet.page
    g = sheet.grow
    fig.patches.append(
        Rectangle(
            (MARGIN / w, MARGIN / h),
            1 - 2 * MARGIN / w,
            1 - 2 * MARGIN / h,
            transform=fig.transFigure,
            fill=False,
            edgecolor=FRAME_COLOR,
            linewidth=0.8,
        )
    )
    top = 1 - (MARGIN + INSET) / h
    room = (w - 2 * (MARGIN + INSET)) * 72  # points across the frame: long texts shrink to fit
    title = fig.text(
        0.5,
        top,
        drawable(texts["title"][0]),
        fontproperties=prop,
        fontsize=TITLE_PT * g,
        ha="center",
        va="top",
        parse_math=False,
    )
    bottom_lines = [*texts["note"], *texts["footer"]]
    bottom = fig.text(
        (MARGIN + INSET) / w,
        (MARGIN + INSET) / h,
        "\n".join(drawable(t) for t in bottom_lines),
        fontproperties=prop,
        fontsize=FOOTER_PT * g,
        color="#555555",
        ha="left",
        va="bottom",
        linespacing=1.5,
        parse_math=False,
    )
    _fit(fig, title, room)
    _fit(fig, bottom, room)
    if rows:
        _legend(fig, sheet, rows, prop, top - sheet.title_height / h)


def _fit(fig: Figure, text, room: float) -> None:
    """Shrink ``text`` until it fits ``room`` points across."""
    width = text.get_window_extent(fig.canvas.get_renderer()).width * 72 / fig.dpi
    if width > room:
        text.set_fontsize(text.get_fontsize() * room / width * 0.98)


def _legend(fig: Figure, sheet: Sheet, rows: list[Entry], prop, top: float) -> None:
    size = LEGEND_PT * sheet.grow
    handles = [
        Line2D(
            [0, 1],
            [0, 0],
            color=r.color if r.line else DIMMED_BORDER if r.dashed else "none",
            linestyle="--" if r.dashed else "-" if r.line else "none",
            linewidth=2 if r.line else 1,
            marker="none" if r.line else r.marker,
            markersize=size * 1.1,
            markerfacecolor=r.color,
            markeredgecolor=r.edge,
            markeredgewidth=r.ring,
            label=drawable(r.zh),
        )
        for r in rows
    ]
    text_prop = prop.copy()
    text_prop.set_size(size)
    title_prop = prop.copy()
    title_prop.set_size(size * 1.15)
    w = sheet.page[0]
    fig.legend(
        handles=handles,
        prop=text_prop,
        title="图例",
        title_fontproperties=title_prop,
        loc="upper right",
        bbox_to_anchor=(1 - (MARGIN + INSET) / w, top),
        frameon=True,
        framealpha=1.0,
        edgecolor=FRAME_COLOR,
        borderaxespad=0.0,
    )
