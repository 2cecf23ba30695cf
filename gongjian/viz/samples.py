"""Made-up diagrams for demos, docs, tests and benchmarks (no real people or units)."""

from __future__ import annotations

import random

from gongjian.viz.diagram import Diagram


def committee() -> Diagram:
    """A community big party committee with members, one former member, a need, a match."""
    nodes: list[dict] = [
        {"id": "Platform:P1", "label": "Platform", "name": "佴家湾社区大党委", "kind": "big_committee"},
        {"id": "Area:530102001001", "label": "Area", "name": "佴家湾社区", "level": "community"},
        {
            "id": "PartyOrg:O1",
            "label": "PartyOrg",
            "name": "佴家湾社区党委",
            "kind": "committee",
            "lead": True,
        },
    ]
    links: list[dict] = [
        {"source": "Platform:P1", "target": "Area:530102001001", "type": "AT"},
        {"source": "PartyOrg:O1", "target": "Platform:P1", "type": "LEADS", "label": "牵头"},
    ]
    units = [
        ("昆明市第一人民医院", "institution"),
        ("五华区人民检察院", "agency"),
        ("云南电网昆明供电局", "soe"),
        ("华山小学", "institution"),
        ("恒大物业服务有限公司", "property"),
        ("昆明市公安局五华分局", "agency"),
        ("云南日报社", "institution"),
        ("中国邮政五华区分公司", "soe"),
    ]
    for i, (name, kind) in enumerate(units):
        former = i == len(units) - 1
        nodes.append({"id": f"Unit:U{i}", "label": "Unit", "name": name, "type": kind, "dimmed": former})
        links.append(
            {
                "source": f"Unit:U{i}",
                "target": "Platform:P1",
                "type": "MEMBER_OF",
                "label": "兼职委员" if i < 4 else "成员单位",
                "dimmed": former,
            }
        )
    nodes += [
        {"id": "Person:1", "label": "Person", "name": "张*明", "role": "在职党员"},
        {"id": "Agreement:A1", "label": "Agreement", "name": "医社共建协议", "categories": ["health"]},
        {"id": "Need:N1", "label": "Need", "name": "老年人健康体检", "category": "health", "status": "open"},
        {"id": "Resource:R1", "label": "Resource", "name": "免费义诊", "category": "health"},
        {"id": "Project:J1", "label": "Project", "name": "健康进社区", "status": "in_progress"},
    ]
    links += [
        {"source": "Person:1", "target": "Unit:U0", "type": "WORKS_AT"},
        {"source": "Unit:U0", "target": "Agreement:A1", "type": "SIGNED", "label": "协议"},
        {"source": "PartyOrg:O1", "target": "Agreement:A1", "type": "SIGNED", "label": "协议"},
        {"source": "Need:N1", "target": "Area:530102001001", "type": "RAISED_IN"},
        {"source": "Unit:U0", "target": "Resource:R1", "type": "OFFERS"},
        {"source": "Need:N1", "target": "Resource:R1", "type": "MATCH", "label": "大党委"},
        {"source": "Project:J1", "target": "Need:N1", "type": "ADDRESSES"},
        {"source": "Project:J1", "target": "Resource:R1", "type": "USES"},
    ]
    return Diagram("佴家湾社区大党委", nodes, links, note="灰色虚线为已退出成员")


def street(communities: int = 15, units_each: int = 18, seed: int = 1) -> Diagram:
    """A street with its alliance, communities, their big committees and resident units."""
    rnd = random.Random(seed)
    nodes: list[dict] = [
        {"id": "Area:S", "label": "Area", "name": "华山街道", "level": "street"},
        {"id": "Platform:ALL", "label": "Platform", "name": "华山街道党建联盟", "kind": "alliance"},
    ]
    links: list[dict] = [{"source": "Platform:ALL", "target": "Area:S", "type": "AT"}]
    k = 0
    for c in range(communities):
        area, platform = f"Area:C{c}", f"Platform:P{c}"
        nodes.append({"id": area, "label": "Area", "name": f"第{c + 1}社区", "level": "community"})
        nodes.append({"id": platform, "label": "Platform", "name": f"第{c + 1}社区大党委"})
        links.append({"source": area, "target": "Area:S", "type": "PART_OF"})
        links.append({"source": platform, "target": area, "type": "AT"})
        for _ in range(units_each):
            k += 1
            unit = f"Unit:{k}"
            nodes.append({"id": unit, "label": "Unit", "name": f"驻区单位{k}号", "type": "private"})
            links.append({"source": unit, "target": area, "type": "LOCATED_IN"})
            if rnd.random() < 0.6:
                former = rnd.random() < 0.1
                links.append(
                    {
                        "source": unit,
                        "target": platform,
                        "type": "MEMBER_OF",
                        "label": "兼职委员",
                        "dimmed": former,
                    }
                )
            if rnd.random() < 0.1:
                links.append({"source": unit, "target": "Platform:ALL", "type": "MEMBER_OF", "label": "联盟"})
    return Diagram("华山街道共建网络", nodes, links)
