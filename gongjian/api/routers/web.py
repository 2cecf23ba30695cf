"""The planners' web page at ``/``: static files, no build step, nothing from a CDN.

``/`` serves ``static/index.html``; ``/static/app.js`` and ``/static/app.css`` its
script and style, ``/static/loop.js`` the loop's views, ``/static/scorecard.js`` the
scorecards and rankings (双向考核), ``/static/docs.js`` the practice articles'. ``GET
/api/me`` tells the page which role its token has.

The page's Content-Security-Policy allows its own script and, by hash, exactly the
inline scripts of the HTML diagrams (vis-network and the page's drawing code), because
a diagram is shown in a sandboxed ``<iframe>`` from a ``blob:`` URL, and such a
document inherits the policy of the page that made it. Nothing can be fetched from
elsewhere, and no other inline script can run.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from importlib import resources
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from gongjian.api.answers import Route
from gongjian.api.auth import ROLE_ZH
from gongjian.api.deps import AUTH_ERRORS, ViewerDep
from gongjian.api.schemas.answers import Me

router = APIRouter(tags=["web"], route_class=Route)

STATIC_FILES = {
    "app.js": "text/javascript; charset=utf-8",
    "loop.js": "text/javascript; charset=utf-8",
    "scorecard.js": "text/javascript; charset=utf-8",
    "docs.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _static(name: str) -> bytes:
    return resources.files("gongjian.api").joinpath("static", name).read_bytes()


@functools.cache
def diagram_script_hashes() -> tuple[str, ...]:
    """``'sha256-…'`` of every inline script an HTML diagram carries (the same in every diagram)."""
    from gongjian.viz.diagram import Diagram, render

    page = render(Diagram("csp"), "html").decode("utf-8")
    scripts = _INLINE_SCRIPT.findall(page)
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in dict.fromkeys(scripts)
    )


def page_csp() -> str:
    scripts = " ".join(("'self'", *diagram_script_hashes()))
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "frame-src blob:; child-src blob:; worker-src 'none'; object-src 'none'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@router.get("/", include_in_schema=False)
@router.get("/index.html", include_in_schema=False)
def index() -> Response:
    headers = {**_HEADERS, "Content-Security-Policy": page_csp(), "X-Frame-Options": "DENY"}
    return Response(_static("index.html"), media_type="text/html; charset=utf-8", headers=headers)


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    media = STATIC_FILES.get(name)
    if media is None:
        raise HTTPException(404, "没有这个文件")
    return Response(_static(name), media_type=media, headers=_HEADERS)


@router.get("/api/me", response_model=Me, responses=AUTH_ERRORS, summary="当前令牌的角色（网页用来显示角色）")
def me(caller: ViewerDep) -> Any:
    return {"role": caller.role, "role_zh": ROLE_ZH[caller.role], "unmasked": caller.unmasked}
