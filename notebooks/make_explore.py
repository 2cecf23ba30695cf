"""Writes notebooks/explore.ipynb from the cells below (run after editing them).

The notebook is kept as code here so that a diff shows what changed; the test
suite executes the .ipynb itself.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    new_markdown_cell(
        "# 共建图谱 · 规划员探索笔记\n\n"
        "打开一个库，看统计、大党委、短板、一个需求的匹配与联结路径、一个街道的派单方案。\n"
        "库由环境变量 `GONGJIAN_STORE` 指定；未指定时生成一套 tiny 演示台账并导入临时库。"
    ),
    new_code_cell(
        "import os, tempfile, pathlib\n"
        "from gongjian.graph.store import open_store\n"
        "from gongjian.ingest.load import ingest\n"
        "from gongjian.generate import generate\n"
        "\n"
        "uri = os.environ.get('GONGJIAN_STORE')\n"
        "if not uri:\n"
        "    tmp = pathlib.Path(tempfile.mkdtemp())\n"
        "    generate('tiny', 1, tmp / 'ledger')\n"
        "    uri = str(tmp / 'gongjian.db')\n"
        "    assert ingest(tmp / 'ledger', open_store(uri)).ok\n"
        "store = open_store(uri)\n"
        "store.uri"
    ),
    new_markdown_cell("## 统计"),
    new_code_cell("counts = store.counts()\ncounts['nodes']"),
    new_markdown_cell("## 佴家湾社区大党委"),
    new_code_cell(
        "from IPython.display import Image, display\n"
        "from gongjian.queries.explore import search\n"
        "from gongjian.queries.committee import committee\n"
        "from gongjian.viz import views\n"
        "from gongjian.viz.diagram import render\n"
        "\n"
        "community = search(store, 'ejw', labels=('Area',))[0]\n"
        "c = committee(store, community['id'])\n"
        "print(c['platform']['name'], '成员', len(c['members']), '已退出', len(c['former_members']))\n"
        "display(Image(render(views.build('committee', store, community['id']), 'png')))"
    ),
    new_markdown_cell("## 短板"),
    new_code_cell(
        "from gongjian.queries.gaps import gaps\n"
        "g = gaps(store)\n"
        "{k: len(v) for k, v in g.items() if isinstance(v, list)}"
    ),
    new_markdown_cell("## 一个需求的匹配与联结路径"),
    new_code_cell(
        "from gongjian.queries.match import match_need\n"
        "_, needs = store.find_nodes('Need', {'status': 'open'})\n"
        "result = next(r for r in (match_need(store, n.id) for n in needs) if r['matches'])\n"
        "best = result['matches'][0]\n"
        "print(result['need']['title'], '→', best['resource']['title'], best['score'])\n"
        "print(' → '.join(p['name'] for p in best['link']['path']))"
    ),
    new_markdown_cell("## 一个街道的派单方案（只预览，不派单）"),
    new_code_cell(
        "from gongjian.queries.allocate import allocate\n"
        "street = next(a for a in store.find_nodes('Area', {'level': 'street'})[1])\n"
        "plan = allocate(store, street.id)\n"
        "print(plan['area']['name'], '待认领', plan['open_needs'], '可派', plan['assigned'], '总分', plan['total_score'])\n"
        "assert plan['applied'] is False"
    ),
]


def main() -> None:
    nb = new_notebook(
        cells=CELLS,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(nb, Path(__file__).with_name("explore.ipynb"))


if __name__ == "__main__":
    main()
