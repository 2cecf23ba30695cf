"""An area's loop figures (闭环办理情况) for a report: an Excel workbook and a PNG chart.

Both take the answer of :func:`gongjian.queries.loop.report` as it is. The workbook has
three sheets — 汇总 (the area's figures, one a row), 下级区划 (the same per child area) and
按月 (needs raised and done per month) — with Chinese headers, rates as percentages and
every text cell neutralised (:func:`gongjian.viz.tables.cell_value`). The picture draws
the key figures, the needs raised and done per month, and the escalation funnel (how
many needs reached each handling level), with Chinese text in Noto Sans CJK SC.
"""

from __future__ import annotations

import io
from typing import Any

from gongjian.model import HANDLING_LEVEL
from gongjian.rules.loop import HANDLING_LEVELS
from gongjian.viz.tables import cell_value, fill_sheet, neutralise

#: The figures of an area, in the order a report lists them: (key, Chinese header).
FIGURES: tuple[tuple[str, str], ...] = (
    ("raised", "提出"),
    ("done", "办结"),
    ("closed", "关闭"),
    ("done_rate", "办结率"),
    ("mean_days_to_done", "平均用时（天）"),
    ("escalated", "上报"),
    ("solved_at_grid", "网格解决"),
    ("open", "待认领"),
    ("overdue", "逾期"),
    ("rated", "已评价"),
    ("satisfaction_rate", "满意率"),
    *((f"highest_level.{lv}", f"最高至{HANDLING_LEVEL.zh(lv)}级") for lv in HANDLING_LEVELS),
)
RATES = frozenset({"done_rate", "satisfaction_rate"})
PERCENT = "0.0%"
RAISED_COLOR = "#1f5fbf"
DONE_COLOR = "#1e7a3c"
FUNNEL_COLOR = "#b3261e"


def figure(figures: dict[str, Any], key: str) -> Any:
    """One figure of an area's figures; ``highest_level.grid`` reaches into the levels."""
    if "." in key:
        group, sub = key.split(".", 1)
        return (figures.get(group) or {}).get(sub)
    return figures.get(key)


def reached(highest: dict[str, int]) -> list[tuple[str, int]]:
    """The escalation funnel: for each handling level, the needs whose highest level is it or above."""
    out, total = [], 0
    for level in reversed(HANDLING_LEVELS):
        total += int(highest.get(level) or 0)
        out.append((level, total))
    return out[::-1]


def title(report: dict[str, Any]) -> str:
    return f"{report['area']['name']} 需求办理情况（{report['from']} 至 {report['to']}）"


# ------------------------------------------------------------------ workbook


def report_xlsx(report: dict[str, Any]) -> bytes:
    """The figures, the per-child table and the months as an Excel workbook."""
    from openpyxl import Workbook

    wb = Workbook()
    summary = [
        [neutralise("区划"), cell_value(report["area"]["name"])],
        [neutralise("区划代码"), cell_value(report["area"]["id"])],
        [neutralise("提出日期"), cell_value(f"{report['from']} 至 {report['to']}")],
        *([neutralise(zh), cell_value(figure(report, key))] for key, zh in FIGURES),
    ]
    ws = fill_sheet(wb.active, "汇总", ["指标", "数值"], summary)
    for row, (key, _) in enumerate(FIGURES, start=5):  # header + 3 rows of the area above
        if key in RATES:
            ws.cell(row=row, column=2).number_format = PERCENT

    children = [
        [cell_value(c["area"].get("name") or c["area"]["id"]), cell_value(c["area"]["id"])]
        + [cell_value(figure(c, key)) for key, _ in FIGURES]
        for c in report.get("children") or ()
    ]
    ws = fill_sheet(wb.create_sheet(), "下级区划", ["区划", "区划代码", *(zh for _, zh in FIGURES)], children)
    for col, (key, _) in enumerate(FIGURES, start=3):
        if key in RATES:
            for row in range(2, len(children) + 2):
                ws.cell(row=row, column=col).number_format = PERCENT

    months = [[cell_value(m["month"]), m["raised"], m["done"]] for m in report.get("months") or ()]
    fill_sheet(wb.create_sheet(), "按月", ["月份", "提出", "办结"], months)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ picture


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def key_figures(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The tiles at the top of the picture (and of the page): (Chinese name, value as text)."""
    days = report.get("mean_days_to_done")
    return [
        ("提出", str(report["raised"])),
        ("办结率", _pct(report.get("done_rate"))),
        ("平均用时", "—" if days is None else f"{days} 天"),
        ("上报", str(report["escalated"])),
        ("网格解决", str(report["solved_at_grid"])),
        ("待认领", str(report["open"])),
        ("逾期", str(report["overdue"])),
        ("满意率", _pct(report.get("satisfaction_rate"))),
    ]


def report_png(report: dict[str, Any]) -> bytes:
    """The key figures, needs raised and done per month, and the escalation funnel, as a PNG."""
    from gongjian.viz.font import drawable

    fig = report_figure(report)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Title": drawable(title(report)), "Software": "gongjian"})
    return buf.getvalue()


def report_figure(report: dict[str, Any]):  # noqa: ANN201 (matplotlib loads only for pictures)
    """The picture as a matplotlib Figure (object-oriented API, safe in a server thread)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from gongjian.viz.font import cjk_font, drawable

    prop = cjk_font()
    fig = Figure(figsize=(13, 8), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    fig.suptitle(drawable(title(report)), fontproperties=prop, fontsize=18, parse_math=False)
    grid = fig.add_gridspec(2, 2, height_ratios=(1, 4), width_ratios=(3, 2))

    tiles = fig.add_subplot(grid[0, :])
    tiles.set_axis_off()
    figures = key_figures(report)
    for i, (name, value) in enumerate(figures):
        x = (i + 0.5) / len(figures)
        for y, text, size, color in ((0.62, value, 20, "#b3261e"), (0.12, name, 12, "#5f6b76")):
            tiles.text(
                x,
                y,
                text,
                ha="center",
                va="center",
                fontproperties=prop,
                fontsize=size,
                color=color,
                parse_math=False,
            )

    _months(fig.add_subplot(grid[1, 0]), report.get("months") or [], prop)
    _funnel(fig.add_subplot(grid[1, 1]), report.get("highest_level") or {}, prop)
    return fig


def _months(ax, months: list[dict[str, Any]], prop) -> None:  # noqa: ANN001
    ax.set_title("每月提出与办结", fontproperties=prop, fontsize=14)
    xs = range(len(months))
    width = 0.4
    ax.bar(
        [x - width / 2 for x in xs], [m["raised"] for m in months], width, color=RAISED_COLOR, label="提出"
    )
    ax.bar([x + width / 2 for x in xs], [m["done"] for m in months], width, color=DONE_COLOR, label="办结")
    step = max(1, (len(months) + 11) // 12)  # at most about a dozen month labels
    ax.set_xticks(list(xs)[::step], [m["month"] for m in months][::step], rotation=45, ha="right")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("需求数", fontproperties=prop)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(prop=prop, frameon=False)
    if not months or not any(m["raised"] or m["done"] for m in months):
        ax.text(0.5, 0.5, "（本期没有需求）", transform=ax.transAxes, ha="center", fontproperties=prop)


def _funnel(ax, highest: dict[str, int], prop) -> None:  # noqa: ANN001
    ax.set_title("上报漏斗：办理层级达到各级（及以上）的需求", fontproperties=prop, fontsize=14)
    rows = reached(highest)
    top = max((n for _, n in rows), default=0) or 1
    for i, (level, n) in enumerate(rows):
        y = len(rows) - 1 - i
        ax.barh(y, n / top, left=(1 - n / top) / 2, height=0.7, color=FUNNEL_COLOR, alpha=1 - i * 0.18)
        ax.text(
            -0.02,
            y,
            f"{HANDLING_LEVEL.zh(level)}级",
            ha="right",
            va="center",
            fontproperties=prop,
            fontsize=12,
        )
        stop = int(highest.get(level) or 0)
        ax.text(1.02, y, f"{n} 件（止于本级 {stop}）", va="center", fontproperties=prop, fontsize=11)
    ax.set_xlim(-0.2, 1.6)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_axis_off()
