"""Searching practice articles: Chinese full text, ranked, filtered by mechanism and by area.

The index is SQLite FTS5 (BM25 ranking) over the articles' characters, each a token;
a query is cut into words by jieba, and each word is found as the phrase of its characters,
so 银行 finds 时间银行 and a word is found whatever jieba would make of the sentence around
it; BM25 counts each word, not each character, as one term. It is
built in memory from the store's Document nodes and their MENTIONS, once per store revision,
so both stores, holding the same documents, rank them the same.

A query that names a mechanism (时间银行, or 积分超市 for 积分) ranks first the documents that
say most about it: how often they use any of its words (:func:`mechanism_counts`), then
BM25 of the query's words; a query of mechanism words only also finds the articles that use
the mechanism's other words (积分超市 finds 积分制), ranked among equals by how densely they
use them (per thousand characters). The score is that count plus the BM25 (or density)
part squeezed below 1, so it orders as the results do.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

import jieba

from gongjian.documents.figures import loads
from gongjian.graph.store import NodeRef, Store, outdated
from gongjian.model import display_name
from gongjian.queries.common import ref_json, resolve
from gongjian.rules.mentions import MENTIONABLE, Mechanism, mechanism_counts, mechanisms
from gongjian.rules.mentions import mechanism as find_mechanism

#: Weight of the title against the body in BM25.
TITLE_WEIGHT = 3.0
#: Characters of a snippet.
SNIPPET = 120
#: A changed store rebuilds the index at most this often (seconds), as the name search does.
REBUILD_EVERY = 2.0


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(60)  # no "Building prefix dict" lines on stderr
    tok = jieba.Tokenizer()
    for m in mechanisms():
        for w in m.words:
            if re.fullmatch(r"\w+", w):
                tok.add_word(w, freq=20000)
    return tok


_WORD = re.compile(r"\w", re.UNICODE)
_TOKENS = re.compile(r"[^\W_]")


def index_text(text: str) -> str:
    """A text as the index reads it: lower case, each character a token (a Chinese word, or a
    Latin one, is then found as the phrase of its characters, wherever it stands, however
    jieba would have cut the sentence around it). One ``str.join``: a province's articles
    index in seconds."""
    return " ".join(text.lower())


def index_terms(text: str) -> list[str]:
    """The tokens :func:`index_text` makes of a text."""
    return _TOKENS.findall(index_text(text))


def query_terms(text: str) -> list[str]:
    """The words of a query, as jieba cuts it (its accurate mode; the mechanisms' words kept
    whole), lower case, without punctuation, each once."""
    return list(dict.fromkeys(t.lower() for t in _tokenizer().cut(text) if _WORD.search(t) and t.strip()))


# ------------------------------------------------------------------ the index


@dataclass
class Entry:
    """What a result shows of a document, besides its rank."""

    id: str
    title: str
    source: str
    date: str | None
    passages: list[str]
    mechanisms: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    """How often it uses each mechanism's words."""
    chars: int = 0
    mentions: list[tuple[NodeRef, int]] = field(default_factory=list)
    """The nodes it mentions and how often, most first."""
    areas: frozenset[str] = frozenset()
    """The areas it mentions, and those its mentioned units and platforms sit in."""
    figures: list[dict[str, Any]] = field(default_factory=list)
    """The figures it reports (:mod:`gongjian.documents.figures`)."""


class Index:
    """The documents of one store at one revision, in an FTS5 table."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.revision: int | None = None
        self.built = 0.0
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')"
        )
        self.rowid: dict[str, int] = {}
        self.by_row: dict[int, str] = {}
        self.entries: dict[str, Entry] = {}
        self.names: dict[NodeRef, str] = {}

    def refresh(self, store: Store) -> None:
        """Bring the index to the store's documents: new ones indexed, gone ones dropped."""
        _, nodes = store.find_nodes("Document")
        rels = store.relationships("MENTIONS")
        wanted = {n.id for n in nodes}
        for gone in set(self.rowid) - wanted:
            self.db.execute("DELETE FROM docs WHERE rowid = ?", (self.rowid[gone],))
            del self.by_row[self.rowid.pop(gone)]
        entries: dict[str, Entry] = {}
        for n in nodes:
            p = n.props
            passages = [str(x) for x in p.get("passages") or []]
            entries[n.id] = Entry(
                n.id,
                str(p.get("title") or n.id),
                str(p.get("source") or ""),
                p.get("date"),
                passages,
                list(p.get("mechanisms") or []),
                mechanism_counts("\n".join(passages)),
                chars=sum(len(x) for x in passages),
                figures=loads(p.get("figures")),
            )
            if n.id not in self.rowid:
                cur = self.db.execute(
                    "INSERT INTO docs(title, body) VALUES (?, ?)",
                    (index_text(entries[n.id].title), index_text("\n".join(passages))),
                )
                self.rowid[n.id] = cur.lastrowid or 0
                self.by_row[self.rowid[n.id]] = n.id
        self.db.commit()
        mentioned: dict[str, set[str]] = {}
        for r in rels:
            if r.src[1] in entries:
                entries[r.src[1]].mentions.append((r.dst, int(r.props.get("count") or 1)))
                mentioned.setdefault(r.dst[0], set()).add(r.dst[1])
        props = {label: store.get_nodes(label, sorted(ids)) for label, ids in mentioned.items()}
        self.names = {
            (label, i): display_name(label, p) for label, got in props.items() for i, p in got.items()
        }
        order = {label: i for i, label in enumerate(MENTIONABLE)}
        for e in entries.values():
            e.mentions.sort(key=lambda m: (-m[1], order.get(m[0][0], 9), m[0][1]))
            e.areas = frozenset(
                ref[1] if ref[0] == "Area" else str(props.get(ref[0], {}).get(ref[1], {}).get("area") or "")
                for ref, _ in e.mentions
            ) - {""}
        self.entries = entries

    def rank(self, match: str) -> dict[str, float]:
        """BM25 scores (higher is better) of the documents an FTS5 query matches."""
        rows = self.db.execute(
            "SELECT rowid, bm25(docs, ?, 1.0) FROM docs WHERE docs MATCH ?", (TITLE_WEIGHT, match)
        ).fetchall()
        return {self.by_row[r]: -s for r, s in rows}


_INDEXES: weakref.WeakKeyDictionary[Store, Index] = weakref.WeakKeyDictionary()
_GUARD = threading.Lock()


def index(store: Store) -> Index:
    """The store's index, refreshed when the store has changed (:func:`outdated`; at most
    every REBUILD_EVERY s)."""
    with _GUARD:
        idx = _INDEXES.get(store)
        if idx is None:
            idx = _INDEXES[store] = Index()
    with idx.lock:
        if outdated(store, idx.revision, idx.built, REBUILD_EVERY):
            revision = getattr(store, "revision", 0)
            idx.refresh(store)
            idx.revision, idx.built = revision, time.monotonic()
    return idx


def forget(store: Store) -> None:
    """Drop a store's index (a store closed, or a test that needs the next read to rebuild)."""
    with _GUARD:
        _INDEXES.pop(store, None)


# ------------------------------------------------------------------ queries


def _phrase(word: str) -> str:
    """A word as an FTS5 query: the phrase of its tokens."""
    return '"' + " ".join(index_terms(word)) + '"'


def named_mechanisms(q: str, terms: list[str]) -> list[Mechanism]:
    """The mechanisms a query names: by its whole text or by one of its words."""
    return list(
        dict.fromkeys(m for m in (find_mechanism(q), *(find_mechanism(t) for t in terms)) if m is not None)
    )


def _expansion(named: list[Mechanism], terms: list[str]) -> list[str]:
    """The other words of the mechanisms a query names."""
    out: list[str] = []
    for m in named:
        for w in m.words:
            for t in query_terms(w):
                if t not in terms and t not in out:
                    out.append(t)
    return out


def _mechanism_code(word: str | None) -> str | None:
    if not word:
        return None
    m = find_mechanism(word)
    if m is None:
        raise ValueError(f"未知的机制“{word}”；可选：" + "、".join(f"{x.zh} {x.code}" for x in mechanisms()))
    return m.code


def search(
    store: Store, q: str, *, mechanism: str | None = None, area: str | None = None, limit: int = 20
) -> dict[str, Any]:
    """Documents for a query, best first: ``{"query", "total", "results": [{id, title, source,
    date, score, snippet, marks, mentions, mechanisms}]}``.

    ``mechanism``: only documents describing it (a code or any of its words); ``area``: only
    documents that mention it or a place below it (or a unit or platform there). An empty
    query lists the documents the filters leave, newest first. Raises ValueError for an
    unknown mechanism, NotFound for an unknown area.
    """
    code = _mechanism_code(mechanism)
    codes = set(store.subtree(resolve(store, area, ("Area",)).id)) if area else None
    idx = index(store)
    q = q.strip()
    terms = [t for t in query_terms(q) if index_terms(t)]
    named = named_mechanisms(q, terms) if terms else []
    expanded = _expansion(named, terms)
    if terms:
        scores = idx.rank(" AND ".join(_phrase(t) for t in terms))
        if named and (find_mechanism(q) is not None or all(find_mechanism(t) is not None for t in terms)):
            # a query of mechanism words only also finds the articles that use their other words
            for doc, e in idx.entries.items():
                if doc not in scores and any(e.counts.get(m.code) for m in named):
                    scores[doc] = 0.0
        for doc, s in scores.items():
            e = idx.entries.get(doc)
            said = sum(e.counts.get(m.code, 0) for m in named) if e else 0
            if not s and said and e:  # found by the mechanism's other words: how densely it uses them
                s = 1000.0 * said / max(e.chars, 1)
            scores[doc] = said + s / (1.0 + s)
    else:
        scores = dict.fromkeys(idx.entries, 0.0)
    hits = [
        idx.entries[d]
        for d in scores
        if d in idx.entries
        and (code is None or code in idx.entries[d].mechanisms)
        and (codes is None or idx.entries[d].areas & codes)
    ]
    if terms:
        hits.sort(key=lambda e: (-round(scores[e.id], 9), e.id))
    else:
        hits.sort(key=lambda e: (e.date or "", e.id), reverse=True)
    words = terms + expanded
    return {
        "query": q,
        "total": len(hits),
        "results": [_result(idx, e, round(scores[e.id], 4), words) for e in hits[:limit]],
    }


def about(store: Store, node_id: str, *, limit: int = 100) -> dict[str, Any]:
    """The documents that mention an area, platform or unit, most mentions first, same shape
    as :func:`search`. Raises NotFound for an unknown node."""
    node = resolve(store, node_id, MENTIONABLE)
    idx = index(store)
    counts = {e.id: n for e in idx.entries.values() for ref, n in e.mentions if ref == node.ref}
    hits = sorted(counts, key=lambda d: (-counts[d], d))
    name = display_name(node.label, node.props)
    return {
        "node": ref_json(node),
        "total": len(hits),
        "results": [_result(idx, idx.entries[d], float(counts[d]), [name]) for d in hits[:limit]],
    }


def show(store: Store, doc_id: str) -> dict[str, Any]:
    """A document whole: its properties, its passages, what it mentions and its mechanisms."""
    node = resolve(store, doc_id, ("Document",))
    idx = index(store)
    entry = idx.entries.get(node.id)
    mentions = entry.mentions if entry else []
    return {
        "id": node.id,
        "title": node.props.get("title"),
        "source": node.props.get("source"),
        "sources": node.props.get("sources") or [],
        "format": node.props.get("format"),
        "date": node.props.get("date"),
        "passages": node.props.get("passages") or [],
        "mentions": [_mention(idx, ref, n) for ref, n in mentions],
        "mechanisms": _mechanisms(node.props.get("mechanisms") or []),
    }


def _mention(idx: Index, ref: NodeRef, n: int) -> dict[str, Any]:
    return {"id": ref[1], "label": ref[0], "name": idx.names.get(ref, ref[1]), "count": n}


def _mechanisms(codes: list[str]) -> list[dict[str, str]]:
    zh = {m.code: m.zh for m in mechanisms()}
    return [{"code": c, "name": zh.get(c, c)} for c in codes]


def _result(idx: Index, e: Entry, score: float, words: list[str]) -> dict[str, Any]:
    snippet, marks = make_snippet(e.passages, words)
    return {
        "id": e.id,
        "title": e.title,
        "source": e.source,
        "date": e.date,
        "score": score,
        "snippet": snippet,
        "marks": marks,
        "mentions": [_mention(idx, ref, n) for ref, n in e.mentions],
        "mechanisms": _mechanisms(e.mechanisms),
    }


def make_snippet(passages: list[str], words: list[str]) -> tuple[str, list[list[int]]]:
    """The passage that holds most of ``words`` (then most often; without any, the first one of
    20 characters or more after the title), cut to :data:`SNIPPET` characters around its first
    word, and where each word stands in it: ``[[start, end], …]``."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    # without words: the first passage long enough to say something (not the title's lead-in)
    best = next((p for p in passages[1:] if len(p) >= 20), passages[0] if passages else "")
    best_key = (0, 0)
    if pattern is not None:
        for p in passages:
            found = [m.group(0).lower() for m in pattern.finditer(p)]
            key = (len(set(found)), len(found))
            if key > best_key:
                best, best_key = p, key
    text = best
    if len(text) > SNIPPET:
        first = pattern.search(text) if pattern is not None and best_key[0] else None
        start = max(0, min((first.start() if first else 0) - SNIPPET // 4, len(text) - SNIPPET))
        text = (
            ("…" if start else "")
            + text[start : start + SNIPPET]
            + ("…" if start + SNIPPET < len(best) else "")
        )
    marks = [[m.start(), m.end()] for m in pattern.finditer(text)] if pattern is not None else []
    return text, marks
