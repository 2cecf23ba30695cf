"""关系图: a view (committee, alliance, neighbourhood, matches, area) drawn in any format.

``GET /api/diagrams/{view}/{id}.{format}`` answers the rendered bytes with their media
type and a download file name. Personal names are masked unless the caller is an
admin (the view masks them; names the view left in a title are masked here too).
HTML and SVG come with a strict Content-Security-Policy: nothing is loaded from
elsewhere, only the page's own inline scripts run.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from gongjian.api.answers import JSON, Route
from gongjian.api.deps import AUTH_ERRORS, StoreDep, ViewerDep, viewer
from gongjian.api.errors import invalid
from gongjian.api.schemas import MAX_DEPTH, MAX_ID
from gongjian.api.throttle import expensive
from gongjian.graph.store import Store
from gongjian.privacy import mask_name
from gongjian.viz.diagram import FORMATS, MEDIA_TYPES, Diagram, render
from gongjian.viz.paper import DPI_DEFAULT, DPI_MAX, DPI_MIN, PICTURE_FORMATS, PrintOptionError, print_options
from gongjian.viz.views import MAX_NODES, VIEWS, build

router = APIRouter(
    prefix="/api/diagrams",
    tags=["diagrams"],
    route_class=Route,
    responses=AUTH_ERRORS,
    dependencies=[Depends(viewer), expensive],
)

VIEW_ZH = {
    "committee": "大党委图",
    "alliance": "党建联盟图",
    "neighbourhood": "关系图",
    "matches": "匹配图",
    "area": "区划概览图",
}
#: The policy of an HTML diagram: its inline vis-network script runs, nothing is fetched.
HTML_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'"
)
#: An SVG picture runs nothing at all.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;\u2028\u2029]+')
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")
#: Rendering pictures is CPU-bound and memory-hungry: a few at a time.
_PICTURES = threading.BoundedSemaphore(4)


def download_headers(name: str, fallback: str) -> dict[str, str]:
    """``Content-Disposition: attachment`` with an ASCII ``filename`` and the UTF-8 ``filename*`` (RFC 5987).

    ``name`` is the file name users see (Chinese kept); ``fallback`` an ASCII name for old clients.
    """
    name = "".join(
        ch for ch in name if unicodedata.category(ch) not in ("Cf", "Cc", "Zl", "Zp")
    )  # bidi, zero-width
    stem, dot, ext = name.rpartition(".")
    stem = _UNSAFE_NAME.sub("_", stem if dot else name).strip(" ._") or "download"
    name = f"{stem[:80]}.{ext}" if dot else stem[:80]
    ascii_name = _NOT_ASCII_NAME.sub("_", fallback).strip("_.") or "download"
    return {
        "Content-Disposition": f"attachment; filename=\"{ascii_name[:100]}\"; filename*=UTF-8''{quote(name, safe='')}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Referrer-Policy": "no-referrer",
    }


def _mask_left_names(store: Store, diagram: Diagram) -> None:
    """Mask people's names the view left whole in the title or note (a neighbourhood's title names its centre).

    The nodes themselves come masked from the view; only the diagram's own texts are checked here.
    """
    keys = [str(n.get("key") or "") for n in diagram.nodes if n.get("label") == "Person"]
    if not keys:
        return
    names = {
        str(props["name"])
        for props in store.get_nodes("Person", [k for k in keys if k]).values()
        if len(str(props.get("name") or "")) >= 2
    }
    if not names:
        return
    # longest first, so a name that contains another is masked whole
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    diagram.title = pattern.sub(lambda m: mask_name(m.group(0)), diagram.title)
    diagram.note = pattern.sub(lambda m: mask_name(m.group(0)), diagram.note)


def _split(target: str) -> tuple[str, str]:
    """``PF-EJW.html`` → (``PF-EJW``, ``html``); the id may itself hold dots."""
    id_, dot, fmt = target.rpartition(".")
    fmt = fmt.lower()
    if not dot or fmt not in FORMATS:
        invalid(
            ("path", "format"),
            f"文件格式应为以下之一：{'、'.join(FORMATS)}（写在编码后，如 PF-EJW.html）",
            target,
        )
    if not id_ or len(id_) > MAX_ID:
        invalid(("path", "id"), f"编码不能为空，且不超过 {MAX_ID} 个字符", id_)
    return id_, fmt


@router.get(
    "/{view}/{target:path}",
    summary="关系图：视图 committee/alliance/neighbourhood/matches/area，格式 html/png/svg/pdf/gexf/graphml/json",
    response_class=Response,
    responses={
        200: {
            "description": "图的文件（附下载文件名）",
            "content": {MEDIA_TYPES[f].split(";")[0]: {} for f in FORMATS if f != "json"},
        }
    },
)
def get_diagram(
    view: str,
    target: str,
    store: StoreDep,
    caller: ViewerDep,
    depth: Annotated[
        int | None, Query(ge=1, le=MAX_DEPTH, description="neighbourhood 视图的层数（1–3，默认 1）")
    ] = None,
    limit: Annotated[
        int | None,
        Query(ge=1, le=MAX_NODES, description="matches：最多几个匹配；neighbourhood：最多几个节点"),
    ] = None,
    paper: Annotated[
        str | None,
        Query(max_length=20, description="图片（png/svg/pdf）的打印纸张：A4 或 A3（默认按图大小）"),
    ] = None,
    orientation: Annotated[
        str | None,
        Query(max_length=20, description="纸张方向：portrait（纵向）或 landscape（横向）；默认按图的宽高"),
    ] = None,
    dpi: Annotated[
        int | None, Query(description=f"PNG 分辨率（每英寸点数，{DPI_MIN}–{DPI_MAX}，默认 {DPI_DEFAULT}）")
    ] = None,
) -> Response:
    if view not in VIEWS:
        invalid(("path", "view"), f"视图应为以下之一：{'、'.join(VIEWS)}", view)
    id_, fmt = _split(target)
    options: dict[str, Any] = {}
    if depth is not None:
        if view != "neighbourhood":
            invalid(("query", "depth"), "depth 只用于 neighbourhood 视图", depth)
        options["depth"] = depth
    if limit is not None:
        if view not in ("matches", "neighbourhood"):
            invalid(("query", "limit"), "limit 只用于 matches 和 neighbourhood 视图", limit)
        options["limit"] = limit
    try:
        printing = print_options(paper, orientation, dpi)
    except PrintOptionError as e:
        invalid(
            ("query", e.option), str(e), {"paper": paper, "orientation": orientation, "dpi": dpi}[e.option]
        )
    if fmt not in PICTURE_FORMATS:
        for name, value in (("paper", paper), ("orientation", orientation), ("dpi", dpi)):
            if value is not None:
                invalid(("query", name), f"{name} 只用于图片格式 {'、'.join(PICTURE_FORMATS)}", value)
    diagram = build(view, store, id_, unmask=caller.unmasked, **options)
    if not caller.unmasked:
        _mask_left_names(store, diagram)
    try:
        if fmt in PICTURE_FORMATS:
            with _PICTURES:
                body = render(diagram, fmt, printing)  # type: ignore[arg-type]
        else:
            body = render(diagram, fmt)  # type: ignore[arg-type]
    except Exception as e:
        from gongjian.viz.font import FontMissing  # loads matplotlib: only when it matters

        if isinstance(e, FontMissing):  # the server lacks the Chinese font
            return JSON({"detail": f"无法生成图片：{e}"}, status_code=503)
        raise
    headers = download_headers(f"{diagram.title or id_}-{VIEW_ZH[view]}.{fmt}", f"{view}-{id_}.{fmt}")
    if fmt == "html":
        headers["Content-Security-Policy"] = HTML_CSP
    elif fmt == "svg":
        headers["Content-Security-Policy"] = SVG_CSP
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)
