"""``gongjian scorecard``: two-way assessment (双向考核) on the command line — a unit's or an
area's scorecard for a period, and rankings (红黑榜) with a report to hand over."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from gongjian.cli_common import JsonOpt, StoreOpt, emit, fail, out, query, store_from
from gongjian.cli_loop import SettingsOpt, _day
from gongjian.rules.assessment import GRADES, PART_ZH

scorecard_app = typer.Typer(
    help="双向考核：驻区单位与社区（街道）的考核得分、红黑榜排名与报表。", no_args_is_help=True
)

FromOpt = Annotated[str, typer.Option("--from", help="考核期间自（日期）")]
ToOpt = Annotated[str, typer.Option("--to", help="考核期间至（日期）")]
GRADE_ZH = {"good": "好", "fair": "较好", "average": "一般", "poor": "差"}
BOARD_ZH = {"red": "红榜", "black": "黑榜"}


def _weights(kind: str, settings: str | None) -> dict[str, float]:
    from gongjian.settings import load, scorecard_weights

    try:
        return scorecard_weights(kind, load(settings))
    except ValueError as e:
        raise fail(str(e)) from None


def _period(start: str, end: str) -> tuple[str, str]:
    return _day(start, "开始日期") or "", _day(end, "结束日期") or ""


def _value(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key == "evaluations":
        return "，".join(f"{GRADE_ZH[g]} {value.get(g, 0)}" for g in GRADES)
    if key.endswith("_rate"):
        return f"{value:.1%}"
    return str(value)


def _print_card(card: dict[str, Any]) -> None:
    period = card["period"]
    out.print(
        f"[bold]{card['name']}[/bold]（{card['id']}）{period['from']} 至 {period['to']}：得分 {card['score']:g}",
        highlight=False,
    )
    for key, value in card["parts"].items():
        out.print(f"  {PART_ZH.get(key, key)}：{_value(key, value)}", highlight=False)
    out.print("得分构成（归一化值 × 权重，扣分项减去）：", highlight=False)
    for key, weight in card["weights"].items():
        sign = "−" if key in card["penalties"] else "+"
        out.print(
            f"  {sign} {PART_ZH.get(key, key)} {card['normalised'].get(key, 0):.2f} × {weight:g}",
            highlight=False,
        )
    behind = card.get("behind") or {}
    for p in behind.get("platforms", []):
        roles = "、".join(
            (r.get("role") or "成员") + (f"（经 {r['through']}）" if r.get("through") else "")
            for r in p["roles"]
        )
        out.print(f"  平台：{p['name']}（{p['kind_zh']}）{roles}", highlight=False)
    for a in behind.get("agreements", []):
        out.print(f"  协议：{a['name']}（{a['signed']} 至 {a.get('expires') or '长期'}）", highlight=False)


def _card(
    make: Callable[..., dict[str, Any]],
    kind: str,
    id_: str,
    start: str,
    end: str,
    settings: str | None,
    store: str | None,
    as_json: bool,
) -> None:
    """A unit's or an area's scorecard for the period, under the settings' weights of ``kind``."""
    day_from, day_to = _period(start, end)
    weights = _weights(kind, settings)
    with store_from(store) as s:
        result = query(lambda: make(s, id_, day_from, day_to, weights=weights))
    emit(result, as_json, lambda: _print_card(result))


@scorecard_app.command()
def unit(
    unit_id: Annotated[str, typer.Argument(help="单位编码")],
    start: FromOpt,
    end: ToOpt,
    settings: SettingsOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """一个驻区单位的考核：所在平台、有效协议、项目（按期、逾期）、受益人数、满意率、双报到、闲置资源、所受评议。"""
    from gongjian.queries.scorecard import unit_scorecard

    _card(unit_scorecard, "unit", unit_id, start, end, settings, store, as_json)


@scorecard_app.command()
def area(
    code: Annotated[str, typer.Argument(help="社区或街道的区划代码")],
    start: FromOpt,
    end: ToOpt,
    settings: SettingsOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """一个社区或街道的考核（反向）：需求办结率、平均用时、满意率、大党委与协议情况、单位给它的评议。"""
    from gongjian.queries.scorecard import area_scorecard

    _card(area_scorecard, "area", code, start, end, settings, store, as_json)


@scorecard_app.command("rank")
def rank_cmd(
    area_code: Annotated[str, typer.Option("--area", help="街道或区县的区划代码")],
    start: FromOpt,
    end: ToOpt,
    kind: Annotated[str, typer.Option("--kind", help="unit（驻区单位）或 community（社区、村）")] = "unit",
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="报表格式：xlsx、csv、png、pdf")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="报表文件（默认 考核排名-区划.格式）")
    ] = None,
    settings: SettingsOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """红黑榜：区划内（及与之联结的）驻区单位或社区按考核得分排名，可写成报表。"""
    from gongjian.privacy import mask_json
    from gongjian.queries.scorecard import rank

    if kind not in ("unit", "community"):
        raise fail(f"未知的排名对象 {kind}；应为 unit（驻区单位）或 community（社区、村）")
    if fmt is not None and fmt not in ("xlsx", "csv", "png", "pdf"):
        raise fail(f"未知的报表格式 {fmt}；应为 xlsx、csv、png 或 pdf")
    day_from, day_to = _period(start, end)
    weights = _weights("unit" if kind == "unit" else "area", settings)
    with store_from(store) as s:
        result = query(lambda: rank(s, area_code, kind, day_from, day_to, weights=weights))
    if fmt is not None or output is not None:
        from gongjian.viz.font import FontMissing
        from gongjian.viz.scorecard_report import ranking_file

        chosen = fmt or (output.suffix.lstrip(".").lower() if output else "xlsx")
        if chosen not in ("xlsx", "csv", "png", "pdf"):
            raise fail(f"未知的报表格式 {chosen}；应为 xlsx、csv、png 或 pdf")
        path = output or Path(f"考核排名-{result['area']['id']}.{chosen}")
        try:
            data = ranking_file(mask_json(result), chosen)
            path.write_bytes(data)
        except FontMissing as e:
            raise fail(str(e)) from None
        except OSError as e:
            raise fail(f"无法写入 {path}：{e.strerror or e}") from None
        if not as_json:
            out.print(f"已写入 {path}（{len(result['ranking'])} 个排名对象）", highlight=False)
            return

    def human() -> None:
        out.print(
            f"[bold]{result['area']['name']}[/bold] 考核排名（{day_from} 至 {day_to}），共 {len(result['ranking'])} 个",
            highlight=False,
        )
        for r in result["ranking"]:
            board = BOARD_ZH.get(r.get("board") or "", "")
            p = r["parts"]
            if kind == "unit":
                detail = (
                    f"平台 {p['platforms']}，协议 {p['agreements_in_force']}，完成项目 {p['projects_done']}"
                    f"（按期 {p['projects_on_time']}），逾期 {p['projects_overdue']}，满意率 "
                    f"{_value('satisfaction_rate', p['satisfaction_rate'])}"
                )
            else:
                detail = (
                    f"办结率 {_value('done_rate', p['done_rate'])}，满意率 "
                    f"{_value('satisfaction_rate', p['satisfaction_rate'])}，逾期 {p['overdue']}"
                )
            out.print(
                f"  {r['rank']:>3}. {r['name']}（{r['id']}）{r['score']:g} {board}  {detail}", highlight=False
            )

    emit(result, as_json, human)
