#!/usr/bin/env python3
"""Benchmark of practice articles on the embedded store: ingest N generated articles, then search.

    .venv/bin/python bench/documents.py --store kunming.db --docs 10000

Articles are made from the seed articles' passages (tests/data/seeds), shuffled, with names of
the store's areas and units written in, each a few thousand characters. The store should hold
a dataset (``gongjian ingest demo/kunming``); the articles are written into a copy of it.
Prints JSON: ingest seconds, the first search's seconds (the index build) and search latency
percentiles in milliseconds over a query per mechanism and some names.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--store", required=True, help="an embedded store holding a dataset (copied, not changed)"
    )
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    from gongjian.documents.ingest import ingest
    from gongjian.documents.search import search
    from gongjian.graph.embedded import EmbeddedStore
    from gongjian.rules.mentions import mechanisms

    rnd = random.Random(args.seed)
    passages = [
        line.strip()
        for f in sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 20
    ]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        shutil.copy(args.store, db)
        store = EmbeddedStore(db)
        names = [n for label, _, n in store.names() if label in ("Area", "Unit", "Platform")]
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(args.docs):
            body = [f"{rnd.choice(names)}：{rnd.choice(passages)[:30]}（{i}）"]
            for _ in range(rnd.randint(4, 10)):
                body.append(rnd.choice(names) + rnd.choice(passages))
            (folder / f"{i:05d}.txt").write_text("\n".join(body), encoding="utf-8")
        t = time.perf_counter()
        report = ingest(store, [folder])
        ingest_s = time.perf_counter() - t
        t = time.perf_counter()
        search(store, "大党委")
        first_s = time.perf_counter() - t
        queries = (
            [m.zh for m in mechanisms()] + [rnd.choice(names) for _ in range(20)] + ["志愿服务 党员", "社区"]
        )
        times = []
        for _ in range(5):
            for q in queries:
                t = time.perf_counter()
                search(store, q)
                times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(
            json.dumps(
                {
                    "docs": report["accepted"],
                    "rejected": len(report["rejected"]),
                    "ingest_s": round(ingest_s, 2),
                    "first_search_s": round(first_s, 2),
                    "search_ms": {
                        "median": round(statistics.median(times), 2),
                        "p99": round(times[int(len(times) * 0.99) - 1], 2),
                        "max": round(times[-1], 2),
                    },
                }
            )
        )
        store.close()


if __name__ == "__main__":
    main()
