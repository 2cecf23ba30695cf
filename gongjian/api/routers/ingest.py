"""``POST /api/ingest`` (admin): a ledger workbook (.xlsx) or a zip of CSV files as the request body.

The upload is read up to a size limit, unpacked into a temporary directory (only
``*.csv`` members, by their base name, with limits on count and unpacked size) and
ingested with the same checks as ``gongjian ingest``.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import tempfile
import threading
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, HTTPException, Request

from gongjian.api import guard
from gongjian.api.answers import JSON, Route
from gongjian.api.deps import AUTH_ERRORS, AdminDep, StoreDep
from gongjian.api.schemas.answers import IngestRefused, IngestReport
from gongjian.graph.store import Store
from gongjian.ingest.limits import MAX_FILES, Stopped, stop_when
from gongjian.ingest.load import ingest
from gongjian.ingest.read import DatasetError

router = APIRouter(prefix="/api", tags=["ingest"], route_class=Route, responses=AUTH_ERRORS)

MAX_UPLOAD = int(os.environ.get("GONGJIAN_MAX_UPLOAD", 50 * 1024 * 1024))
"""Largest accepted upload in bytes (``GONGJIAN_MAX_UPLOAD``, default 50 MB)."""
guard.UPLOADS["/api/ingest"] = MAX_UPLOAD
MAX_UNPACKED = 4 * MAX_UPLOAD
MAX_MEMBERS = MAX_FILES


def _too_large(what: str, limit: int) -> HTTPException:
    return HTTPException(413, f"{what}超过上限 {limit // (1024 * 1024)} MB")


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_UPLOAD:
        raise _too_large("上传文件", MAX_UPLOAD)
    buf = bytearray()
    async for chunk in request.stream():
        buf += chunk
        if len(buf) > MAX_UPLOAD:
            raise _too_large("上传文件", MAX_UPLOAD)
    return bytes(buf)


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's base name; names from Chinese Windows zips (no UTF-8 flag) are GBK."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return PurePosixPath(name.replace("\\", "/")).name


def _unpack(data: bytes, into: Path) -> Path:
    """Write the upload into ``into`` as a workbook or a folder of CSVs; return what to ingest."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise HTTPException(422, "上传内容应为 .xlsx 工作簿或 CSV 文件的 zip 压缩包")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        if "[Content_Types].xml" in names:  # an Office Open XML workbook
            book = into / "upload.xlsx"
            book.write_bytes(data)
            return book
        folder = into / "ledger"
        folder.mkdir()
        members = [
            i
            for i in z.infolist()
            if not i.is_dir()
            and _member_name(i).lower().endswith(".csv")
            and not _member_name(i).startswith((".", "~$"))
            and "__MACOSX" not in i.filename
        ]
        if not members:
            raise HTTPException(422, "压缩包中没有 CSV 文件")
        if len(members) > MAX_MEMBERS:
            raise HTTPException(422, f"压缩包中的 CSV 文件过多（超过 {MAX_MEMBERS} 个）")
        total = 0
        for info in members:
            target = folder / _member_name(info)
            if target.exists():
                raise HTTPException(422, f"压缩包中有同名文件：{target.name}")
            with z.open(info) as src, target.open("wb") as dst:
                while chunk := src.read(1 << 16):
                    total += len(chunk)
                    if total > MAX_UNPACKED:  # counted as read: a member's declared size may lie
                        raise _too_large("解压后的内容", MAX_UNPACKED)
                    dst.write(chunk)
        return folder


def _ingest(
    data: bytes, store: Store, dry_run: bool, skip_invalid: bool, stop: threading.Event
) -> dict[str, Any]:
    with stop_when(stop), tempfile.TemporaryDirectory(prefix="gongjian-upload-") as tmp:
        path = _unpack(data, Path(tmp))
        try:
            report = ingest(path, store, dry_run=dry_run, skip_invalid=skip_invalid)
        except (DatasetError, zipfile.BadZipFile, KeyError, OSError) as e:
            raise HTTPException(422, f"无法读取上传的数据集：{e}") from e
        return report.as_dict()


@router.post(
    "/ingest",
    response_model=IngestReport,
    responses={
        422: {"model": IngestRefused, "description": "数据集有被拒绝的行，未写入；或上传内容无法读取"}
    },
    summary="导入台账（管理员）：请求体为 .xlsx 工作簿或 CSV 的 zip 包",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    },
)
async def ingest_upload(
    request: Request, store: StoreDep, _: AdminDep, dry_run: bool = False, skip_invalid: bool = False
) -> Any:
    data = await _read_body(request)
    if not data:
        raise HTTPException(422, "请求体为空：请上传 .xlsx 工作簿或 CSV 的 zip 包")
    report = await _until_gone(request, _ingest, data, store, dry_run, skip_invalid)
    if report["rejected"] and not report["written"] and not dry_run:
        return JSON({"detail": "数据集有被拒绝的行，未写入", **report}, status_code=422)
    return report


async def _until_gone(request: Request, work: Any, *args: Any) -> Any:
    """``work(*args, stop)`` in a worker thread, told to stop when the client goes away or this
    request is cancelled (the server shutting down): it stops at its next checkpoint, a few
    thousand rows later, and writes nothing."""
    stop = threading.Event()

    async def watch() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass
        stop.set()

    watcher = asyncio.ensure_future(watch())
    try:
        return await anyio.to_thread.run_sync(lambda: work(*args, stop), abandon_on_cancel=True)
    except Stopped:
        raise HTTPException(503, "导入已停止（客户端已断开或服务器正在关闭），未写入任何数据") from None
    finally:
        stop.set()
        watcher.cancel()
