"""Hand a dataset's tables to the store as they pass their checks (``Store.writing``).

A store may then write a table while the next one is checked (Neo4j: the server's work
overlaps the client's). The parts written one after the other must give what the whole
ChangeSet gives, so a part goes only while that holds; otherwise staging stops (what was
handed over is rolled back) and the whole is written at the end, as it always was:

- a node given again by a later table: the whole keeps the later table's patch alone, a
  later part would be merged into the earlier one;
- a clear that could remove a relationship of an earlier part: the whole runs its clears
  before any relationship.

What :func:`needs.complete_needs` adds at the end goes as one last part: the needs' completed
properties as patches (it only sets properties, in place: the staged needs are copies),
its events and their relationships.
"""

from __future__ import annotations

from collections.abc import Callable

from gongjian.graph.store import ChangeSet, Rel, Writing
from gongjian.ingest.needs import COMPLETED


class Staging:
    """The parts of one dataset on their way to a :class:`Writing` (None: no staging)."""

    def __init__(self, writing: Writing | None) -> None:
        self.writing = writing
        self._copies: dict[str, dict[str, dict]] = {}  # label in COMPLETED → key → patch as staged
        self._by_type: dict[str, list[Rel]] | None = None  # staged rels by type, once a clear asks

    @property
    def on(self) -> bool:
        return self.writing is not None

    def stop(self) -> None:
        """Nothing staged is kept; the whole is written at the end (or nothing is)."""
        if self.writing is not None:
            self.writing.cancel()
            self.writing = None

    def add(self, done: ChangeSet, part: ChangeSet) -> None:
        """Hand over ``part``, the changes of the table after those in ``done``, if it may go."""
        if self.writing is None or not (part.size() or part.clears):
            return
        if any(not done.nodes.get(label, {}).keys().isdisjoint(p) for label, p in part.nodes.items()):
            self.stop()
            return
        for label in COMPLETED:
            patches = part.nodes.get(label)
            if patches:
                copies = {k: dict(p) for k, p in patches.items()}
                self._copies.setdefault(label, {}).update(copies)
                part = ChangeSet({**part.nodes, label: copies}, part.clears, part.rels)
        self._hand(done, part)

    def complete(self, changes: ChangeSet, complete: Callable[[ChangeSet], None]) -> None:
        """Run ``complete`` (``complete_needs``) on ``changes``, and hand over what it added."""
        if self.writing is None:
            complete(changes)
            return
        before = {label: dict(patches) for label, patches in changes.nodes.items()}
        n_clears, n_rels = len(changes.clears), len(changes.rels)
        complete(changes)
        rest = ChangeSet(clears=changes.clears[n_clears:], rels=changes.rels[n_rels:])
        for label, patches in changes.nodes.items():
            staged, copies = before.get(label, {}), self._copies.get(label, {})
            for key, patch in patches.items():
                old = staged.get(key)
                if old is None:
                    rest.nodes.setdefault(label, {})[key] = patch
                    continue
                sent = copies.get(key, old)  # what was handed over (changed in place: the copy)
                if sent is patch or sent == patch:
                    continue  # an event made again is the same event
                if not sent.keys() <= patch.keys():  # a property left out: a merge-patch would keep it
                    self.stop()
                    return
                rest.nodes.setdefault(label, {})[key] = {
                    k: v for k, v in patch.items() if k not in sent or sent[k] != v
                }
        if rest.size() or rest.clears:
            self._hand(ChangeSet(before, changes.clears[:n_clears], changes.rels[:n_rels]), rest)

    def _hand(self, done: ChangeSet, part: ChangeSet) -> None:
        """Hand ``part`` over unless one of its clears could remove a relationship of ``done``."""
        assert self.writing is not None
        if part.clears:
            if self._by_type is None:
                self._by_type = {}
                for r in done.rels:
                    self._by_type.setdefault(r.type, []).append(r)
            for clear in part.clears:
                refs = set(clear.refs)
                at_src = clear.end == "src"
                if any((r.src if at_src else r.dst) in refs for r in self._by_type.get(clear.type, ())):
                    self.stop()
                    return
        if self._by_type is not None:
            for r in part.rels:
                self._by_type.setdefault(r.type, []).append(r)
        self.writing.add(part)
