"""``gongjian docs ingest``: files of practice articles → Document nodes and their MENTIONS.

Each article becomes one Document keyed by its text (the same text from a .txt and its .docx
is one document, with both file names in ``sources``), so ingesting a file again changes
nothing. Its MENTIONS are replaced as a whole each time, so a document ingested again after
the ledgers grew links to what it names now. A file that cannot be read is reported by name
with the reason; the others go in, in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gongjian.documents.figures import dumps, extract
from gongjian.documents.link import gazetteer, mentions
from gongjian.documents.read import Article, Unreadable, files, read
from gongjian.graph.store import ChangeSet, Rel, RelClear, Store
from gongjian.rules.mentions import mechanism_counts


def document_id(article: Article) -> str:
    """A document's key: its text's, so the same text is the same document."""
    return "DOC-" + hashlib.sha1(article.text.encode("utf-8")).hexdigest()[:16]


def ingest(store: Store, paths: Iterable[Path | str], *, dry_run: bool = False) -> dict[str, Any]:
    """Read, link and write the articles under ``paths``.

    Returns ``{"ok", "accepted", "documents": [{id, title, source, mentions, mechanisms, figures}],
    "rejected": [{file, reason}]}``; ``ok`` is False when a file was rejected (the others are
    written all the same). ``dry_run`` writes nothing.
    """
    articles: dict[str, Article] = {}
    sources: dict[str, list[str]] = {}
    rejected: list[dict[str, str]] = []
    for f in files(Path(p) for p in paths):
        try:
            article = read(f)
        except Unreadable as e:
            rejected.append({"file": str(f), "reason": str(e)})
            continue
        doc_id = document_id(article)
        articles.setdefault(doc_id, article)
        sources.setdefault(doc_id, []).append(article.source)
    documents = _write(store, articles, sources, dry_run=dry_run)
    return {"ok": not rejected, "accepted": len(documents), "documents": documents, "rejected": rejected}


def relink(store: Store, *, dry_run: bool = False) -> dict[str, Any]:
    """Link every stored document again, from its stored text, to what the store holds now:
    its mentions, mechanisms and figures (``gongjian docs relink``: after the ledgers grew, or
    for documents ingested before figures were). Same answer as :func:`ingest`."""
    _, nodes = store.find_nodes("Document")
    articles = {
        n.id: Article(
            str(n.props.get("source") or ""),
            str(n.props.get("format") or ""),
            str(n.props.get("title") or ""),
            n.props.get("date"),
            tuple(str(p) for p in n.props.get("passages") or ()),
        )
        for n in nodes
    }
    documents = _write(store, articles, {i: [] for i in articles}, dry_run=dry_run)
    return {"ok": True, "accepted": len(documents), "documents": documents, "rejected": []}


def _write(
    store: Store, articles: dict[str, Article], sources: dict[str, list[str]], *, dry_run: bool
) -> list[dict[str, Any]]:
    """Link the articles and write them (unless ``dry_run``) in one change set; what was written."""
    gaz = gazetteer(store) if articles else None
    before = store.get_nodes("Document", list(articles))
    changes = ChangeSet()
    documents = []
    for doc_id, article in articles.items():
        old = before.get(doc_id, {})
        found = mentions(article.text, gaz) if gaz else {}
        mechs = mechanism_counts(article.text)
        figures = extract(article.title, article.passages, gaz, found)
        changes.nodes.setdefault("Document", {})[doc_id] = {
            "title": article.title,
            "source": old.get("source") or article.source,
            "sources": sorted({*(old.get("sources") or ()), *sources[doc_id]}),
            "format": old.get("format") or article.format,
            "date": article.date,
            "passages": list(article.passages),
            "mechanisms": list(mechs),
            "chars": len(article.text),
            "figures": dumps(figures),
        }
        changes.rels.extend(
            Rel("MENTIONS", ("Document", doc_id), ref, {"count": n}) for ref, n in found.items()
        )
        documents.append(
            {
                "id": doc_id,
                "title": article.title,
                "source": article.source,
                "mentions": len(found),
                "mechanisms": list(mechs),
                "figures": len(figures),
            }
        )
    if articles:
        changes.clears.append(RelClear("MENTIONS", "src", [("Document", i) for i in articles]))
        if not dry_run:
            store.apply(changes)
    return documents
