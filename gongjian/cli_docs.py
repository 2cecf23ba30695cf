"""``gongjian docs``: practice articles (经验材料) — ingest, search, what was written about a place."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from gongjian.cli_common import JsonOpt, StoreOpt, emit, fail, out, query, store_from

docs_app = typer.Typer(
    help="经验材料：导入典型经验文章（txt、md、html、docx、pdf），按机制和地区检索，查看写到某地的材料。",
    no_args_is_help=True,
)


@docs_app.command("ingest")
def ingest_docs(
    paths: Annotated[list[Path], typer.Argument(help="文件或文件夹（含子文件夹）", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只读取和识别，不写入")] = False,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """导入文章：每篇一个文档节点，识别文中提到的区划、平台、单位、机制和报告的数据。同一文件再导入不产生变化；
    读不了的文件逐个报告原因，其余照常导入（此时退出码为 1）。"""
    from gongjian.documents.ingest import ingest

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail("找不到：" + "、".join(missing))
    with store_from(store) as s:
        report = query(lambda: ingest(s, paths, dry_run=dry_run))

    def human() -> None:
        verb = "可导入" if dry_run else "已导入"
        out.print(f"{verb} {report['accepted']} 篇，未导入 {len(report['rejected'])} 个文件", highlight=False)
        for d in report["documents"]:
            out.print(
                f"  {d['id']}  {d['title']}（{d['source']}）提及 {d['mentions']} 处，"
                f"数据 {d['figures']} 条，机制 {_zh(d['mechanisms'])}",
                highlight=False,
            )
        for r in report["rejected"]:
            out.print(f"  [red]未导入[/red] {r['file']}：{r['reason']}", highlight=False)

    emit(report, as_json, human)
    if report["rejected"]:
        raise typer.Exit(1)


def _zh(codes: list[Any]) -> str:
    from gongjian.rules.mentions import mechanism

    words = [(mechanism(c).zh if isinstance(c, str) and mechanism(c) else c["name"]) for c in codes]
    return "、".join(words) or "—"


def _print_results(result: dict[str, Any]) -> None:
    if not result["results"]:
        out.print("没有找到相关材料。")
    for i, r in enumerate(result["results"], 1):
        date = f" · {r['date']}" if r.get("date") else ""
        out.print(f"[bold]{i}. {r['title']}[/bold]（{r['id']}，{r['source']}{date}）", highlight=False)
        snippet, pos = r["snippet"], 0
        parts = []
        for start, end in r["marks"]:
            parts.append(_escape(snippet[pos:start]) + "[yellow]" + _escape(snippet[start:end]) + "[/yellow]")
            pos = end
        parts.append(_escape(snippet[pos:]))
        out.print("   " + "".join(parts), highlight=False)
        names = "、".join(m["name"] for m in r["mentions"][:8])
        out.print(f"   提及：{names or '—'}；机制：{_zh(r['mechanisms'])}", highlight=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@docs_app.command("search")
def search_docs(
    q: Annotated[str, typer.Argument(help="检索词（中文分词）；可空，只按条件筛选")] = "",
    mechanism: Annotated[
        str | None, typer.Option("--mechanism", "-m", help="只看讲到某机制的材料（如 时间银行、大党委）")
    ] = None,
    area: Annotated[
        str | None, typer.Option("--area", "-a", help="只看写到某区划（含下级）的材料：区划代码")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="最多列出几篇")] = 20,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """全文检索经验材料，按相关度排序，摘要中标出检索词。"""
    from gongjian.documents.search import search

    with store_from(store) as s:
        result = query(lambda: search(s, q, mechanism=mechanism, area=area, limit=limit))
    emit(result, as_json, lambda: _print_results(result))


@docs_app.command("about")
def about_docs(
    node_id: Annotated[str, typer.Argument(help="区划代码、平台编码或单位编码")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="最多列出几篇")] = 100,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """写到某个区划、平台或单位的经验材料，提及次数多的在前。"""
    from gongjian.documents.search import about

    with store_from(store) as s:
        result = query(lambda: about(s, node_id, limit=limit))

    def human() -> None:
        node = result["node"]
        out.print(
            f"写到 [bold]{node['name']}[/bold]（{node['id']}）的材料 {result['total']} 篇", highlight=False
        )
        _print_results(result)

    emit(result, as_json, human)


@docs_app.command("show")
def show_doc(
    doc_id: Annotated[str, typer.Argument(help="文档编码（DOC-…）")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """一篇材料的全文（按段落）、提到的区划单位平台和机制。"""
    from gongjian.documents.search import show

    with store_from(store) as s:
        result = query(lambda: show(s, doc_id))

    def human() -> None:
        date = f" · {result['date']}" if result.get("date") else ""
        out.print(
            f"[bold]{result['title']}[/bold]（{result['id']}，{result['source']}{date}）", highlight=False
        )
        names = "、".join(f"{m['name']}×{m['count']}" for m in result["mentions"])
        out.print(f"提及：{names or '—'}", highlight=False)
        out.print(f"机制：{_zh(result['mechanisms'])}", highlight=False)
        for p in result["passages"]:
            out.print("  " + p, highlight=False, markup=False)

    emit(result, as_json, human)


@docs_app.command("relink")
def relink_docs(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只识别，不写入")] = False,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """按现有台账重新识别已导入的全部材料：提及的区划单位平台、机制和文中数据（台账更新后，
    或较早导入、还没有文中数据的材料）。"""
    from gongjian.documents.ingest import relink

    with store_from(store) as s:
        report = query(lambda: relink(s, dry_run=dry_run))

    def human() -> None:
        verb = "可更新" if dry_run else "已重新识别"
        figures = sum(d["figures"] for d in report["documents"])
        out.print(f"{verb} {report['accepted']} 篇，文中数据 {figures} 条", highlight=False)

    emit(report, as_json, human)


@docs_app.command("figures")
def doc_figures(
    doc_id: Annotated[str | None, typer.Argument(help="文档编码（DOC-…）；不给则列出全部材料")] = None,
    area: Annotated[
        str | None, typer.Option("--area", "-a", help="只看写到某区划（含下级）的数据：区划代码")
    ] = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """材料中报告的数据（如“286个社区大党委”“办结率96.3%”）：原句、所指地区、统计口径，
    以及图中同一地区的对应数（句中有年份则按该年）和差额；图中不统计的口径只列出，不对照。"""
    from gongjian.queries.figures import all_figures, area_figures, document_figures

    with store_from(store) as s:
        if area:
            result = query(lambda: area_figures(s, area, doc_id=doc_id))
        elif doc_id:
            result = query(lambda: document_figures(s, doc_id))
        else:
            result = query(lambda: all_figures(s))
    emit(result, as_json, lambda: _print_figures(result))


def _print_figures(result: dict[str, Any]) -> None:
    head = result.get("area") or result.get("document")
    where = f"（{head.get('name') or head.get('title')}）" if head else ""
    out.print(f"[bold]文中数据{where} {result['total']} 条[/bold]", highlight=False)
    for i, f in enumerate(result["figures"], 1):
        what = f["measure_name"] or f["what"] or "—"
        place = f["area"]["name"] if f["area"] else "地区不明"
        if f["graph_value"] is None:
            graph = f["note"]
        else:
            graph = f"图中 {f['graph_value']:g}{'%' if f['unit'] == '%' else ''}（{f['as_of']}），差 {f['difference']:+g}"
        out.print(
            f"{i}. [bold]{_escape(f['text'])}[/bold] {_escape(what)} · {_escape(place)} · {graph}",
            highlight=False,
        )
        out.print(f"   “{f['sentence']}”（{f['document']['id']}）", highlight=False, markup=False)
