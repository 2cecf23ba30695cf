"""导出清单: lists as CSV or Excel, driven by the model — one small exporter per list.

- ``members`` (``id``): a platform (or a community's / street's platform): current and
  former members with role, dates and contact;
- ``needs`` (``area``, ``status``, ``category``, ``urgency``): the need list;
- ``resources`` (``area``, ``unit``, ``status``, ``category``): the resource list;
- ``matches`` (``need``, ``limit``): a need's ranked matches with their linkage paths.

Headers are the ledger's Chinese column names (:data:`gongjian.model.TABLES`), enum codes
show as their Chinese words. Personal data is masked in the rows before they are written,
unless ``unmask`` (an admin); cells a spreadsheet would read as formulas are neutralised by
:func:`gongjian.viz.tables.export_rows`. ``GET /api/exports/{list}.{format}`` and
``gongjian export`` both call :func:`export_list`; a bad request raises :class:`ExportError`.
"""

from __future__ import annotations

from dataclasses import fields

from gongjian.exports.base import FORMATS, MAX_ROWS, MEDIA, Col, Export, ExportError, ListExporter, ListQuery
from gongjian.exports.lists import LISTS
from gongjian.graph.store import Store

__all__ = [
    "FORMATS",
    "LISTS",
    "MAX_ROWS",
    "MEDIA",
    "Col",
    "Export",
    "ExportError",
    "ListExporter",
    "ListQuery",
    "export_list",
]


def export_list(store: Store, what: str, fmt: str, query: ListQuery, *, unmask: bool) -> Export:
    """The list ``what`` as ``fmt`` (csv or xlsx), masked unless ``unmask``.

    The list, the format and the query's fields are checked first: an unknown list names
    ``what``, an unknown format ``format`` (both of the path), a field the list does not
    take names that field.
    """
    exporter = LISTS.get(what)
    if exporter is None:
        raise ExportError(f"可导出的清单：{'、'.join(LISTS)}（如 needs.csv）", "what", what, "path")
    if fmt not in FORMATS:
        raise ExportError(f"清单格式应为 {' 或 '.join(FORMATS)}", "format", fmt, "path")
    given = [f.name for f in fields(query) if getattr(query, f.name) is not None]
    for extra in sorted(set(given) - set(exporter.params)):
        raise ExportError(f"{what} 清单不接受参数 {extra}；可用：{'、'.join(exporter.params)}", extra, extra)
    return exporter.export(store, query, fmt, unmask=unmask)
