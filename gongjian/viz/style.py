"""How each node label and relationship type looks, in every format, from the model.

One table of colours and shapes drives the interactive page, the pictures and the
Gephi file, so a legend means the same thing everywhere. Chinese names come from
``model.NODE_TYPES`` and ``model.REL_TYPES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongjian.model import CATEGORY, NODE_TYPES, PROP_ENUMS, REL_TYPES, TABLES


@dataclass(frozen=True)
class LabelStyle:
    """The look of one node label: fill colour, vis-network shape, matplotlib marker, size."""

    zh: str
    color: str
    shape: str  # vis-network shape with the label below the symbol
    marker: str  # matplotlib marker of the same outline
    size: int  # vis-network size in px; pictures scale from it


#: Per model label. Colours are a colour-blind-friendly palette (Tableau 10).
LABEL_STYLES: dict[str, LabelStyle] = {
    "Area": LabelStyle(NODE_TYPES["Area"].zh, "#4e79a7", "square", "s", 18),
    "Unit": LabelStyle(NODE_TYPES["Unit"].zh, "#f28e2b", "dot", "o", 14),
    "PartyOrg": LabelStyle(NODE_TYPES["PartyOrg"].zh, "#e15759", "triangle", "^", 15),
    "Platform": LabelStyle(NODE_TYPES["Platform"].zh, "#b07aa1", "hexagon", "h", 24),
    "Person": LabelStyle(NODE_TYPES["Person"].zh, "#76b7b2", "dot", "o", 10),
    "Agreement": LabelStyle(NODE_TYPES["Agreement"].zh, "#edc948", "diamond", "D", 13),
    "Need": LabelStyle(NODE_TYPES["Need"].zh, "#ff9da7", "star", "*", 16),
    "Resource": LabelStyle(NODE_TYPES["Resource"].zh, "#59a14f", "triangleDown", "v", 15),
    "Project": LabelStyle(NODE_TYPES["Project"].zh, "#9c755f", "square", "s", 13),
    "Event": LabelStyle(NODE_TYPES["Event"].zh, "#d4a6c8", "dot", "o", 8),
    "Evaluation": LabelStyle(NODE_TYPES["Evaluation"].zh, "#bab0ac", "dot", "o", 8),
    "Document": LabelStyle(NODE_TYPES["Document"].zh, "#79706e", "square", "s", 12),
}
#: For a label the model does not know (should not happen; drawn, not refused).
OTHER_STYLE = LabelStyle("其他", "#bab0ac", "dot", "o", 12)

#: Former members, expired agreements …: grey and dashed.
DIMMED_FILL = "#d9d9d9"
DIMMED_BORDER = "#9e9e9e"
DIMMED_TEXT = "#8c8c8c"
DIMMED_ZH = "已退出/已失效（灰色虚线）"

#: The lead organisation of a platform (牵头单位): a thick ring of this colour around its symbol.
LEAD_COLOR = "#d4a017"
LEAD_ZH = "牵头单位（金色粗框）"

EDGE_COLOR = "#8a8a8a"
#: A need-resource match drawn by the matcher, not a stored relationship.
MATCH_TYPE = "MATCH"
MATCH_COLOR = "#d62728"
MATCH_ZH = "匹配"
#: A step of a match's linkage path (the need's area up to the unit), drawn by the matcher.
PATH_TYPE = "PATH"
PATH_ZH = "联结"


#: Chinese column names of node properties, from the ledger tables: (label, prop) → 单位类型.
PROP_ZH: dict[tuple[str, str], str] = {
    (t.label, c.name): c.zh for t in TABLES.values() if t.label for c in t.columns
}


def label_style(label: str) -> LabelStyle:
    """The style of a model label, or a neutral one for an unknown label."""
    return LABEL_STYLES.get(label, OTHER_STYLE)


def label_zh(label: str) -> str:
    """The Chinese name of a model label (``Unit`` → ``驻区单位``)."""
    return label_style(label).zh


def rel_zh(rel_type: str) -> str:
    """The Chinese name of a relationship type (``MEMBER_OF`` → ``成员``)."""
    if rel_type == MATCH_TYPE:
        return MATCH_ZH
    if rel_type == PATH_TYPE:
        return PATH_ZH
    rel = REL_TYPES.get(rel_type)
    return rel.zh if rel else rel_type


@dataclass(frozen=True)
class LegendRow:
    """One legend entry: Chinese text and the symbol drawn beside it."""

    zh: str
    color: str
    shape: str
    marker: str
    dashed: bool = False


def legend(labels: list[str] | set[str], *, dimmed: bool = False) -> list[LegendRow]:
    """Legend rows for the labels present, in model order; with ``dimmed`` a row for grey dashed symbols."""
    present = set(labels)
    styles = [s for lab, s in LABEL_STYLES.items() if lab in present]
    if present - set(LABEL_STYLES):
        styles.append(OTHER_STYLE)
    rows = [LegendRow(s.zh, s.color, s.shape, s.marker) for s in styles]
    if dimmed:
        rows.append(LegendRow(DIMMED_ZH, DIMMED_FILL, "dot", "o", dashed=True))
    return rows


def enum_words(label: str, props: dict) -> dict[str, str]:
    """Chinese words of the enum and category properties a node has: ``{"type": "机关"}``."""
    out = {}
    for (lab, prop), enum in PROP_ENUMS.items():
        if lab == label and isinstance(props.get(prop), str) and props[prop]:
            out[prop] = enum.zh(props[prop])
    category = props.get("category")
    if isinstance(category, str) and category:
        out["category"] = CATEGORY.zh(category)
    categories = props.get("categories")
    if isinstance(categories, list | tuple) and categories:
        out["categories"] = "、".join(CATEGORY.zh(str(c)) for c in categories)
    return out


def enum_lines(label: str, props: dict) -> list[str]:
    """Tooltip lines for a node's enum properties: ``单位类型：机关``."""
    return [f"{PROP_ZH.get((label, p), p)}：{w}" for p, w in enum_words(label, props).items()]


def hex_rgb(color: str) -> tuple[int, int, int]:
    """``#4e79a7`` → ``(78, 121, 167)``."""
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
