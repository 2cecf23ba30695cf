"""Words for text similarity: cut as jieba cuts the whole text, and cut once per text."""

from __future__ import annotations

import jieba
import pytest

from gongjian.graph.store import Store
from gongjian.queries.match import _text, warm_up
from gongjian.queries.text import _STOP, words


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


def test_a_server_cuts_every_resource_text_before_its_first_match(store: Store) -> None:
    words.cache_clear()
    _, resources = store.find_nodes("Resource")
    assert warm_up(store) == len(resources) > 0
    hits = words.cache_info().hits
    for r in resources:
        words(_text(r.props))
    assert words.cache_info().hits == hits + len(resources)  # nothing left to cut
