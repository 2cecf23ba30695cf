"""The FastAPI app: ``create_app(store, tokens)``.

Routers per resource under ``/api``; the store and the caller's role are
dependencies (:mod:`gongjian.api.deps`). Every route answers through
:class:`gongjian.api.answers.JSON`, serialised once and masked for the caller's role
as it is made; its response model (:mod:`gongjian.api.schemas.answers`) documents it.
:class:`gongjian.api.masking.MaskPersonalData` is the safety net for any other JSON
answer under ``/api/``.

OpenAPI is at ``/openapi.json``. ``/docs`` shows Swagger UI only when its files
are on this machine (the ``swagger-ui-bundle`` package, or a folder named by
``GONGJIAN_SWAGGER_UI`` holding ``swagger-ui-bundle.js`` and ``swagger-ui.css``);
otherwise it is a plain page listing the endpoints. Nothing is loaded from a CDN.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from gongjian import __version__
from gongjian.api import errors
from gongjian.api.answers import JSON
from gongjian.api.auth import load_tokens
from gongjian.api.guard import Guard
from gongjian.api.masking import MaskPersonalData
from gongjian.api.routers import (
    agreements,
    allocations,
    areas,
    committees,
    diagrams,
    documents,
    explore,
    exports,
    gaps,
    health,
    ingest,
    loop,
    loop_files,
    needs,
    party_orgs,
    projects,
    resources,
    scorecards,
    stats,
    units,
    web,
)
from gongjian.graph.store import Store

#: In the order the docs list them: the service, exploring, then each resource.
ROUTERS = (
    health,
    documents,  # before explore: /api/nodes/{id}/documents is not a node whose id ends in /documents
    explore,
    areas,
    units,
    party_orgs,
    committees,
    loop,  # before needs: /api/needs/{id}/history is not a need whose id ends in /history
    loop_files,
    needs,
    resources,
    projects,
    agreements,
    allocations,
    stats,
    gaps,
    scorecards,
    ingest,
    diagrams,
    exports,
    web,
)

DESCRIPTION = """共建：区域化党建组织联结图谱的接口。

除 `/api/health` 外都需要令牌：`Authorization: Bearer <令牌>`。角色：查看员 viewer（只读）、
规划员 planner（可登记和修改需求、派单、统筹分配）、管理员 admin（可导入台账，且看到未打码的个人信息）。
"""


def create_app(store: Store, tokens: dict[str, str] | None = None) -> FastAPI:
    """The API over ``store``; ``tokens`` maps token → role (default: from the environment)."""
    app = FastAPI(
        title="共建 gongjian API",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        default_response_class=JSON,
    )
    app.state.store = store
    app.state.tokens = dict(load_tokens() if tokens is None else tokens)
    errors.install(app)
    app.add_middleware(MaskPersonalData)  # the safety net: answers.JSON masks as it serialises
    app.add_middleware(errors.LastResort)  # also catches a failure while masking
    app.add_middleware(Guard)  # outermost: head size, token and body size before anything reads the body
    for module in ROUTERS:
        app.include_router(module.router)
    _docs(app)
    return app


def _swagger_assets() -> Path | None:
    """A local folder with Swagger UI's files, if this machine has one."""
    configured = os.environ.get("GONGJIAN_SWAGGER_UI")
    candidates = [Path(configured)] if configured else []
    try:
        import swagger_ui_bundle  # type: ignore[import-not-found]

        candidates.append(Path(swagger_ui_bundle.swagger_ui_path))
    except ImportError:
        pass
    for folder in candidates:
        if (folder / "swagger-ui-bundle.js").is_file() and (folder / "swagger-ui.css").is_file():
            return folder
    return None


def _docs(app: FastAPI) -> None:
    assets = _swagger_assets()
    if assets is not None:
        app.mount("/docs/assets", StaticFiles(directory=assets), name="swagger-ui")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        if assets is not None:
            return HTMLResponse(_SWAGGER_PAGE.format(title=html.escape(app.title)))
        return HTMLResponse(_plain_docs(app.openapi(), app.title))


_SWAGGER_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({{url: "/openapi.json", dom_id: "#swagger-ui"}});</script>
</body></html>
"""


def _plain_docs(spec: dict[str, Any], title: str) -> str:
    """The endpoints as a plain page (no scripts, nothing fetched from elsewhere)."""
    rows = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            params = "、".join(
                p["name"] + ("*" if p.get("required") else "") for p in op.get("parameters", [])
            )
            rows.append(
                f"<tr><td><code>{method.upper()}</code></td><td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(op.get('summary', ''))}</td><td>{html.escape(params)}</td></tr>"
            )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}td{{padding:.2em .8em;border-bottom:1px solid #ddd}}</style>
</head><body>
<h1>{html.escape(title)} {html.escape(spec.get("info", {}).get("version", ""))}</h1>
<p>本机没有 Swagger UI 的文件，这里列出接口；完整的 OpenAPI 说明见 <a href="/openapi.json">/openapi.json</a>。
除 <code>/api/health</code> 外都需要请求头 <code>Authorization: Bearer &lt;令牌&gt;</code>。</p>
<table><tr><th>方法</th><th>路径</th><th>说明</th><th>参数（*为必填）</th></tr>
{"".join(rows)}
</table></body></html>
"""
