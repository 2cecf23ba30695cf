"""``gongjian loop``: the loop from a need to residents' verdict (闭环) on the command line."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from gongjian.cli_common import JsonOpt, StoreOpt, emit, fail, out, query, store_from
from gongjian.cli_zh import ZhTyper
from gongjian.model import EVENT_ACTION, HANDLING_LEVEL, NEED_STATUS, RATING

loop_app = ZhTyper(help="闭环：到期上报、流转记录、居民评价、办结情况统计。", no_args_is_help=True)

PolicyOpt = Annotated[
    str | None, typer.Option("--policy", help="时限策略：monthly（每月10/15/25日，默认）或 days（限时办结）")
]
DaysOpt = Annotated[
    str | None,
    typer.Option("--days", help="days 策略各层级天数，如 grid=3,community=7,street=15,county=30"),
]
SettingsOpt = Annotated[
    str | None, typer.Option("--settings", help="设置文件（默认 ./gongjian.toml 或 GONGJIAN_SETTINGS）")
]


def _day(text: str | None, what: str) -> str | None:
    """A date the user typed, as ISO; a malformed one is one clear line and exit status 2."""
    from gongjian.ingest.parse import CellError, parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except CellError as e:
        raise fail(f"{what} {text}：{e}") from None


def _policy(name: str | None, days: str | None, settings: str | None) -> Any:
    from gongjian.settings import load, loop_policy

    try:
        return loop_policy(name, days, load(settings))
    except ValueError as e:
        raise fail(str(e)) from None


def _level(code: str | None) -> str:
    return HANDLING_LEVEL.zh(code) if code else "—"


@loop_app.command("run")
def run_loop(
    as_of: Annotated[str | None, typer.Option("--as-of", help="按哪一天判断到期（默认今天）")] = None,
    policy: PolicyOpt = None,
    days: DaysOpt = None,
    settings: SettingsOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出，不写入")] = False,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """到期上报：待认领需求过了本层级时限即上报一级（每级一条记录，日期为时限日），并列出逾期需求。"""
    from gongjian.queries.common import today
    from gongjian.queries.loop import run

    day = _day(as_of, "日期") or today()
    chosen = _policy(policy, days, settings)
    with store_from(store) as s:
        result = query(lambda: run(s, day, chosen, dry_run=dry_run))

    def human() -> None:
        verb = "将上报" if dry_run else "已上报"
        out.print(
            f"[bold]{day}[/bold] {verb} {len(result['escalated'])} 次，逾期 {len(result['overdue'])} 条",
            highlight=False,
        )
        for e in result["escalated"]:
            out.print(
                f"  {e['need']}：{_level(e['from'])} → {_level(e['to'])}（{e['date']}）", highlight=False
            )
        for e in result["overdue"]:
            project = f"项目 {e['project']}，" if e["project"] else ""
            out.print(
                f"  [red]逾期[/red] {e['need']}：{project}应于 {e['due']} 办结，已逾期 {e['days_over']} 天",
                highlight=False,
            )

    emit(result, as_json, human)


@loop_app.command()
def history(
    need_id: Annotated[str, typer.Argument(help="需求编码")],
    policy: PolicyOpt = None,
    days: DaysOpt = None,
    settings: SettingsOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """一条需求的流转记录：何时、何人、在哪一级做了什么。"""
    from gongjian.queries.loop import history as run

    chosen = _policy(policy, days, settings)
    with store_from(store) as s:
        result = query(lambda: run(s, need_id, policy=chosen))

    def human() -> None:
        need = result["need"]
        out.print(
            f"[bold]{need['name']}[/bold]（{need['id']}）{NEED_STATUS.zh(result['status'])} · "
            f"{_level(result['level'])}级办理"
            + (f" · 时限 {result['deadline']}" if result["deadline"] else ""),
            highlight=False,
        )
        if not result["events"]:
            out.print("没有流转记录。")
        for e in result["events"]:
            rating = f"（{RATING.zh(e['rating'])}）" if e.get("rating") else ""
            extra = "".join(f" · {v}" for v in (e.get("actor"), e.get("note")) if v)
            out.print(
                f"  {e['date']}  {EVENT_ACTION.zh(e['action'])}{rating}  {_level(e.get('level'))}{extra}",
                highlight=False,
            )

    emit(result, as_json, human)


@loop_app.command()
def rate(
    need_id: Annotated[str, typer.Argument(help="需求编码")],
    rating: Annotated[str, typer.Argument(help="满意、基本满意 或 不满意")],
    date: Annotated[str | None, typer.Option("--date", help="评价日期（默认今天）")] = None,
    comment: Annotated[str | None, typer.Option("--comment", help="居民意见")] = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """居民评价一条已办结的需求；不满意则退回重办（30 天内）。"""
    from gongjian.queries.loop import rate as run

    day = _day(date, "评价日期")
    with store_from(store) as s:
        result = query(lambda: run(s, need_id, rating, on=day, comment=comment))

    def human() -> None:
        last = result["events"][-1]
        out.print(
            f"已记录：{result['need']['name']}（{result['need']['id']}）{EVENT_ACTION.zh(last['action'])}，"
            f"现为{NEED_STATUS.zh(result['status'])}",
            highlight=False,
        )

    emit(result, as_json, human)


@loop_app.command()
def report(
    area: Annotated[str, typer.Option("--area", help="区划代码（含下级）")],
    start: Annotated[str, typer.Option("--from", help="提出日期自")],
    end: Annotated[str, typer.Option("--to", help="提出日期至")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """一个区划在一段时间内提出的需求的办理情况：办结率、平均用时、上报、满意率，并按下级区划分列。"""
    from gongjian.queries.loop import report as run

    day_from, day_to = _day(start, "开始日期"), _day(end, "结束日期")
    with store_from(store) as s:
        result = query(lambda: run(s, area, day_from or "", day_to or ""))

    def line(name: str, f: dict) -> str:
        rate_ = "—" if f["done_rate"] is None else f"{f['done_rate']:.1%}"
        sat = "—" if f["satisfaction_rate"] is None else f"{f['satisfaction_rate']:.1%}"
        mean = "—" if f["mean_days_to_done"] is None else f"{f['mean_days_to_done']} 天"
        return (
            f"{name}：提出 {f['raised']}，办结 {f['done']}（{rate_}），平均用时 {mean}，上报 {f['escalated']}，"
            f"网格解决 {f['solved_at_grid']}，待认领 {f['open']}，逾期 {f['overdue']}，评价 {f['rated']}（满意率 {sat}）"
        )

    def human() -> None:
        out.print(f"[bold]{line(result['area']['name'], result)}[/bold]", highlight=False)
        funnel = "，".join(f"{HANDLING_LEVEL.zh(k)} {v}" for k, v in result["highest_level"].items())
        out.print(f"最高办理层级：{funnel}", highlight=False)
        for child in result["children"]:
            out.print("  " + line(child["area"]["name"], child), highlight=False)

    emit(result, as_json, human)
