"""Diagrams and list exports.

``render(Diagram, fmt)`` draws a diagram as an offline interactive page (html), a
picture (png, svg) or a graph file (gexf, graphml, json); ``export_rows`` writes
lists as CSV or XLSX. Callers mask personal data before handing anything over.
"""

from __future__ import annotations

from gongjian.viz.diagram import FORMATS, MEDIA_TYPES, Diagram, render, to_networkx

__all__ = ["FORMATS", "MEDIA_TYPES", "Diagram", "FontMissing", "export_rows", "render", "to_networkx"]


def __getattr__(name: str):  # lazy: matplotlib and openpyxl load only when needed
    if name == "FontMissing":
        from gongjian.viz.font import FontMissing

        return FontMissing
    if name == "export_rows":
        from gongjian.viz.tables import export_rows

        return export_rows
    raise AttributeError(name)
