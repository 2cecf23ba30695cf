"""The ``gongjian`` command: 生成、导入、统计 …  (help text in Chinese, for the users)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from gongjian.graph.store import Store, StoreError, open_store
from gongjian.model import NODE_TYPES, REL_TYPES

app = typer.Typer(
    help="共建：区域化党建组织联结图谱。导入台账、查询联结、匹配需求与资源。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        envvar="GONGJIAN_STORE",
        help="数据库：文件路径（内嵌库，默认 ./gongjian.db）或 bolt:// / neo4j:// / neo4j+s:// 地址（Neo4j）",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出（供程序读取）")]


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]错误：[/red]{message}", highlight=False)
    return typer.Exit(code)


@contextmanager
def store_from(uri: str | None) -> Iterator[Store]:
    """Open the store, turning a store error into one clear line and exit status 2."""
    try:
        store = open_store(uri)
    except StoreError as e:
        raise fail(str(e)) from None
    try:
        yield store
    except StoreError as e:
        raise fail(str(e)) from None
    finally:
        store.close()


@contextmanager
def progress_phases(enabled: bool) -> Iterator[Callable[[str, int], Callable[[int], None]]]:
    """A rich progress bar per phase, on stderr; silent when not wanted."""
    if not enabled:
        yield lambda desc, total: lambda n: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:

        def phase(desc: str, total: int) -> Callable[[int], None]:
            task = progress.add_task(desc, total=total)
            return lambda n: progress.advance(task, n)

        yield phase


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

    with store_from(store) as s, progress_phases(not as_json and err.is_terminal) as phase:
        try:
            report = run_ingest(path, s, skip_invalid=skip_invalid, dry_run=dry_run, phase=phase)
        except DatasetError as e:
            raise fail(str(e)) from None
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report, s.uri)
    if report.rejected and not (skip_invalid and report.written):
        raise typer.Exit(1)


def _print_report(report, uri: str) -> None:  # noqa: ANN001
    from gongjian.model import TABLES

    for name, n in report.accepted.items():
        out.print(f"  {TABLES[name].zh}（{name}）：{n} 行通过", highlight=False)
    if report.rejected:
        t = RichTable(
            "文件", "行", "列", "值", "原因", title=f"被拒绝 {len(report.rejected)} 行", title_style="red"
        )
        for p in report.rejected[:200]:
            t.add_row(p.file, str(p.row), p.column, p.value, p.reason)
        out.print(t)
        if len(report.rejected) > 200:
            out.print(f"……另有 {len(report.rejected) - 200} 行，用 --json 查看全部")
    if report.dry_run:
        out.print("[yellow]仅校验（--dry-run），未写入。[/yellow]")
    elif report.written:
        out.print(f"[green]已写入[/green] {uri}", highlight=False)
    else:
        out.print("[red]有被拒绝的行，整批未写入。[/red]改正后重试，或用 --skip-invalid 只导入通过的行。")


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
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = run_generate(scale, seed, out_dir, as_of=day)
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
    with store_from(source) as src, store_from(target) as dst:
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


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
