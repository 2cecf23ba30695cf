"""What one dataset may cost to read, whatever container it comes in, and how an ingest is stopped.

A workbook is a zip like an upload of CSV files, and gets the same limits: its unpacked
size, its number of sheets, its shared strings and its cells. Every table also has a
limit on its columns. A value ``GONGJIAN_MAX_…`` in the environment raises a limit.

An ingest run in a thread under :func:`stop_when` checks, every few thousand rows,
whether it has been told to stop (a client that went away, a server shutting down) and
then raises :class:`Stopped`.
"""

from __future__ import annotations

import os
import re
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _env(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


#: Unpacked bytes of one zip (an upload of CSVs, or a workbook).
MAX_UNPACKED = _env("GONGJIAN_MAX_UNPACKED", 200 * 1024 * 1024)
#: Files in one zip of CSVs, sheets in one workbook.
MAX_FILES = _env("GONGJIAN_MAX_FILES", 64)
#: Shared strings of one workbook (3 million cost ≈540 MB).
MAX_STRINGS = _env("GONGJIAN_MAX_STRINGS", 1_500_000)
#: Cells of one workbook, counting the empty ones inside each row (a Kunming workbook has ≈600,000).
MAX_CELLS = _env("GONGJIAN_MAX_CELLS", 10_000_000)
#: Columns of one table (the widest ledger table has about 20, a few more kept as properties).
MAX_COLUMNS = _env("GONGJIAN_MAX_COLUMNS", 200)


class LimitExceeded(ValueError):
    """A dataset passes one of the limits; the message says which, in Chinese."""


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def check_workbook(path: Path) -> None:
    """Refuse a workbook whose zip unpacks too large, holds too many sheets or too many shared
    strings, before anything parses it (zipfile never unpacks more than a member declares)."""
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return  # said by the reader, with a better reason
    with z:
        infos = z.infolist()
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_UNPACKED:
            raise LimitExceeded(f"工作簿解压后超过上限 {_mb(MAX_UNPACKED)}（{_mb(unpacked)}）")
        sheets = sum(
            1 for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
        )
        if sheets > MAX_FILES:
            raise LimitExceeded(f"工作簿中的工作表过多（{sheets} 个，上限 {MAX_FILES} 个）")
        parts = _shared_strings_parts(z)
        for info in infos:
            if info.filename.lstrip("/").lower() in parts and _count_strings(z, info) > MAX_STRINGS:
                raise LimitExceeded(f"工作簿中的文本过多（超过 {MAX_STRINGS:,} 个不同的文本）")


_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b[^>]*>")
_PART_NAME = re.compile(rb'PartName\s*=\s*["\']([^"\']+)["\']')


def _shared_strings_parts(z: zipfile.ZipFile) -> set[str]:
    """The names of the parts the workbook's content types call shared strings (where openpyxl
    looks for them), and the usual name."""
    parts = {"xl/sharedstrings.xml"}
    try:
        info = z.getinfo("[Content_Types].xml")
    except KeyError:
        return parts
    if info.file_size > 4 * 1024 * 1024:
        raise LimitExceeded("工作簿的 [Content_Types].xml 过大，文件可能已损坏")
    for element in _OVERRIDE.findall(z.read(info)):
        if b"sharedStrings" in element:
            name = _PART_NAME.search(element)
            if name:
                parts.add(name.group(1).decode("utf-8", "replace").lstrip("/").lower())
    return parts


def _count_strings(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """How many ``<si>`` elements (with any namespace prefix) the shared strings part holds,
    counted as it is unpacked; stops counting past the limit."""
    count = 0
    tail = b""
    with z.open(info) as f:
        while chunk := f.read(1 << 20):
            data = tail + chunk
            count += sum(1 for m in _SI.finditer(data) if m.end() > len(tail))  # not counted before
            tail = data[-64:]
            if count > MAX_STRINGS:
                break
    return count


_SI = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")


# ------------------------------------------------------------------ stopping


class Stopped(Exception):
    """The ingest was told to stop (the client went away, or the server is shutting down)."""


_local = threading.local()


@contextmanager
def stop_when(event: threading.Event) -> Iterator[None]:
    """Within this block, in this thread, :func:`checkpoint` raises :class:`Stopped` once ``event`` is set."""
    previous = getattr(_local, "event", None)
    _local.event = event
    try:
        yield
    finally:
        _local.event = previous


def checkpoint() -> None:
    """Raise :class:`Stopped` if this thread's ingest has been told to stop."""
    event = getattr(_local, "event", None)
    if event is not None and event.is_set():
        raise Stopped("导入已停止")
