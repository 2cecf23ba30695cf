"""``gongjian bulk-load``: a first load of a large dataset into a local Neo4j by its bulk importer.

The dataset is checked exactly as ``gongjian ingest`` checks it (:func:`gongjian.ingest.load.prepare`,
against an empty store, which is what the target becomes), written as the importer's CSV
(:mod:`gongjian.graph.neo4j_bulk`) and imported by ``tools/neo4j-local/import``, which stops the
server, imports and starts it again. Then the key constraints are created and the counts checked.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from gongjian.cli_common import JsonOpt, err, fail, os_reason, print_report, progress_phases
from gongjian.graph.store import StoreError


def bulk_load(
    path: Annotated[Path, typer.Argument(help="台账：CSV 文件夹，或一个 .xlsx 工作簿")],
    neo4j_local: Annotated[
        Path,
        typer.Option(
            "--neo4j-local",
            help="tools/neo4j-local 启动的 Neo4j 的数据目录（--data DIR）；服务须正在运行",
            show_default=False,
        ),
    ],
    replace: Annotated[bool, typer.Option("--replace", help="目标库非空时整库替换")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="跳过被拒绝的行，导入其余各行")
    ] = False,
    keep_csv: Annotated[
        Path | None,
        typer.Option("--csv", help="把导入用的 CSV 留在这个文件夹（默认用后即删）", show_default=False),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """首次导入大批台账到 Neo4j：与 ingest 同样校验，再用 Neo4j 官方批量导入工具整库写入。

    导入期间 Neo4j 服务会停止，完成后以原设置重新启动。目标库非空时拒绝，除非 --replace。
    """
    from gongjian.graph.neo4j import Neo4jStore
    from gongjian.graph.neo4j_bulk import run_import, running_uri, write_files
    from gongjian.ingest.load import prepare
    from gongjian.ingest.read import DatasetError

    data_dir = neo4j_local.resolve()
    uri = running_uri(data_dir)
    if uri is None:
        raise fail(
            f"{neo4j_local} 没有正在运行的 Neo4j；先用 tools/neo4j-local/start --data {neo4j_local} 启动它"
        )
    t0 = time.perf_counter()
    try:
        with Neo4jStore(uri) as target:
            present = target.counts()
    except StoreError as e:
        raise fail(str(e)) from None
    held = sum(present["nodes"].values()) + sum(present["relationships"].values())
    if held and not replace:
        raise fail(f"目标库 {uri} 不是空的（{held:,} 个节点和关系）；加 --replace 整库替换")

    from gongjian.graph.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory(prefix="gongjian-bulk-") as scratch:
        with (
            EmbeddedStore(Path(scratch) / "empty.db") as empty,
            progress_phases(not as_json and err.is_terminal) as phase,
        ):
            try:
                report, changes = prepare(path, empty, skip_invalid=skip_invalid, phase=phase)
            except DatasetError as e:
                raise fail(str(e)) from None
        if changes is None:
            _finish(report, uri, as_json, skip_invalid)
            return
        folder = keep_csv or Path(scratch) / "csv"
        phases = {"check_s": time.perf_counter() - t0}
        try:
            files = write_files(changes, folder)
            phases["csv_s"] = time.perf_counter() - t0 - sum(phases.values())
            err.print(f"已写出导入文件 {folder}；正在批量导入（Neo4j 将停止并重新启动）……", highlight=False)
            uri = run_import(data_dir, files, folder / "import.log")
            phases["import_s"] = time.perf_counter() - t0 - sum(phases.values())
            with Neo4jStore(uri) as target:
                target.ensure_constraints()
                counts = target.counts()
            phases["constraints_s"] = time.perf_counter() - t0 - sum(phases.values())
        except StoreError as e:
            raise fail(str(e)) from None
        except OSError as e:
            raise fail(f"无法写入 {e.filename or folder}：{os_reason(e)}") from None
    if counts != files.counts:
        raise fail(f"导入后 {uri} 的节点或关系数量与台账不一致；请用 --replace 重新导入")
    report.written = True
    rows = sum(report.accepted.values())
    seconds = time.perf_counter() - t0
    if not as_json:
        err.print(
            f"批量导入 {rows:,} 行，用时 {seconds:.1f} 秒（每秒 {rows / seconds:,.0f} 行）", highlight=False
        )
    phases = {k: round(v, 1) for k, v in phases.items()}
    _finish(report, uri, as_json, skip_invalid, seconds=round(seconds, 1), replaced=bool(held), **phases)


def _finish(report, uri: str, as_json: bool, skip_invalid: bool, **extra: object) -> None:  # noqa: ANN001
    if as_json:
        print(json.dumps({**report.as_dict(), **extra}, ensure_ascii=False, indent=2))
    else:
        print_report(report, uri)
    if report.rejected and not (skip_invalid and report.written):
        raise typer.Exit(1)
