"""Where each box of a picture goes: Graphviz (``neato``/``sfdp``) with overlap removal.

Every node is handed to Graphviz as a box the size of its symbol and its label, so the
overlap removal (``overlap=prism``) keeps labels apart, not only symbols. Node names
never reach Graphviz: boxes are numbered, so no user text is ever parsed as DOT.

Without Graphviz installed the pictures fall back to :mod:`gongjian.viz.layout` (symbol
positions only, labels may overlap) and say so once, in Chinese, on the log.
"""

from __future__ import annotations

import logging
import shutil
import subprocess

from gongjian.viz.layout import positions

log = logging.getLogger("gongjian.viz")

#: Up to this many boxes ``neato`` (stress majorisation, the better picture); beyond, ``sfdp``.
NEATO_LIMIT = 600
#: Space kept around each box, in points.
GAP = 5.0
#: A link's ideal length, in inches, besides the boxes it joins.
LINK = 0.35
TIMEOUT_S = 60
NO_GRAPHVIZ = (
    "未找到 Graphviz（neato/sfdp）：关系图片改用简易布局，名称可能重叠。"
    "报告质量的布局需要安装 Graphviz（如 apt-get install graphviz）。"
)

Box = tuple[float, float]  # width, height in points
Pos = dict[str, tuple[float, float]]
_warned: list[bool] = []


def engine(count: int) -> str | None:
    """The Graphviz program for ``count`` boxes, or None when Graphviz is not installed."""
    program = "neato" if count <= NEATO_LIMIT else "sfdp"
    return shutil.which(program)


def place(boxes: dict[str, Box], links: list[tuple[str, str]], labels: dict[str, str]) -> tuple[Pos, bool]:
    """Centres of the boxes in points, and whether they are kept apart (Graphviz ran).

    ``labels`` (model label per box) only feeds the fallback layout.
    """
    if not boxes:
        return {}, True
    program = engine(len(boxes))
    if program is None:
        _warn_once(NO_GRAPHVIZ)
        return _fallback(boxes, links, labels), False
    names = list(boxes)
    index = {name: i for i, name in enumerate(names)}
    try:
        out = subprocess.run(
            [program, "-Tplain"],
            input=_dot(boxes, names, links, index, program.endswith("sfdp")),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as e:
        _warn_once(f"Graphviz 布局失败（{e}）：关系图片改用简易布局，名称可能重叠。")
        return _fallback(boxes, links, labels), False
    pos: Pos = {}
    for line in out.splitlines():
        fields = line.split()
        if fields and fields[0] == "node":
            pos[names[int(fields[1][1:])]] = (float(fields[2]) * 72, float(fields[3]) * 72)
    return pos, True


def _dot(boxes: dict[str, Box], names: list[str], links, index: dict[str, int], sfdp: bool) -> str:
    lines = [
        "graph g {",
        f'graph [overlap=prism, overlap_scaling={-4 if sfdp else 0}, sep="+{GAP:g}", '
        "splines=false, pack=true, start=1, outputorder=nodesfirst];",
        'node [shape=box, fixedsize=true, label=""];',
    ]
    for name in names:
        w, h = boxes[name]
        lines.append(f"n{index[name]} [width={w / 72:.3f}, height={h / 72:.3f}];")
    for s, t in links:
        if s != t:
            span = (max(boxes[s]) + max(boxes[t])) / 2 / 72
            lines.append(f"n{index[s]} -- n{index[t]} [len={LINK + span:.3f}];")
    lines.append("}")
    return "\n".join(lines)


def _fallback(boxes: dict[str, Box], links: list[tuple[str, str]], labels: dict[str, str]) -> Pos:
    """The hand-written layout, spread so that an average box fits between neighbours."""
    nodes = [{"id": n, "label": labels.get(n, ""), "name": n} for n in boxes]
    pos = positions(nodes, [{"source": s, "target": t} for s, t in links])
    unit = sum(max(w, h) for w, h in boxes.values()) / len(boxes)
    return {n: (x * unit, y * unit) for n, (x, y) in pos.items()}


def _warn_once(message: str) -> None:
    if not _warned:
        _warned.append(True)
        log.warning(message)
