"""A ranking (红黑榜) for a report: CSV, an Excel workbook, a PNG or PDF with a bar chart.

Each takes the answer of :func:`gongjian.queries.scorecard.rank` as it is (masked by the
caller for the reader's role). The table has a title row with the area and the period, then
one row per ranked unit or community: rank, 红榜/黑榜, id, name, score and every part; every
text cell is neutralised (:func:`gongjian.viz.tables.cell_value`). The picture is the title
and a bar chart of the scores, 红榜 bars red, 黑榜 bars dark grey, in Noto Sans CJK SC.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from gongjian.rules.assessment import GRADES, PART_ZH
from gongjian.viz.tables import cell_value, fill_sheet, neutralise

BOARD_ZH = {"red": "红榜", "black": "黑榜"}
GRADE_ZH = {"good": "好", "fair": "较好", "average": "一般", "poor": "差"}
KIND_ZH = {"unit": "驻区单位", "community": "社区（村）"}
RED, BLACK, PLAIN = "#b3261e", "#3c4043", "#8ab4f8"
#: At most this many bars in the picture (the best and the worst halves when there are more).
MAX_BARS = 40


def title(ranking: dict[str, Any]) -> str:
    period = ranking["period"]
    return (
        f"{ranking['area']['name']} {KIND_ZH.get(ranking['kind'], ranking['kind'])}考核排名"
        f"（{period['from']} 至 {period['to']}）"
    )


def columns(ranking: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, Chinese header) of the table: rank, board, id, name, score, then every part."""
    rows = ranking["ranking"]
    parts = list(rows[0]["parts"]) if rows else []
    out = [("rank", "名次"), ("board", "红黑榜"), ("id", "编码"), ("name", "名称"), ("score", "得分")]
    for key in parts:
        if key == "evaluations":
            out += [(f"evaluations.{g}", f"评议{GRADE_ZH[g]}") for g in GRADES]
        else:
            out.append((key, PART_ZH.get(key, key)))
    return out


def _value(row: dict[str, Any], key: str) -> Any:
    if key == "board":
        return BOARD_ZH.get(row.get("board") or "", "")
    if key in ("rank", "id", "name", "score"):
        return row.get(key)
    if key.startswith("evaluations."):
        return (row["parts"].get("evaluations") or {}).get(key.split(".", 1)[1], 0)
    return row["parts"].get(key)


def table(ranking: dict[str, Any]) -> tuple[list[str], list[list]]:
    cols = columns(ranking)
    headers = [neutralise(h) for _, h in cols]
    body = [[cell_value(_value(r, key)) for key, _ in cols] for r in ranking["ranking"]]
    return headers, body


def ranking_csv(ranking: dict[str, Any]) -> bytes:
    """UTF-8 with BOM (for Excel): a title line, the header, the rows."""
    headers, body = table(ranking)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([neutralise(title(ranking))])
    writer.writerow(headers)
    writer.writerows(body)
    return buf.getvalue().encode("utf-8-sig")


def ranking_xlsx(ranking: dict[str, Any]) -> bytes:
    """Sheet 排名 (the ranking with its parts) and sheet 说明 (title, period, weights)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    headers, body = table(ranking)
    wb = Workbook()
    ws = fill_sheet(wb.active, "排名", headers, body)
    fills = {"红榜": PatternFill("solid", fgColor="F4C7C3"), "黑榜": PatternFill("solid", fgColor="D0D0D0")}
    for i, row in enumerate(body, start=2):
        fill = fills.get(row[1])
        if fill is not None:
            for cell in ws[i]:
                cell.fill = fill
    about = [
        [neutralise("标题"), cell_value(title(ranking))],
        [neutralise("区划"), cell_value(f"{ranking['area']['name']}（{ranking['area']['id']}）")],
        [neutralise("期间"), cell_value(f"{ranking['period']['from']} 至 {ranking['period']['to']}")],
        *([cell_value(f"权重：{PART_ZH.get(k, k)}（{k}）"), v] for k, v in ranking["weights"].items()),
    ]
    info = fill_sheet(wb.create_sheet(), "说明", ["项目", "内容"], about)
    info["A2"].font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ranking_picture(ranking: dict[str, Any], fmt: str = "png") -> bytes:
    """The title and a bar chart of the scores, as PNG or PDF."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from gongjian.viz.font import cjk_font, drawable

    prop = cjk_font()
    rows = ranking["ranking"]
    if len(rows) > MAX_BARS:
        rows = rows[: MAX_BARS // 2] + rows[-MAX_BARS // 2 :]
    height = max(4.0, 1.5 + 0.32 * len(rows))
    fig = Figure(figsize=(11, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    fig.suptitle(drawable(title(ranking)), fontproperties=prop, fontsize=16, parse_math=False)
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    colors = [RED if r.get("board") == "red" else BLACK if r.get("board") == "black" else PLAIN for r in rows]
    ax.barh(ys, [r["score"] for r in rows], color=colors, height=0.7)
    ax.set_yticks(ys, [drawable(f"{r['rank']}. {r['name']}") for r in rows], fontproperties=prop)
    for y, r in zip(ys, rows, strict=True):
        mark = BOARD_ZH.get(r.get("board") or "", "")
        ax.text(r["score"] + 0.5, y, f"{r['score']:g} {mark}", va="center", fontproperties=prop, fontsize=10)
    ax.set_xlim(0, max([100.0, *(r["score"] + 15 for r in rows)]))
    ax.set_xlabel("得分（0–100）", fontproperties=prop)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not rows:
        ax.text(0.5, 0.5, "（没有可排名的对象）", transform=ax.transAxes, ha="center", fontproperties=prop)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata={"Title": drawable(title(ranking))})
    return buf.getvalue()


def ranking_file(ranking: dict[str, Any], fmt: str) -> bytes:
    """The report in ``fmt``: xlsx, csv, png or pdf."""
    if fmt == "xlsx":
        return ranking_xlsx(ranking)
    if fmt == "csv":
        return ranking_csv(ranking)
    if fmt in ("png", "pdf"):
        return ranking_picture(ranking, fmt)
    raise ValueError(f"未知的报表格式 {fmt}；应为 xlsx、csv、png 或 pdf")
