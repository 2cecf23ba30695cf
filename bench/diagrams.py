#!/usr/bin/env python3
"""Benchmark of report pictures: layout and export time, and overlapping labels, per layout.

    .venv/bin/python bench/diagrams.py --store kunming.db --json bench/results/diagrams-kunming.json

On views of the store up to 300 nodes (the biggest street's alliance, and 2-level
neighbourhoods of the busiest streets cut at 300 nodes) it measures, alternating the two
layouts in one run so their ratio holds on a noisy machine: the layout's seconds
(Graphviz ``neato`` with overlap removal against the hand-written :mod:`gongjian.viz.layout`),
the whole export's seconds (PNG at its natural size, PDF on A3, PNG on A4 at 300 dpi), and
how many pairs of drawn labels overlap. Prints JSON; medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def overlaps(fig) -> int:
    """Pairs of drawn names and link texts whose boxes overlap."""
    from matplotlib.text import Text

    from gongjian.viz.picture import LINK_TEXT_GID, NAME_GID

    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(r) for t in fig.findobj(Text) if t.get_gid() in (NAME_GID, LINK_TEXT_GID)]
    return sum(
        1
        for a, b in combinations(boxes, 2)
        if a.x0 + 0.5 < b.x1 and b.x0 + 0.5 < a.x1 and a.y0 + 0.5 < b.y1 and b.y0 + 0.5 < a.y1
    )


def subjects(store) -> list[tuple[str, str, dict]]:
    """The biggest alliance, and the two streets with the most platforms, as 300-node neighbourhoods."""
    from collections import Counter

    platforms = [n for n in store.iter_nodes() if n.label == "Platform"]
    per_street = Counter(p.props.get("area") for p in platforms if p.props.get("kind") == "alliance")
    alliance = max(
        (p for p in platforms if p.props.get("kind") == "alliance"),
        key=lambda p: (len(store.neighbours("Platform", p.id, ("MEMBER_OF",), "in")), p.id),
    )
    streets = [s for s, _ in per_street.most_common(2)]
    return [("alliance", alliance.id, {})] + [
        ("neighbourhood", s, {"depth": 2, "limit": 300}) for s in streets
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True, help="an embedded store holding a dataset (read only)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    from gongjian.graph.store import open_store
    from gongjian.viz import placement, views
    from gongjian.viz.diagram import render
    from gongjian.viz.paper import PrintOptions
    from gongjian.viz.picture import draw, layout

    store = open_store(args.store)
    path = os.environ["PATH"]
    render(views.build("alliance", store, subjects(store)[0][1]), "png")  # fonts loaded once, not timed
    results = []
    for view, id_, options in subjects(store):
        diagram = views.build(view, store, id_, **options)
        row: dict = {"view": view, "id": id_, "nodes": len(diagram.nodes), "links": len(diagram.links)}
        times: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            for engine in ("graphviz", "handwritten"):  # alternating: the same load on both
                os.environ["PATH"] = path if engine == "graphviz" else "/nonexistent"
                placement._warned[:] = [True]  # the fallback's one warning is not measured
                t = time.perf_counter()
                _, _, apart = layout(diagram)
                times.setdefault(f"{engine}_layout_s", []).append(time.perf_counter() - t)
                assert apart == (engine == "graphviz")
                for name, fmt, opts in (
                    ("png", "png", PrintOptions()),
                    ("pdf_a3", "pdf", PrintOptions("A3")),
                    ("png_a4_300dpi", "png", PrintOptions("A4", dpi=300)),
                ):
                    t = time.perf_counter()
                    render(diagram, fmt, opts)
                    times.setdefault(f"{engine}_export_{name}_s", []).append(time.perf_counter() - t)
                row[f"{engine}_overlapping_labels_a3"] = overlaps(draw(diagram, PrintOptions("A3")))
        os.environ["PATH"] = path
        row.update({k: round(statistics.median(v), 3) for k, v in sorted(times.items())})
        results.append(row)
    store.close()
    out = {"store": Path(args.store).name, "repeat": args.repeat, "cpus": os.cpu_count(), "results": results}
    text = json.dumps(out, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
