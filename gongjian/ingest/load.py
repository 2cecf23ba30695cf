"""Ingest: read → check each row → resolve references → one change set → the store.

References resolve against the dataset first, then the store. A row that
references a rejected row is rejected too, with the reason pointing at it. By
default a dataset with any rejected row writes nothing; ``skip_invalid`` writes
the rest; ``dry_run`` writes nothing and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongjian.graph.store import ChangeSet, NodeRef, Rel, RelClear, Store, Writing
from gongjian.ingest.classify import classify
from gongjian.ingest.limits import checkpoint
from gongjian.ingest.needs import complete_needs
from gongjian.ingest.parse import Record, parse_sheet
from gongjian.ingest.read import Problem, Sheet, read_dataset
from gongjian.ingest.stage import Staging
from gongjian.model import (
    AREA_LEVEL,
    LEVEL_RANK,
    LOAD_ORDER,
    NEED_STATUS,
    NODE_TYPES,
    TOP_LEVELS,
    Column,
    Table,
    zh_series,
)
from gongjian.privacy import mask_text
from gongjian.queries.common import today
from gongjian.rules.loop import done_when_rated

Phase = Callable[[str, int], Callable[[int], None]]
"""``phase(description, total)`` starts a progress phase and returns its ``advance(n)``."""


def _no_phase(desc: str, total: int) -> Callable[[int], None]:
    return lambda n: None


@dataclass
class IngestReport:
    accepted: dict[str, int] = field(default_factory=dict)
    rejected: list[Problem] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    ignored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "written": self.written,
            "dry_run": self.dry_run,
            "accepted": self.accepted,
            "rejected": [p.as_dict() for p in self.rejected],
            "ignored": self.ignored,
        }


@dataclass
class _Resolver:
    """What ids exist (dataset first, then store) and which were rejected, per label."""

    store: Store
    dataset: dict[str, dict[str, dict]] = field(default_factory=dict)
    stored: dict[str, dict[str, dict | None]] = field(default_factory=dict)
    rejected: dict[NodeRef, Problem] = field(default_factory=dict)
    sheets: dict[str, list[tuple[str, list[Record]]]] = field(default_factory=dict)  # label → (file, records)
    _by_name: dict[tuple[str, str], list[str]] | None = None  # (label, name) → ids in the store, once asked
    _events: dict[str, list[dict]] | None = None  # need → the dataset's events, once asked

    def prefetch(self, label: str, ids: set[str]) -> None:
        """Look up in the store, in one batch, the ids the dataset does not hold."""
        cache = self.stored.setdefault(label, {})
        ours = self.dataset.get(label, {})
        missing = [i for i in ids if i not in ours and i not in cache]
        if missing:
            found = self.store.get_nodes(label, missing)
            for i in missing:
                cache[i] = found.get(i)

    def origin(self, label: str, id_: str) -> tuple[str, int] | None:
        """The file and row of a dataset node (looked for only when a row is refused for it)."""
        for file, records in self.sheets.get(label, ()):
            row = next((r.row for r in records if r.key == id_), None)
            if row is not None:
                return file, row
        return None

    def events_of(self, need_id: str) -> list[dict]:
        """A need's events (流转记录), the dataset's and the store's."""
        if self._events is None:
            self._events = {}
            for e in self.dataset.get("Event", {}).values():
                self._events.setdefault(e.get("need"), []).append(e)
        stored = self.store.neighbours("Need", need_id, ("CONCERNS",), "in")
        return self._events.get(need_id, []) + [n.props for _, n in stored if n.label == "Event"]

    def props(self, label: str, id_: str) -> dict | None:
        p = self.dataset.get(label, {}).get(id_)
        if p is not None:
            return p
        return self.stored.get(label, {}).get(id_)

    def resolve(self, id_: str, labels: tuple[str, ...], what: str) -> tuple[NodeRef | None, str | None]:
        """The node an id stands for among ``labels``, or why it cannot be resolved."""
        if len(labels) == 1:  # the common case: one kind of node may be meant
            label = labels[0]
            if id_ in self.dataset.get(label, ()) or self.stored.get(label, {}).get(id_) is not None:
                return (label, id_), None
            hits = []
        else:
            hits = [lab for lab in labels if self.props(lab, id_) is not None]
        if len(hits) == 1:
            return (hits[0], id_), None
        if len(hits) > 1:
            names = "、".join(NODE_TYPES[h].zh for h in hits)
            return None, f"编码 {id_} 同时是{names}，无法判断指哪一个"
        for lab in labels:
            p = self.rejected.get((lab, id_))
            if p is not None:
                return None, f"引用的{NODE_TYPES[lab].zh} {id_} 在 {p.file} 第{p.row}行被拒绝"
        return None, f"{what} {id_} 不存在（本数据集和库中都没有）" + self.suggest(id_, labels)

    def suggest(self, text: str, labels: tuple[str, ...]) -> str:
        """When a reference gives a name where a code belongs: the codes of nodes of that name."""
        if self._by_name is None:
            self._by_name = {}
            for label, id_, name in self.store.names():
                self._by_name.setdefault((label, name), []).append(id_)
        found: list[tuple[str, str]] = []
        for lab in labels:
            ours = [
                i for i, p in self.dataset.get(lab, {}).items() if text in (p.get("name"), p.get("title"))
            ]
            for id_ in dict.fromkeys([*ours, *self._by_name.get((lab, text), [])]):
                found.append((lab, id_))
        if not found:
            return ""
        if len(found) == 1:
            return f"；{text} 是{NODE_TYPES[found[0][0]].zh}名称，应填其编码 {found[0][1]}"
        codes = "、".join(i for _, i in found[:5])
        return f"；{text} 是名称，应填编码（同名的有 {codes}）"


def _masked(p: Problem) -> Problem:
    """A rejected row as reported: ID-card and phone numbers masked, as everywhere else."""
    value, reason = mask_text(p.value), mask_text(p.reason)
    if value == p.value and reason == p.reason:
        return p
    return Problem(p.file, p.row, p.column, value, reason)


def _typed_labels(table: Table, col: Column) -> dict[str, tuple[str, ...]]:
    """For a reference whose row says what kind of node it is (``typed_by``): type → labels."""
    enum = table.column(col.typed_by).enum
    assert enum is not None
    return {code: (label,) for code, label in enum.labels.items()}


def _level(resolver: _Resolver, code: str) -> str | None:
    p = resolver.props("Area", code)
    return p.get("level") if p else None


def _check_levels(columns: list[Column], rec: Record, resolver: _Resolver) -> tuple[str, str, str] | None:
    """The rules of ``columns`` (``Column.levels``) on the levels of the areas a record names."""
    for col in columns:
        rule = col.levels
        assert rule is not None
        code = rec.props.get(col.name)
        if rule.above:
            own = rec.props[rule.above]
            if code is None:
                if own not in TOP_LEVELS:
                    return col.zh, "", f"{AREA_LEVEL.zh(own)}必须填写{col.zh}"
                continue
            if code == rec.key:
                return col.zh, code, f"{col.zh}不能是自己"
            level = _level(resolver, code)
            if level and LEVEL_RANK[level] >= LEVEL_RANK[own]:
                return (
                    col.zh,
                    code,
                    f"上级 {code} 是{AREA_LEVEL.zh(level)}，不高于本级（{AREA_LEVEL.zh(own)}）",
                )
            continue
        level = _level(resolver, code) if code is not None else None
        if level and level not in rule.allowed:
            allowed = zh_series([c.zh for c in AREA_LEVEL.choices if c.code in rule.allowed], "或")
            return col.zh, code, f"{rule.rule}{allowed}，{code} 是{AREA_LEVEL.zh(level)}"
    return None


def _check_done(columns: list[Column], rec: Record, resolver: _Resolver) -> tuple[str, str, str] | None:
    """The rules of ``columns`` (``Column.done_by``): the need a verdict names was done by its date."""
    for col in columns:
        rule = col.done_by
        assert rule is not None
        need_id = rec.props.get(col.name)
        need = resolver.props(col.refs[0], need_id) if need_id else None
        if need is None:
            continue
        done_on, day = need.get(rule.done_on), rec.props.get(rule.date)
        if need.get("status") != rule.status and not done_on:
            return (
                col.zh,
                need_id,
                f"需求 {need_id} 尚未办结（{NEED_STATUS.zh(need.get('status') or 'open')}），不能评价",
            )
        if done_on and day and day < done_on and not done_when_rated(day, resolver.events_of(need_id)):
            return (
                col.zh,
                need_id,
                f"评价日期 {day} 早于需求 {need_id} 的办结日期 {done_on}，流转记录中也没有此前的办结",
            )
    return None


def _other_kinds(
    table: Table, file: str, records: list[Record], resolver: _Resolver
) -> tuple[list[Record], list[Problem]]:
    """Refuse records whose id is already another kind of node's, in the dataset or the store:
    ``/api/nodes/{id}`` and untyped references would answer one of them."""
    label = table.label
    key_col = table.key_column
    if not label or key_col is None or not records:
        return records, []
    keys = [r.key for r in records]
    found = resolver.store.labels_of(keys)
    ours = {lab: ids for lab, ids in resolver.dataset.items() if lab != label}
    mine = set(keys)
    if all(labs == [label] for labs in found.values()) and all(mine.isdisjoint(ids) for ids in ours.values()):
        return records, []  # the common case, found in one pass over the sets
    kept: list[Record] = []
    problems: list[Problem] = []
    for r in records:
        where = ""
        other = next((lab for lab in found.get(r.key, ()) if lab != label), None)
        if other is not None:
            where = "库中已有"
        else:
            other = next((lab for lab, ids in ours.items() if r.key in ids), None)
            if other is not None:
                origin = resolver.origin(other, r.key)
                where = f"见 {origin[0]} 第{origin[1]}行" if origin else "本数据集中已有"
        if other is None:
            kept.append(r)
            continue
        why = f"编码 {r.key} 已是{NODE_TYPES[other].zh}的编码（{where}），{table.zh}请用另一个编码"
        problem = Problem(file, r.row, key_col.zh, r.key, why)
        problems.append(problem)
        resolver.rejected[(label, r.key)] = problem
    return kept, problems


def _resolve_table(
    table: Table, sheet_file: str, records: list[Record], resolver: _Resolver
) -> tuple[list[tuple[Record, dict[str, list[NodeRef]]]], list[Problem]]:
    """Resolve every reference of a table's records; self-references settle to a fixpoint."""
    label = table.label
    ref_cols = [c for c in table.columns if c.kind in ("ref", "refs")]
    if label:
        resolver.dataset.setdefault(label, {}).update({r.key: r.props for r in records})
        resolver.sheets.setdefault(label, []).append((sheet_file, records))
    typed = {c.name: _typed_labels(table, c) for c in ref_cols if c.typed_by}
    wanted: dict[str, set[str]] = {}
    for c in ref_cols:
        if c.typed_by:
            kinds = typed[c.name]
            for r in records:
                for lab in kinds[r.props[c.typed_by]]:
                    wanted.setdefault(lab, set()).update(r.refs.get(c.name, ()))
            continue
        ids = {id_ for r in records for id_ in r.refs.get(c.name, ())}
        for lab in c.refs:
            wanted.setdefault(lab, set()).update(ids)
    for lab, ids in wanted.items():
        resolver.prefetch(lab, ids)

    problems: list[Problem] = []
    pending = records
    # Per reference column: name, header, the row's type column and its labels if it has one,
    # and when one label is always meant, that label's ids in the dataset and in the store
    # (the same dicts the resolver keeps; prefetched).
    specs = []
    for c in ref_cols:
        fixed = len(c.refs) == 1 and not c.typed_by
        ours = resolver.dataset.get(c.refs[0], {}) if fixed else {}
        theirs = resolver.stored.get(c.refs[0], {}) if fixed else {}
        specs.append(
            (c, c.name, c.zh, c.typed_by, typed.get(c.name), c.refs[0] if fixed else None, ours, theirs)
        )
    levelled = [c for c in table.columns if c.levels]
    verdicts = [c for c in table.columns if c.done_by]
    while True:
        kept: list[tuple[Record, dict[str, list[NodeRef]]]] = []
        dropped = False
        for r in pending:
            resolved: dict[str, list[NodeRef]] = {}
            bad: Problem | None = None
            for c, name, zh, typed_by, kinds, only, ours, theirs in specs:
                ids = r.refs.get(name, ())
                if only is not None:  # the common case: one kind meant, and every id found
                    for id_ in ids:
                        if id_ not in ours and theirs.get(id_) is None:
                            break
                    else:
                        continue  # nothing to keep: the refs are (only, id) for each id
                refs = []
                for id_ in ids:
                    labels = kinds[r.props[typed_by]] if kinds else c.refs
                    ref, why = resolver.resolve(id_, labels, zh)
                    if why:
                        bad = Problem(sheet_file, r.row, zh, id_, why)
                        break
                    refs.append(ref)
                if bad:
                    break
                resolved[name] = refs
            if bad is None and levelled:
                level_problem = _check_levels(levelled, r, resolver)
                if level_problem:
                    bad = Problem(sheet_file, r.row, *level_problem)
            if bad is None and verdicts:
                done_problem = _check_done(verdicts, r, resolver)
                if done_problem:
                    bad = Problem(sheet_file, r.row, *done_problem)
            if bad is not None:
                problems.append(bad)
                dropped = True
                if label:
                    resolver.dataset[label].pop(r.key, None)
                    resolver.rejected[(label, r.key)] = bad
                continue
            kept.append((r, resolved))
        if not (dropped and label and any(label in c.refs for c in ref_cols)):
            return kept, problems
        pending = [r for r, _ in kept]  # a row whose parent was just rejected goes next round


def _fill_defaults(table: Table, sheet: Sheet, records: list[Record], existing: set[str]) -> None:
    """New records get defaults for columns the file lacks; categories are inferred from text."""
    absent = [c for c in table.columns if c.name not in sheet.columns and c.default_value is not None]
    has_category = any(c.kind == "category" for c in table.columns)
    for r in records:
        new = r.key not in existing
        if new:
            for c in absent:
                r.props[c.name] = c.default_value
            for k in [k for k, v in r.props.items() if v is None]:
                del r.props[k]  # an empty cell of a new record: nothing to store or clear
        if has_category and (new or "category" in sheet.columns):
            if r.props.get("category"):
                r.props["category_inferred"] = False
            else:
                r.props["category"] = classify(r.props.get("title"), r.props.get("description"))
                r.props["category_inferred"] = True


def _targets(col: Column, rec: Record, resolved: dict[str, list[NodeRef]]) -> list[NodeRef]:
    """The nodes a record's reference cell resolved to. ``_resolve_table`` keeps them only where
    it had to choose; a column that means one kind of node, found, means ``(kind, id)``."""
    refs = resolved.get(col.name)
    if refs is not None:
        return refs
    return [(col.refs[0], id_) for id_ in rec.refs.get(col.name, ())]


def _changes_for(
    table: Table,
    sheet: Sheet,
    accepted: list[tuple[Record, dict[str, list[NodeRef]]]],
    existing: set[str],
    changes: ChangeSet,
) -> None:
    if table.label:
        label = table.label
        nodes = changes.nodes.setdefault(label, {})
        for r, _ in accepted:
            nodes[r.key] = r.props
        rel_cols = [c for c in table.columns if c.rel and c.name in sheet.columns]
        # only records already in the store can hold relationships to replace
        old = [(label, r.key) for r, _ in accepted if r.key in existing]
        for c in rel_cols:
            rel = c.rel
            assert rel is not None
            shared = sum(1 for o in table.columns if o.rel and o.rel.type == rel.type) > 1
            if old:
                changes.clears.append(
                    RelClear(
                        rel.type,
                        "src" if rel.direction == "out" else "dst",
                        old,
                        other_labels=c.refs if shared else (),
                        where=rel.props,
                    )
                )
            props = dict(rel.props)  # shared by this column's relationships: nobody changes a Rel's props
            add = changes.rels.append
            out = rel.direction == "out"
            for r, resolved in accepted:
                me = (label, r.key)
                for target in _targets(c, r, resolved):
                    add(Rel(rel.type, me, target, props) if out else Rel(rel.type, target, me, props))
    else:
        assert table.link
        skip = {table.link_src, table.link_dst, *(c.typed_by for c in table.columns if c.typed_by)}
        src, dst = table.column(table.link_src), table.column(table.link_dst)
        for r, resolved in accepted:
            props = {k: v for k, v in r.props.items() if k not in skip}
            changes.rels.append(
                Rel(
                    table.link,
                    _targets(src, r, resolved)[0],
                    _targets(dst, r, resolved)[0],
                    props,
                )
            )


def ingest(
    path: str | Path,
    store: Store,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    phase: Phase = _no_phase,
) -> IngestReport:
    """Check a dataset and, unless told otherwise or anything is rejected, write it in one
    transaction (which the store may begin while the later tables are still being checked)."""
    with store.writing() as writing:
        report, changes = prepare(
            path,
            store,
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            phase=phase,
            writing=None if dry_run else writing,
        )
        if changes is None:
            return report
        checkpoint()  # the last moment to stop: the write itself is one transaction, whole or not at all
        if changes.size():
            (writing or store).apply(changes, phase("写入", changes.size()))
    report.written = True
    return report


def prepare(
    path: str | Path,
    store: Store,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    phase: Phase = _no_phase,
    writing: Writing | None = None,
) -> tuple[IngestReport, ChangeSet | None]:
    """Read and check a dataset against ``store``; the report and the changes to write (None: nothing
    is to be written, on a dry run or when a row is rejected and ``skip_invalid`` is not given).
    Each table's changes go to ``writing`` as soon as they are known, while that is exact
    (:mod:`.stage`) and until a row is rejected without ``skip_invalid``."""
    dataset = read_dataset(path)
    report = IngestReport(dry_run=dry_run, ignored=dataset.ignored)
    report.rejected.extend(dataset.problems)
    staging = Staging(writing)
    sheets = {s.table.name: s for s in dataset.sheets}
    resolver = _Resolver(store)
    changes = ChangeSet()
    total = sum(len(s.rows) for s in dataset.sheets)
    advance = phase("校验", total)
    for name in LOAD_ORDER:
        sheet = sheets.get(name)
        if sheet is None:
            continue
        table = sheet.table
        checkpoint()
        records, problems, rejected_keys = parse_sheet(sheet)
        report.rejected.extend(problems)
        if table.label:
            resolver.rejected.update({(table.label, k): p for k, p in rejected_keys.items()})
        records, problems = _other_kinds(table, sheet.file, records, resolver)
        report.rejected.extend(problems)
        accepted, problems = _resolve_table(table, sheet.file, records, resolver)
        report.rejected.extend(problems)
        existing: set[str] = set()
        if table.label:
            existing = set(store.get_nodes(table.label, [r.key for r, _ in accepted]))
            _fill_defaults(table, sheet, [r for r, _ in accepted], existing)
        checkpoint()
        part = ChangeSet()
        _changes_for(table, sheet, accepted, existing, part)
        if report.rejected and not skip_invalid:
            staging.stop()  # nothing will be written
        staging.add(changes, part)
        _merge(changes, part)
        report.accepted[name] = len(accepted)
        advance(len(sheet.rows))
    order = {s.file: LOAD_ORDER.index(s.table.name) for s in dataset.sheets}
    report.rejected.sort(key=lambda p: (order.get(p.file, -1), p.file, p.row))
    report.rejected = [_masked(p) for p in report.rejected]
    if dry_run or (report.rejected and not skip_invalid):
        staging.stop()
        return report, None
    staging.complete(changes, lambda c: complete_needs(c, store, today()))
    return report, changes


def _merge(changes: ChangeSet, part: ChangeSet) -> None:
    """Add a table's changes to the dataset's (a node given again keeps the later patch)."""
    for label, patches in part.nodes.items():
        changes.nodes.setdefault(label, {}).update(patches)
    changes.clears += part.clears
    changes.rels += part.rels
