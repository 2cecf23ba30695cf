"""Which nodes a diagram shows: committee, alliance, neighbourhood, matches, area overview.

Each view asks the queries layer and returns a :class:`~gongjian.viz.diagram.Diagram`;
personal data is masked here (unless the caller may see it) before anything is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from gongjian.graph.store import NEO4J_SCHEMES, Node, NotFound, Store
from gongjian.model import PROP_ENUMS, STREET_LEVELS, display_name
from gongjian.privacy import mask_name
from gongjian.queries.committee import committee as committee_query
from gongjian.queries.committee import platform_for
from gongjian.queries.common import resolve, today
from gongjian.queries.explore import neighbourhood as neighbourhood_query
from gongjian.queries.explore import where
from gongjian.queries.match import match_need
from gongjian.rules.linkage import COMMITTEE_KINDS, LINK_KINDS, STREET_PLATFORM_KINDS
from gongjian.viz.diagram import Diagram
from gongjian.viz.style import PATH_TYPE

VIEWS = ("committee", "alliance", "neighbourhood", "matches", "area")
SHOWN_PROPS = ("kind", "level", "type", "status", "category", "capacity")
MAX_NODES = 3000


def _key(label: str, id_: str) -> str:
    return f"{label}:{id_}"


class _Builder:
    def __init__(self, title: str, unmask: bool) -> None:
        self.diagram = Diagram(title)
        self.unmask = unmask
        self.seen: set[str] = set()
        self.linked: set[tuple[str, str, str]] = set()

    def node(
        self, label: str, id_: str, props: dict | None = None, name: str | None = None, **extra: Any
    ) -> str:
        key = _key(label, id_)
        if key in self.seen:
            return key
        self.seen.add(key)
        props = props or {}
        shown = name if name is not None else display_name(label, props) if props else id_
        if label == "Person" and not self.unmask:
            shown = mask_name(shown)
        entry: dict[str, Any] = {"id": key, "label": label, "name": shown or id_, "key": id_}
        for p in SHOWN_PROPS:
            value = props.get(p)
            if value is not None:
                enum = PROP_ENUMS.get((label, p))
                entry[p] = enum.zh(value) if enum and isinstance(value, str) else value
        entry.update(extra)
        self.diagram.nodes.append(entry)
        return key

    def link(self, source: str, target: str, type_: str, label: str = "", dimmed: bool = False) -> None:
        if (source, target, type_) in self.linked:
            return
        self.linked.add((source, target, type_))
        entry: dict[str, Any] = {"source": source, "target": target, "type": type_}
        if label:
            entry["label"] = label
        if dimmed:
            entry["dimmed"] = True
        self.diagram.links.append(entry)


def committee(store: Store, id: str, *, unmask: bool = False) -> Diagram:
    """A platform, its lead org, its members (party orgs with their units), former members dimmed."""
    c = committee_query(store, id)
    b = _Builder(c["platform"]["name"], unmask)
    centre = b.node("Platform", c["platform"]["id"], c["platform"])
    if c["area"]:
        b.link(centre, b.node("Area", c["area"]["id"], c["area"]), "AT", "覆盖")
    if c["lead"]:
        b.link(b.node("PartyOrg", c["lead"]["id"], c["lead"], lead=True), centre, "LEADS", "牵头")
    for group, dimmed in ((c["members"], False), (c["former_members"], True)):
        for m in group:
            key = b.node(
                m["label"],
                m["id"],
                name=m["name"],
                dimmed=dimmed,
                group="已退出" if dimmed else m.get("role") or "",
            )
            b.link(key, centre, "MEMBER_OF", m.get("role") or ("已退出" if dimmed else ""), dimmed)
            if m.get("unit"):
                b.link(
                    key,
                    b.node("Unit", m["unit"]["id"], name=m["unit"]["name"], dimmed=dimmed),
                    "BUILT_IN",
                    "",
                    dimmed,
                )
    former = len(c["former_members"])
    b.diagram.note = f"现有成员 {len(c['members'])} 个" + (f"，已退出 {former} 个（灰色）" if former else "")
    return b.diagram


def alliance(store: Store, id: str, *, unmask: bool = False) -> Diagram:
    """A street's alliance (or big working committee) with its members and its communities' committees."""
    platform = platform_for(store, id)
    if platform.props.get("kind") not in STREET_PLATFORM_KINDS:
        street = platform.props.get("area")
        node = store.get_node("Area", street) if street else None
        if node is None or node.props.get("level") not in STREET_LEVELS:
            raise NotFound("街道党建联盟", id)
        platform = platform_for(store, street)
    diagram = committee(store, platform.id, unmask=unmask)
    b = _Builder(diagram.title, unmask)
    b.diagram, b.seen = diagram, {n["id"] for n in diagram.nodes}
    street = platform.props.get("area")
    if street:
        street_key = _key("Area", street)
        communities = [n for _, n in store.neighbours("Area", street, ("PART_OF",), "in")]
        for comm in communities:
            ckey = b.node("Area", comm.id, comm.props)
            b.link(ckey, street_key, "PART_OF", "")
            for _, p in store.neighbours("Area", comm.id, ("AT",), "in"):
                if p.props.get("kind") in COMMITTEE_KINDS:
                    pkey = b.node("Platform", p.id, p.props)
                    b.link(pkey, ckey, "AT", "")
                    members = store.neighbours("Platform", p.id, ("MEMBER_OF",), "in")
                    for _, m in members:
                        if _key(m.label, m.id) in b.seen:  # a member of both: the bridge the alliance makes
                            b.link(_key(m.label, m.id), pkey, "MEMBER_OF", "")
        b.diagram.note += f"；下辖社区/村 {len(communities)} 个及其大党委"
    return b.diagram


def neighbourhood(
    store: Store, id: str, *, depth: int = 1, limit: int = MAX_NODES, unmask: bool = False
) -> Diagram:
    hood = neighbourhood_query(store, id, depth=depth, limit=limit)
    centre = hood["centre"]["name"]
    if hood["centre"]["label"] == "Person" and not unmask:
        centre = mask_name(centre)
    b = _Builder(f"{centre} 的关系（{depth} 层）", unmask)
    for n in hood["nodes"]:
        b.node(n["label"], n["id"], n)
    for link in hood["links"]:
        b.link(link["source"], link["target"], link["type"], link.get("role") or "", _is_former(link))
    if hood["truncated"]:
        b.diagram.note = f"节点过多，只显示前 {limit} 个"
    return b.diagram


def _is_former(link: dict) -> bool:
    return link.get("type") == "MEMBER_OF" and bool(link.get("until")) and link["until"] < today()


def matches(store: Store, need_id: str, *, limit: int = 10, unmask: bool = False) -> Diagram:
    """A need and its matched resources, each through its linkage path; edges say the link kind."""
    result = match_need(store, need_id, limit=limit)
    need = result["need"]
    b = _Builder(f"需求匹配：{need['name']}", unmask)
    nkey = b.node("Need", need["id"], need)
    for m in result["matches"]:
        path = m["link"]["path"]
        keys = [b.node(p["label"], p["id"], name=p["name"]) for p in path]
        for a, z in zip(keys, keys[1:], strict=False):
            b.link(a, z, PATH_TYPE, "")
        rkey = _key("Resource", m["resource"]["id"])
        b.link(nkey, rkey, "MATCH", f"{LINK_KINDS[m['link']['kind']][1]} {m['score']:.2f}")
    b.diagram.note = (
        f"匹配资源 {len(result['matches'])} 个" if result["matches"] else "没有有联结且适配的资源"
    )
    return b.diagram


def area(store: Store, code: str, *, unmask: bool = False) -> Diagram:
    """An area, the areas below it (two levels) and the platforms that sit on them."""
    root = resolve(store, code, ("Area",))
    b = _Builder(f"{root.props.get('name', root.id)} 概览", unmask)
    rkey = b.node("Area", root.id, root.props)
    frontier: list[Node] = [root]
    for _ in range(2):
        nxt = []
        for a in frontier:
            akey = _key("Area", a.id)
            for _, p in store.neighbours("Area", a.id, ("AT",), "in"):
                b.link(b.node("Platform", p.id, p.props), akey, "AT", "")
            for _, child in store.neighbours("Area", a.id, ("PART_OF",), "in"):
                if child.props.get("level") in ("grid", "block"):
                    continue
                b.link(b.node("Area", child.id, child.props), akey, "PART_OF", "")
                nxt.append(child)
                if len(b.seen) >= MAX_NODES:
                    b.diagram.note = f"节点过多，只显示前 {MAX_NODES} 个"
                    return b.diagram
        frontier = nxt
    for a in frontier:
        for _, p in store.neighbours("Area", a.id, ("AT",), "in"):
            b.link(b.node("Platform", p.id, p.props), _key("Area", a.id), "AT", "")
    del rkey
    return b.diagram


BUILDERS: dict[str, Callable[..., Diagram]] = {
    "committee": committee,
    "alliance": alliance,
    "neighbourhood": neighbourhood,
    "matches": matches,
    "area": area,
}


def build(view: str, store: Store, id: str, *, unmask: bool = False, **options: Any) -> Diagram:
    """The diagram of a view (one of :data:`VIEWS`) for a node id, with its footer's facts:
    the area of its subject (the first node), the store it came from, and today."""
    if view not in BUILDERS:
        raise ValueError(f"未知视图 {view}；可选 {', '.join(VIEWS)}")
    diagram = BUILDERS[view](store, id, unmask=unmask, **options)
    if diagram.nodes:
        subject = diagram.nodes[0]
        ref = (subject["label"], str(subject.get("key") or ""))
        place = where(store, [ref]).get(ref, "")
        diagram.area = f"{place} {subject['name']}".strip() if ref[0] == "Area" else place
    diagram.source = source_name(store)
    diagram.made = today()
    return diagram


def source_name(store: Store) -> str:
    """The store as a footer names it: an embedded store's file name, or "Neo4j" (a server's
    address is not for pictures that leave the office)."""
    uri = str(getattr(store, "uri", "") or "")
    if uri.startswith(NEO4J_SCHEMES):
        return "Neo4j"
    return PurePath(uri).name if uri else ""
