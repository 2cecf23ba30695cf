"""What every ``gongjian`` command shares: the store option, JSON output, one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

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
