"""Ranking a need's candidates: a limit gives the head of the full ranking; words cut as jieba does."""

from __future__ import annotations

import random

import jieba
import pytest

from gongjian.graph.store import Candidate, NeedContext, Node
from gongjian.queries.match import LINK_KINDS, Match, rank
from gongjian.queries.text import _STOP, words

TITLES = ["助残康复服务", "老年人健康义诊", "法律咨询进社区", "楼道杂物清理", "志愿服务队", "助残康复服务"]
DESCRIPTIONS = [
    "定期上门，为残疾人提供康复训练。",
    "每月义诊一次。",
    "",
    "希望集中清理整治。",
    "常态化开展公益活动",
]


def context(seed: int) -> NeedContext:
    """A need with many candidates, many of them alike: the same parts, texts and scores."""
    rng = random.Random(seed)
    need = Node(
        "Need", "N-1", {"title": "残疾人康复", "description": "希望提供康复训练", "category": "disability"}
    )
    ctx = NeedContext(need, [])
    for _ in range(120):
        rid, uid = f"R-{rng.randrange(60):02d}", f"U-{rng.randrange(8)}"
        props = {
            "title": rng.choice(TITLES),
            "description": rng.choice(DESCRIPTIONS),
            "category": rng.choice(["disability", "disability", "health", "elderly", "legal", None]),
            "status": rng.choice(["available", "idle", "available", "full", None]),
            "capacity": rng.choice([1, 2, 3, None]),
        }
        resource = next((c.resource for c in ctx.candidates if c.resource.id == rid), None)
        resource = resource or Node("Resource", rid, props)
        kind = rng.choice(list(LINK_KINDS))
        path = [("Need", "N-1"), ("Unit", uid), ("Resource", rid)]
        ctx.candidates.append(Candidate(kind, path, Node("Unit", uid, {}), resource))
        ctx.done[uid] = rng.randrange(4)
        ctx.active[rid] = rng.randrange(2)
        twin = f"{rid}-twin"  # the same resource again: the same score, ranked by id
        ctx.candidates.append(
            Candidate(kind, path, Node("Unit", uid, {}), Node("Resource", twin, resource.props))
        )
        ctx.active.setdefault(twin, ctx.active[rid])
    return ctx


def answer(matches: list[Match]) -> list[tuple]:
    return [(m.candidate.resource.id, m.candidate.kind, m.score, m.parts, m.other_links) for m in matches]


def coarse(a: str, b: str) -> float:
    """A text similarity of few values, so that resources with other parts tie on the score."""
    return (len(a) * 7 + len(b) * 3) % 5 / 4


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("similarity", ["jieba", "coarse"])
def test_a_limit_gives_the_head_of_the_full_ranking(
    seed: int, similarity: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if similarity == "coarse":
        monkeypatch.setattr("gongjian.queries.match.similarity", coarse)
    full = answer(rank(context(seed)))
    assert len({(s, r) for r, _, s, _, _ in full}) == len(full) > 10
    assert len({s for _, _, s, _, _ in full}) < len(full)  # ties, broken by resource id
    for limit in range(len(full) + 2):
        assert answer(rank(context(seed), limit)) == full[:limit]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "助残康复服务 定期上门，为残疾人提供康复训练。",
        "法律咨询\r\n社区 居民",
        "x\r\ny AB\r\nCD",
        "ABC公司2024年-3.5%活动&#+乙方",
        "，。！、",
        "\t社区服务\u3000居民议事厅",
        "党建😀联建 Ⅻ 全角ＡＢＣ１２３",
    ],
)
def test_words_are_jiebas_words(text: str) -> None:
    """Cut block by block and cached, a text's words are still those of jieba's cut of the whole."""
    whole = " ".join(sorted({w for w in jieba.lcut(text) if len(w) > 1 and w not in _STOP}))
    assert words(text) == whole
