"""An ingest's progress bars and its report, shared by ``ingest`` and ``bulk-load``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gongjian.cli_common import err, out


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


def print_report(report, uri: str) -> None:  # noqa: ANN001
    from gongjian.model import TABLES

    for name, n in report.accepted.items():
        out.print(f"  {TABLES[name].zh}（{name}）：{n} 行通过", highlight=False)
    if report.ignored:
        out.print(f"[yellow]已忽略不是台账的文件：[/yellow]{'、'.join(report.ignored)}", highlight=False)
    if report.rejected:
        # one line per problem, never cut: a reason is read in full, however narrow the terminal
        rows = len({(p.file, p.row) for p in report.rejected})
        out.print(f"[red]被拒绝 {rows} 行（{len(report.rejected)} 处问题）：[/red]", highlight=False)
        for p in report.rejected[:500]:
            cell = f" · {p.column}" if p.column else ""
            value = f"「{p.value}」" if p.value else ""
            out.print(f"  {p.file} 第{p.row}行{cell}{value}：{p.reason}", highlight=False, soft_wrap=True)
        if len(report.rejected) > 500:
            out.print(f"……另有 {len(report.rejected) - 500} 处，用 --json 查看全部")
    if report.dry_run:
        out.print("[yellow]仅校验（--dry-run），未写入。[/yellow]")
    elif report.written:
        out.print(f"[green]已写入[/green] {uri}", highlight=False)
    else:
        out.print("[red]有被拒绝的行，整批未写入。[/red]改正后重试，或用 --skip-invalid 只导入通过的行。")
