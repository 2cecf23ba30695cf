"""The ``gongjian`` command: 生成、导入、统计 …  (help text in Chinese, for the users)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from gongjian.cli_common import (
    JsonOpt,
    StoreOpt,
    emit,
    err,
    fail,
    make_dir,
    missing_store,
    new_store_kept_if_written,
    out,
    print_report,
    progress_phases,
    query,
    store_from,
    write_out,
)
from gongjian.cli_zh import ZhTyper
from gongjian.graph.store import Store, StoreError
from gongjian.model import MEMBER_TYPE, NODE_TYPES, REL_TYPES
from gongjian.runtime import tune_gc
from gongjian.viz.paper import DPI_DEFAULT, DPI_MAX, DPI_MIN

app = ZhTyper(
    help="共建：区域化党建组织联结图谱。导入台账、查询联结、匹配需求与资源。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="台账：CSV 文件夹，或一个 .xlsx 工作簿")],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="跳过被拒绝的行，导入其余各行")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只校验，不写入")] = False,
) -> None:
    """导入台账。任何一行被拒绝时默认整批不写入（退出码 1）。"""
    from gongjian.ingest.load import ingest as run_ingest
    from gongjian.ingest.read import DatasetError

    with new_store_kept_if_written(store) as written:
        with store_from(store, create=True) as s, progress_phases(not as_json and err.is_terminal) as phase:
            try:
                report = run_ingest(path, s, skip_invalid=skip_invalid, dry_run=dry_run, phase=phase)
            except DatasetError as e:
                raise fail(str(e)) from None
        written(bool(report.written))
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(report, s.uri)
    if report.rejected and not (skip_invalid and report.written):
        raise typer.Exit(1)


@app.command()
def stats(store: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """统计库中各类节点与关系的数量。"""
    with store_from(store) as s:
        counts = s.counts()
    if as_json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    t = RichTable("节点", "数量", "关系", "数量", title=f"gongjian 统计 · {s.uri}")
    nodes = list(counts["nodes"].items())
    rels = list(counts["relationships"].items())
    for i in range(max(len(nodes), len(rels))):
        n = nodes[i] if i < len(nodes) else ("", "")
        r = rels[i] if i < len(rels) else ("", "")
        t.add_row(
            f"{NODE_TYPES[n[0]].zh} {n[0]}" if n[0] else "",
            f"{n[1]:,}" if n[0] else "",
            f"{REL_TYPES[r[0]].zh} {r[0]}" if r[0] else "",
            f"{r[1]:,}" if r[0] else "",
        )
    out.print(t)


@app.command()
def generate(
    scale: Annotated[
        str,
        typer.Option("--scale", help="规模：tiny（一两个街道）、kunming（昆明市规模）、province（全省规模）"),
    ] = "tiny",
    seed: Annotated[int, typer.Option("--seed", help="随机种子；同一种子生成相同数据")] = 1,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("demo"),
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="以哪天为“今天”（YYYY-MM-DD），默认今天")
    ] = None,
) -> None:
    """生成演示台账（CSV 文件夹），规模参照昆明、云南的公开数字。"""
    import datetime as dt

    from gongjian.generate import SCALES
    from gongjian.generate import generate as run_generate

    if scale not in SCALES:
        raise fail(f"未知规模 {scale}；可选 {', '.join(SCALES)}")
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise fail(f"--as-of 应为 YYYY-MM-DD：{as_of}") from None
    make_dir(out_dir)
    try:
        counts = run_generate(scale, seed, out_dir, as_of=day)
    except OSError as e:
        from gongjian.cli_common import os_reason

        raise fail(f"无法写入 {e.filename or out_dir}：{os_reason(e)}") from None
    for name, n in counts.items():
        err.print(f"  {name}.csv：{n:,} 行", highlight=False)
    out.print(f"已生成 {sum(counts.values()):,} 行 → {out_dir}", highlight=False)


@app.command()
def sync(
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="源库：文件路径（内嵌库）或 bolt:// / neo4j:// / neo4j+s:// 地址",
            show_default=False,
        ),
    ],
    target: Annotated[str, typer.Option("--to", help="目标库：同上", show_default=False)],
    replace: Annotated[bool, typer.Option("--replace", help="目标库非空时先清空，再复制")] = False,
    as_json: JsonOpt = False,
) -> None:
    """把一个库完整复制到另一个库（内嵌库 ↔ Neo4j）。目标库非空时拒绝，除非 --replace。"""
    from gongjian.graph.sync import copy_store, same_store

    if same_store(source, target):
        raise fail(f"源库和目标库是同一个库：{source}")
    with store_from(source) as src, store_from(target, create=True) as dst:
        present = dst.counts()
        held = sum(present["nodes"].values()) + sum(present["relationships"].values())
        if held and not replace:
            raise fail(f"目标库 {dst.uri} 不是空的（{held:,} 个节点和关系）；加 --replace 先清空它再复制")
        want = src.counts()
        with progress_phases(not as_json and err.is_terminal) as phase:
            if held:
                dst.clear()
            nodes, rels = copy_store(
                src,
                dst,
                progress=phase("复制", sum(want["nodes"].values()) + sum(want["relationships"].values())),
            )
        if dst.counts() != want:
            raise fail(f"复制后 {dst.uri} 的数量与源库不一致；请用 --replace 重新复制")
    if as_json:
        result = {
            "from": src.uri,
            "to": dst.uri,
            "replaced": bool(held),
            "nodes": nodes,
            "relationships": rels,
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        out.print(f"已复制 {nodes:,} 个节点、{rels:,} 条关系：{src.uri} → {dst.uri}", highlight=False)


@app.command()
def match(
    need_id: Annotated[str, typer.Argument(help="需求编码")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, max=500, help="最多列出几条匹配")] = 10,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """为一条需求匹配有联结的单位资源，附联结路径与得分。"""
    from gongjian.queries.match import match_need

    with store_from(store) as s:
        result = query(lambda: match_need(s, need_id, limit=limit))

    def human() -> None:
        need = result["need"]
        out.print(
            f"[bold]{need['name']}[/bold]（{need['id']}，{need.get('category_zh', '')}）", highlight=False
        )
        status = need.get("status") or "open"
        if status != "open":
            out.print(
                f"[yellow]此需求{need.get('status_zh') or status}，不能再派单；以下匹配仅供参考。[/yellow]",
                highlight=False,
            )
        if not result["matches"]:
            out.print("没有有联结且适配的资源。")
        for i, m in enumerate(result["matches"], 1):
            path = " → ".join(p["name"] for p in m["link"]["path"])
            also = f"\n   另有：{'、'.join(m['other_links_zh'])}" if m.get("other_links_zh") else ""
            out.print(
                f"{i}. {m['resource']['title']}（{m['unit']['name']}） 得分 {m['score']:.2f} · {m['link']['kind_zh']}\n   {path}{also}",
                highlight=False,
            )

    emit(result, as_json, human)


@app.command()
def committee(
    id: Annotated[
        str,
        typer.Argument(
            help="平台编码，或社区代码（其大党委）、街道代码（其党建联盟）、区县代码（其联席会议）"
        ),
    ],
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """查看一个共建平台：牵头组织、现任成员、已退出成员。"""
    from gongjian.queries.committee import committee as run

    with store_from(store) as s:
        result = query(lambda: run(s, id))

    def human() -> None:
        from gongjian.privacy import mask_json

        r = mask_json(result)
        p = r["platform"]
        out.print(f"[bold]{p['name']}[/bold]（{p.get('kind_zh', '')}）", highlight=False)
        if r["lead"]:
            out.print(f"牵头：{r['lead']['name']}", highlight=False)
        t = RichTable("成员", "类型", "职务", "加入", title=f"现任成员 {len(r['members'])}")
        for m in r["members"]:
            t.add_row(m["name"], MEMBER_TYPE.zh(m["member_type"]), m.get("role") or "", m.get("since") or "")
        out.print(t)
        if r["former_members"]:
            out.print(
                "已退出：" + "、".join(f"{m['name']}（{m.get('until')}）" for m in r["former_members"]),
                highlight=False,
            )

    emit(result, as_json, human)


@app.command()
def allocate(
    area: Annotated[str, typer.Argument(help="区划代码（街道、区县……）")],
    apply: Annotated[bool, typer.Option("--apply", help="按方案派单（默认只预览）")] = False,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """统筹分配：一个区域内所有待认领需求，在资源容量内按总得分最优派单。"""
    from gongjian.queries.allocate import allocate as run

    with store_from(store) as s:
        result = query(lambda: run(s, area, apply=apply))

    def human() -> None:
        out.print(
            f"{result['area']['name']}：待认领 {result['open_needs']}，可派 {result['assigned']}，总分 {result['total_score']:.2f}",
            highlight=False,
        )
        for p in result["plan"][:50]:
            out.print(
                f"  {p['need']['id']} {p['need']['name']} → {p['resource']['id']} {p['resource']['title']}"
                f"（{p['unit']['name']}，{p['link']['kind_zh']}）",
                highlight=False,
            )
        for u in result["unassigned"][:50]:
            out.print(
                f"  [yellow]未派[/yellow] {u['need']['id']} {u['need']['name']}：{u['reason']}",
                highlight=False,
            )
        if result["applied"]:
            out.print(f"已派单 {len(result['dispatched'])} 条，冲突 {len(result['conflicts'])} 条")
        else:
            out.print("仅预览；加 --apply 执行派单。")

    emit(result, as_json, human)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="名称片段、拼音或拼音首字母（如 ejw、erjiawan）")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=500)] = 20,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """按名称、简称或拼音搜索区划、单位、党组织、平台……（如 市三院）"""
    from gongjian.queries.explore import search_page

    labels = ("Area", "Unit", "PartyOrg", "Platform", "Agreement", "Need", "Resource", "Project")
    with store_from(store) as s:
        total, hits = search_page(s, text, limit=limit, labels=labels)

    def human() -> None:
        if not hits:
            out.print("没有找到。")
        for h in hits:
            where = h.get("where") or ""
            out.print(
                f"{h['type_zh']}\t{h['id']}\t{h['name']}\t{where}".rstrip(), highlight=False, soft_wrap=True
            )
        if total > len(hits):
            out.print(f"共 {total} 个结果，显示前 {len(hits)} 个（--limit 可显示更多）")

    emit(hits, as_json, human)


@app.command()
def gaps(
    area: Annotated[str | None, typer.Option("--area", "-a", help="只看这个区划及其下级")] = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """找短板：无大党委的社区、无党支部的网格、未入平台的单位、“纸面协议”、闲置资源、久拖需求……"""
    from gongjian.queries.gaps import gaps as run

    with store_from(store) as s:
        result = query(lambda: run(s, area))

    def human() -> None:
        names = {
            "communities_without_committee": "无大党委的社区/村",
            "grids_without_branch": "无党支部的网格",
            "units_without_platform": "未加入任何平台的单位",
            "paper_agreements": "纸面协议（生效满180天无项目）",
            "expired_agreements": "已到期协议",
            "idle_resources": "闲置资源",
            "stale_needs": "超过30天未认领的需求",
            "bridging_units": "联结最多平台的单位",
        }
        for key, zh in names.items():
            items = result[key]
            sample = "、".join(e["name"] for e in items[:5])
            out.print(f"{zh}：{len(items)}" + (f"（{sample}……）" if items else ""), highlight=False)

    emit(result, as_json, human)


@app.command()
def export(
    what: Annotated[
        str,
        typer.Argument(
            help="视图 committee|alliance|neighbourhood|matches|area，或清单 members|needs|resources|matches"
        ),
    ],
    id: Annotated[
        str, typer.Argument(help="节点编码（平台、社区、街道、需求……）；needs/resources 清单可用区划代码")
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="html|png|svg|pdf|gexf|graphml|json（图），csv|xlsx（清单）"),
    ] = "html",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件（默认 视图-编码.格式）")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=3, help="neighbourhood 的层数")] = 1,
    paper: Annotated[
        str | None, typer.Option("--paper", help="图片（png/svg/pdf）的打印纸张：A4 或 A3（默认按图大小）")
    ] = None,
    orientation: Annotated[
        str | None,
        typer.Option("--orientation", help="纸张方向：portrait（纵向）或 landscape（横向）；默认按图的宽高"),
    ] = None,
    dpi: Annotated[
        int | None,
        typer.Option("--dpi", help=f"PNG 分辨率（每英寸点数，{DPI_MIN}–{DPI_MAX}，默认 {DPI_DEFAULT}）"),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """导出关系图（交互网页、图片、PDF、Gephi/yEd 文件）或清单（CSV/Excel）。个人信息已打码。

    清单：members 平台编码或社区代码；needs/resources 区划代码；matches 需求编码。
    报告用图：-f pdf --paper A4（或 -f png --dpi 300 --paper A3 --orientation landscape）。
    """
    from gongjian.exports import FORMATS as LIST_FORMATS
    from gongjian.exports import LISTS, ListQuery, export_list
    from gongjian.viz.diagram import FORMATS, render
    from gongjian.viz.paper import PICTURE_FORMATS, print_options
    from gongjian.viz.views import VIEWS, build

    try:
        options = print_options(paper, orientation, dpi)
    except ValueError as e:
        raise fail(str(e)) from None
    if (paper or orientation or dpi is not None) and fmt not in PICTURE_FORMATS:
        raise fail(f"--paper、--orientation、--dpi 只用于图片格式 {'、'.join(PICTURE_FORMATS)}，不用于 {fmt}")

    def make(s: Store) -> bytes:
        if fmt in LIST_FORMATS:
            if what not in LISTS:
                raise ValueError(f"未知清单 {what}；可选 {', '.join(LISTS)}")
            query = ListQuery(**{LISTS[what].params[0]: id})
            return export_list(s, what, fmt, query, unmask=False).body
        if fmt not in FORMATS:
            raise ValueError(
                f"未知格式 {fmt}；图可用 {', '.join(FORMATS)}，清单可用 {', '.join(LIST_FORMATS)}"
            )
        if what not in VIEWS:
            raise ValueError(f"未知视图 {what}；可选 {', '.join(VIEWS)}")
        view_options = {"depth": depth} if what == "neighbourhood" else {}
        return render(build(what, s, id, **view_options), fmt, options)

    with store_from(store) as s:
        data = query(lambda: make(s))
    target = output or Path(f"{what}-{id}.{fmt}".replace("/", "_"))
    write_out(target, data)
    out.print(f"已导出 {target}（{len(data):,} 字节）", highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="演示模式：未配置令牌时生成查看员/规划员/管理员令牌并打印")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="工作进程数：多核机器上提高并发吞吐；每个进程各自打开数据库（内置库各占一份内存）",
        ),
    ] = 1,
    escalate_daily: Annotated[
        bool, typer.Option("--escalate-daily", help="每天自动执行一次到期上报（同一天不重复）")
    ] = False,
    policy: Annotated[
        str | None, typer.Option("--policy", help="到期上报的时限策略：monthly 或 days")
    ] = None,
    days: Annotated[
        str | None, typer.Option("--days", help="days 策略各层级天数，如 grid=3,community=7")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """启动网页与接口服务（规划员网页在 /，接口在 /api，说明在 /docs）。"""
    from gongjian.api.auth import TokenError
    from gongjian.api.serve import serve as run
    from gongjian.settings import load, loop_policy

    if why := missing_store(store):  # a server over an empty new file would answer "不存在" to all
        raise fail(why)
    try:
        escalate = loop_policy(policy, days, load()) if escalate_daily else None
    except ValueError as e:
        raise fail(str(e)) from None
    try:
        run(store, host=host, port=port, demo=demo, workers=workers, escalate=escalate)
    except (StoreError, TokenError) as e:
        raise fail(str(e)) from None


from gongjian.cli_bulk import bulk_load  # noqa: E402 (its commands use the helpers above)
from gongjian.cli_docs import docs_app  # noqa: E402
from gongjian.cli_lists import need_app, project_app  # noqa: E402
from gongjian.cli_loop import loop_app  # noqa: E402
from gongjian.cli_scorecard import scorecard_app  # noqa: E402

app.command("bulk-load")(bulk_load)
app.add_typer(need_app, name="need")
app.add_typer(project_app, name="project")
app.add_typer(loop_app, name="loop")
app.add_typer(scorecard_app, name="scorecard")
app.add_typer(docs_app, name="docs")


def main() -> None:  # pragma: no cover - console entry
    tune_gc()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
