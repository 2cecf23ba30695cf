"""Deterministic node positions for pictures and for big interactive pages.

Each connected component is laid out on its own, then the components are packed
in rows, biggest first:

- a component holding the diagram's only platform (a committee, an alliance): a
  radial tree with the platform in the centre, members on the first ring, their
  own links further out;
- other components: a radial tree from the best-connected node as the start, then
  Fruchterman-Reingold forces (numpy, all pairs, in blocks) to untangle it;
- components above :data:`FORCE_LIMIT` nodes: forces on the 2-core only, the trees
  pruned from it hung radially around their core node; if even the core is too
  big, the radial tree alone (linear time).

Coordinates are in "node spacings": neighbouring nodes sit about 1 apart.
"""

from __future__ import annotations

import math
from collections import deque

import networkx as nx
import numpy as np

from gongjian.viz.style import LABEL_STYLES

#: Components bigger than this skip the force step (it is quadratic).
FORCE_LIMIT = 2000
ITERATIONS = 60
_BLOCK = 256
_LABEL_ORDER = {label: i for i, label in enumerate(LABEL_STYLES)}

Pos = dict[str, tuple[float, float]]


def positions(nodes: list[dict], links: list[dict]) -> Pos:
    """Positions for every node id of a diagram; the same input always gives the same output."""
    g = nx.Graph()
    for n in sorted(nodes, key=lambda n: str(n["id"])):
        g.add_node(str(n["id"]), label=n.get("label", ""), name=str(n.get("name") or ""))
    for link in sorted(links, key=lambda e: (str(e["source"]), str(e["target"]))):
        s, t = str(link["source"]), str(link["target"])
        if s != t and s in g and t in g:
            g.add_edge(s, t)
    if not g:
        return {}
    platforms = [n for n, d in g.nodes(data=True) if d["label"] == "Platform"]
    centre = platforms[0] if len(platforms) == 1 else None
    laid = []
    for comp in sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c))):
        if centre in comp:
            pos = _radial_tree(g, centre)
        else:
            root = min(comp, key=lambda n: (-g.degree(n), _child_key(g, n)))
            if len(comp) <= 2:
                pos = _radial_tree(g, root)
            elif len(comp) <= FORCE_LIMIT:
                pos = _forces(g.subgraph(comp), _radial_tree(g, root))
            else:
                pos = _core_and_trees(g, comp)
        laid.append(pos)
    return _pack(laid)


def _child_key(g: nx.Graph, node: str) -> tuple:
    d = g.nodes[node]
    return (_LABEL_ORDER.get(d["label"], 99), d["name"], node)


def _radial_tree(g: nx.Graph, root: str) -> Pos:
    """Radial layout of the BFS tree from ``root``: each subtree gets an angle in proportion
    to its leaves; each ring is wide enough that its nodes sit at least 1 apart."""
    children: dict[str, list[str]] = {root: []}
    depth = {root: 0}
    queue = deque([root])
    while queue:
        u = queue.popleft()
        for v in sorted(g.neighbors(u), key=lambda v: _child_key(g, v)):
            if v not in depth:
                depth[v] = depth[u] + 1
                children[u].append(v)
                children[v] = []
                queue.append(v)
    leaves: dict[str, int] = {}
    for u in reversed(list(children)):  # BFS order reversed: children before parents
        leaves[u] = sum(leaves[c] for c in children[u]) or 1
    per_ring: dict[int, int] = {}
    for d in depth.values():
        per_ring[d] = per_ring.get(d, 0) + 1
    radius = {0: 0.0}
    for d in range(1, max(per_ring) + 1):
        radius[d] = max(radius[d - 1] + 1.6, per_ring[d] * 1.1 / (2 * math.pi))
    pos: Pos = {}
    stack = [(root, 0.0, 2 * math.pi)]
    while stack:
        u, start, span = stack.pop()
        r = radius[depth[u]]
        mid = start + span / 2
        pos[u] = (r * math.cos(mid), r * math.sin(mid))
        for c in children[u]:
            share = span * leaves[c] / leaves[u]
            stack.append((c, start, share))
            start += share
    return pos


def _forces(g: nx.Graph, start: Pos, mass: dict[str, float] | None = None) -> Pos:
    """Fruchterman-Reingold from ``start``: ideal edge length 1, cooling, a little gravity.

    ``mass`` makes a node push others further away (it stands for leaves hung around it
    afterwards). float32 and blocks of rows keep a 2,000-node component at about 2 s.
    """
    names = list(start)
    index = {n: i for i, n in enumerate(names)}
    p = np.array([start[n] for n in names], dtype=np.float32)
    p -= p.mean(axis=0)
    m = np.array([(mass or {}).get(n, 1.0) for n in names], dtype=np.float32)
    # Shrink the tree towards the size a force layout settles at, so the forces start near it.
    extent = float(np.abs(p).max()) or 1.0
    p *= min(1.0, math.sqrt(float(m.sum())) * 0.9 / extent)
    ei = np.array([index[u] for u, v in g.edges()], dtype=int)
    ej = np.array([index[v] for u, v in g.edges()], dtype=int)
    n = len(names)
    temp = max(1.0, math.sqrt(n) / 4)
    cool = (0.05 / temp) ** (1 / ITERATIONS)
    x, y = p[:, 0].copy(), p[:, 1].copy()
    for _ in range(ITERATIONS):
        fx = np.zeros(n, dtype=np.float32)
        fy = np.zeros(n, dtype=np.float32)
        for a in range(0, n, _BLOCK):
            dx = x[a : a + _BLOCK, None] - x[None, :]
            dy = y[a : a + _BLOCK, None] - y[None, :]
            inv = dx * dx
            inv += dy * dy
            np.maximum(inv, 1e-4, out=inv)
            np.divide(m[None, :], inv, out=inv)
            fx[a : a + _BLOCK] = np.einsum("ij,ij->i", dx, inv)
            fy[a : a + _BLOCK] = np.einsum("ij,ij->i", dy, inv)
        fx *= m
        fy *= m
        dx = x[ei] - x[ej]
        dy = y[ei] - y[ej]
        dist = np.sqrt(dx * dx + dy * dy)
        np.add.at(fx, ei, -dx * dist)
        np.add.at(fx, ej, dx * dist)
        np.add.at(fy, ei, -dy * dist)
        np.add.at(fy, ej, dy * dist)
        fx -= x * 0.02 * m  # a little gravity keeps loose leaves near their component
        fy -= y * 0.02 * m
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-9)
        step = np.minimum(length, temp) / length
        x += fx * step
        y += fy * step
        temp *= cool
    return {name: (float(a), float(b)) for name, a, b in zip(names, x, y, strict=True)}


def _core_and_trees(g: nx.Graph, comp: set[str]) -> Pos:
    """A big component: forces on its 2-core (trees pruned), then each pruned tree hung
    radially around the core node it hangs from."""
    h = g.subgraph(comp)
    core = set(nx.k_core(h, 2)) if len(comp) > 2 else set()
    if not core or len(core) > FORCE_LIMIT:
        root = min(comp, key=lambda n: (-g.degree(n), _child_key(g, n)))
        return _radial_tree(h, root)
    hanging: dict[str, set[str]] = {}
    for u in sorted(core):
        tree = {u}
        queue = deque(v for v in h.neighbors(u) if v not in core)
        while queue:
            v = queue.popleft()
            if v not in tree:
                tree.add(v)
                queue.extend(w for w in h.neighbors(v) if w not in core and w not in tree)
        if len(tree) > 1:
            hanging[u] = tree
    mass = {u: 1.0 + 0.35 * len(t) for u, t in hanging.items()}
    c = g.subgraph(core)
    root = min(core, key=lambda n: (-c.degree(n), _child_key(g, n)))
    pos = _forces(c, _radial_tree(c, root), mass)
    for u, tree in hanging.items():
        ux, uy = pos[u]
        for v, (vx, vy) in _radial_tree(g.subgraph(tree), u).items():
            if v != u:
                pos[v] = (ux + vx * 0.7, uy + vy * 0.7)
    return pos


def _pack(laid: list[Pos]) -> Pos:
    """Place laid-out components in rows, left to right, top to bottom."""
    boxes = []
    for pos in laid:
        xs = [x for x, _ in pos.values()]
        ys = [y for _, y in pos.values()]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    area = sum((b[1] - b[0] + 1.5) * (b[3] - b[2] + 1.5) for b in boxes)
    row_width = max(boxes[0][1] - boxes[0][0] + 1.5, math.sqrt(area) * 1.3)
    out: Pos = {}
    x = y = row_height = 0.0
    for pos, (x0, x1, y0, y1) in zip(laid, boxes, strict=True):
        w, h = x1 - x0 + 1.5, y1 - y0 + 1.5
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for node, (px, py) in pos.items():
            out[node] = (x + px - x0, y - (y1 - py))
        x += w
        row_height = max(row_height, h)
    return out
