"""``gongjian need`` and ``gongjian project``: register a need, claim it (派单), move it and its
project on — what the API's planners do, on the command line (:mod:`gongjian.queries.dispatch`)."""

from __future__ import annotations

from typing import Annotated

import typer

from gongjian.cli_common import JsonOpt, StoreOpt, emit, fail, out, query, store_from
from gongjian.cli_zh import ZhTyper
from gongjian.model import CATEGORY, NEED_STATUS, PROJECT_STATUS, URGENCY, Enum

need_app = ZhTyper(help="需求清单：登记需求、派单（认领）、改变状态。", no_args_is_help=True)
project_app = ZhTyper(
    help="项目清单：推进项目（办理中、已完成、已终止），需求随之变化。", no_args_is_help=True
)


def _code(enum: Enum, word: str | None, what: str) -> str | None:
    if word is None:
        return None
    code = enum.parse(word)
    if code is None:
        raise fail(f"未知的{what} {word}；应为 {enum.words()}")
    return code


def _day(text: str | None) -> str | None:
    from gongjian.ingest.parse import CellError, parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except CellError as e:
        raise fail(f"日期 {text}：{e}") from None


@need_app.command("add")
def add(
    title: Annotated[str, typer.Argument(help="需求标题")],
    area: Annotated[str, typer.Option("--area", "-a", help="所在区划代码（社区、村、网格或单元）")],
    description: Annotated[str | None, typer.Option("--description", "-d", help="需求描述")] = None,
    category: Annotated[str | None, typer.Option("--category", help="需求类别；不填则按文字自动归类")] = None,
    urgency: Annotated[str | None, typer.Option("--urgency", help="紧急程度：高、中、低（默认中）")] = None,
    beneficiaries: Annotated[int | None, typer.Option("--beneficiaries", min=0, help="受益人数")] = None,
    raised: Annotated[str | None, typer.Option("--raised", help="提出日期（默认今天）")] = None,
    source: Annotated[str | None, typer.Option("--source", help="来源，如 群众点单")] = None,
    need_id: Annotated[str | None, typer.Option("--id", help="需求编码；不填自动生成")] = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """登记一条需求（待认领）。"""
    from gongjian.queries.common import node_json
    from gongjian.queries.dispatch import register_need

    fields = {
        "category": _code(CATEGORY, category, "需求类别"),
        "urgency": _code(URGENCY, urgency, "紧急程度"),
        "raised": _day(raised),
    }
    with store_from(store) as s:
        new_id = query(
            lambda: register_need(
                s,
                id=need_id,
                title=title,
                area=area,
                description=description,
                beneficiaries=beneficiaries,
                source=source,
                **fields,
            )
        )
        need = node_json(s.get_node("Need", str(new_id)))

    def human() -> None:
        inferred = "（按文字归类）" if need.get("category_inferred") else ""
        out.print(
            f"已登记 {need['id']}：{need['title']} · {CATEGORY.zh(need['category'])}{inferred} · "
            f"{URGENCY.zh(need['urgency'])} · 待认领",
            highlight=False,
        )

    emit(need, as_json, human)


@need_app.command("claim")
def claim(
    need_id: Annotated[str, typer.Argument(help="需求编码")],
    resource: Annotated[
        str | None, typer.Option("--resource", "-r", help="资源编码；不填则用得分最高的匹配")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="派单说明")] = "",
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """派单：用一项有联结且适配的资源认领需求，生成项目。"""
    from gongjian.queries.dispatch import claim as run
    from gongjian.queries.match import match_need

    with store_from(store) as s:
        chosen = resource
        if chosen is None:
            found = query(lambda: match_need(s, need_id, limit=1))
            if not found["matches"]:
                raise fail(f"需求 {need_id} 没有有联结且适配的资源，无法派单", 1)
            chosen = found["matches"][0]["resource"]["id"]
        result = query(lambda: run(s, need_id, chosen, note=note))

    def human() -> None:
        p = result["project"]
        out.print(
            f"已派单：需求 {need_id} → 资源 {chosen}（{result['link']['kind_zh']}），项目 {p['id']}",
            highlight=False,
        )

    emit(result, as_json, human)


@need_app.command("status")
def need_status(
    need_id: Annotated[str, typer.Argument(help="需求编码")],
    status: Annotated[str, typer.Argument(help=f"新状态：{NEED_STATUS.words()}")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """改变一条需求的状态（记入流转记录）。"""
    from gongjian.queries.dispatch import set_need_status

    with store_from(store) as s:
        result = query(lambda: set_need_status(s, need_id, status))
    emit(
        result,
        as_json,
        lambda: out.print(f"{need_id} 现为{NEED_STATUS.zh(result['status'])}", highlight=False),
    )


@project_app.command("status")
def project_status(
    project_id: Annotated[str, typer.Argument(help="项目编码")],
    status: Annotated[str, typer.Argument(help=f"新状态：{PROJECT_STATUS.words()}")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """推进项目；它的需求随之变化（已完成 → 需求已办结，已终止 → 需求回到待认领）。"""
    from gongjian.queries.dispatch import set_project_status

    with store_from(store) as s:
        result = query(lambda: set_project_status(s, project_id, status))
        needs = [n.id for _, n in s.neighbours("Project", project_id, ("ADDRESSES",), "out")]
        states = {n: (s.get_node("Need", n).props.get("status") or "open") for n in needs}

    def human() -> None:
        moved = "，".join(f"需求 {n} {NEED_STATUS.zh(st)}" for n, st in states.items())
        out.print(
            f"项目 {project_id} 现为{PROJECT_STATUS.zh(result['status'])}" + (f"；{moved}" if moved else ""),
            highlight=False,
        )

    emit(result, as_json, human)
