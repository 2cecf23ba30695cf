"""What every ``gongjian`` command shares: the store option, JSON output, one-line errors,
progress bars and an ingest's report."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gongjian.graph.store import Store, StoreError, open_store

err = Console(stderr=True, soft_wrap=True)  # an error stays one line, however long the path
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


_OS_ERRORS = {
    errno.ENOENT: "目录不存在",
    errno.EISDIR: "这是一个目录",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许",
    errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EEXIST: "已有同名文件",
}


def os_reason(e: OSError) -> str:
    """An operating system error in Chinese words, for one line."""
    return _OS_ERRORS.get(e.errno or 0) or (e.strerror or str(e))


def write_out(target: Path, data: bytes) -> None:
    """Write an output file; a missing folder, a directory or a refused path is one line, exit 2."""
    if target.is_dir():
        raise fail(f"无法写入 {target}：这是一个目录，请给出文件名（如 {target / 'out.html'}）")
    if not target.parent.is_dir():
        raise fail(f"无法写入 {target}：目录 {target.parent} 不存在，请先创建它")
    try:
        target.write_bytes(data)
    except OSError as e:
        raise fail(f"无法写入 {target}：{os_reason(e)}") from None


def make_dir(folder: Path) -> None:
    """Create an output folder (and its parents); a file in the way or a refused path is one line."""
    if folder.exists() and not folder.is_dir():
        raise fail(f"无法写入 {folder}：这是一个文件，不是文件夹")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".gongjian-write-check"
        probe.touch()
        probe.unlink()
    except OSError as e:
        raise fail(f"无法写入文件夹 {folder}：{os_reason(e)}") from None


def _store_path(uri: str | None) -> str:
    from gongjian.graph.store import _named

    return _named(uri)


def missing_store(uri: str | None) -> str | None:
    """Why a store a reading command names cannot be read (it does not exist), or None."""
    from gongjian.graph.store import NEO4J_SCHEMES

    name = _store_path(uri)
    if name.startswith(NEO4J_SCHEMES):
        return None
    path = Path(name)
    if path.exists():
        return None
    hint = "先导入台账（gongjian ingest 台账文件夹），或用 --store 指明数据库"
    demo = [p for p in sorted(Path("demo").glob("*.db")) if p.is_file()] if Path("demo").is_dir() else []
    if demo:
        hint += f"；演示库在 {demo[0]}（gongjian … --store {demo[0]}）"
    return f"数据库 {path} 不存在。{hint}"


@contextmanager
def store_from(uri: str | None, create: bool = False) -> Iterator[Store]:
    """Open the store, turning a store error into one clear line and exit status 2.

    Only a command that writes (``create``) may make a new embedded store: a mistyped
    ``--store`` of a reading command is refused, not answered from an empty file.
    """
    if not create and (why := missing_store(uri)):
        raise fail(why)
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
def new_store_kept_if_written(uri: str | None) -> Iterator[Callable[[bool], None]]:
    """For a command that may create the embedded store: yields ``written(bool)``; a store file
    this command created and wrote nothing to (a rejected ingest, --dry-run) is removed again."""
    from gongjian.graph.store import NEO4J_SCHEMES

    name = _store_path(uri)
    created = not name.startswith(NEO4J_SCHEMES) and not Path(name).exists()
    wrote = [False]
    try:
        yield lambda w: wrote.__setitem__(0, wrote[0] or w)
    finally:
        if created and not wrote[0]:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)


def emit(data: object, as_json: bool, human: Callable[[], None]) -> None:
    """JSON for programs (personal data masked), a readable rendering for people."""
    from gongjian.privacy import mask_json

    if as_json:
        print(json.dumps(mask_json(data), ensure_ascii=False, indent=2))
    else:
        human()


def query(call: Callable[[], object]) -> object:
    """Run a query; a missing node or a conflict is one clear line, not a traceback."""
    from gongjian.graph.store import Conflict, NotFound

    try:
        return call()
    except NotFound as e:
        raise fail(str(e), 1) from None
    except Conflict as e:
        raise fail(f"冲突：{e}", 1) from None
    except ValueError as e:
        raise fail(str(e), 2) from None


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
    """An ingest's report for people: rows accepted per ledger, every rejection, what was written."""
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
