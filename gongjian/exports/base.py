"""What every list export shares: columns taken from the model, the exporter base, masking.

A column's header is the ledger column's Chinese name (:class:`gongjian.model.Column`'s
``zh``), an enumeration's code shows as its Chinese word (``Enum.zh``), and a column the
model marks as personal data is masked. Columns no ledger has (a match's score, a
member's state) are declared once, in :mod:`gongjian.exports.lists`, with :class:`Col`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from gongjian.graph.store import Store
from gongjian.model import CATEGORY, PERSONAL_PROPS, TABLES, Column, Enum, Personal, Table
from gongjian.privacy import MASKS, mask_json, personal_kind

FORMATS = ("csv", "xlsx")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: More rows than this is not a list anyone reads: narrow the filters.
MAX_ROWS = 200_000

Row = dict[str, Any]
Show = Callable[[Any], Any]


class ExportError(ValueError):
    """A list cannot be made as asked: ``field`` (a query parameter, or ``what`` / ``format``
    of the path) names what is wrong; the message says why, in Chinese."""

    def __init__(self, message: str, field: str | None = None, value: Any = None, where: str = "query"):
        super().__init__(message)
        self.field = field
        self.value = value
        self.where = where

    @property
    def loc(self) -> tuple[str, ...]:
        return (self.where, self.field) if self.field else (self.where,)


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What a list is of; each list takes some of these (:attr:`ListExporter.params`)."""

    id: str | None = None
    need: str | None = None
    area: str | None = None
    unit: str | None = None
    status: str | None = None
    category: str | None = None
    urgency: str | None = None
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class Export:
    """A list as a file: ``title`` names it for people (Chinese), ``stem`` for old clients (ASCII)."""

    title: str
    stem: str
    fmt: str
    body: bytes

    @property
    def filename(self) -> str:
        return f"{self.title}.{self.fmt}"

    @property
    def fallback(self) -> str:
        return f"{self.stem}.{self.fmt}"

    @property
    def media_type(self) -> str:
        return MEDIA[self.fmt]


# ------------------------------------------------------------------ columns


@dataclass(frozen=True, slots=True)
class Col:
    """One column of a list: the row's key, the Chinese header, how a value shows, and
    whether it holds personal data (masked for all but admin)."""

    key: str
    header: str
    show: Show | None = None
    personal: Personal | None = None


def _enum_word(enum: Enum) -> Show:
    return lambda code: enum.zh(code) if isinstance(code, str) else code


def _category_words(codes: Any) -> Any:
    return [CATEGORY.zh(c) for c in codes] if isinstance(codes, list) else codes


def _shows(column: Column) -> Show | None:
    if column.enum is not None:
        return _enum_word(column.enum)
    if column.kind == "category":
        return _enum_word(CATEGORY)
    if column.kind == "categories":
        return _category_words
    return None


def ledger(table: str, column: str, key: str | None = None) -> Col:
    """A ledger column as the model declares it, read from the row's ``key`` (default: its
    property name). A reference column holds the name of the node it refers to."""
    c = TABLES[table].column(column)
    return Col(key or c.name, c.zh, _shows(c), c.personal)


def code_of(table: str, column: str, key: str) -> Col:
    """The code of the node a reference column refers to, headed as that node's own ledger
    names its key (所在区划 → 区划代码, 提供单位 → 单位编码)."""
    target = _table_of(TABLES[table].column(column).refs[0])
    assert target.key_column is not None
    return Col(key, target.key_column.zh)


def _table_of(label: str) -> Table:
    return next(t for t in TABLES.values() if t.label == label)


# ------------------------------------------------------------------ exporter


class ListExporter:
    """One list. A subclass names it, declares its columns and finds its rows."""

    name: ClassVar[str]
    """As the URL and the CLI say it: ``needs``."""
    zh: ClassVar[str]
    """Its Chinese name: the sheet's name and part of the file's."""
    params: ClassVar[tuple[str, ...]]
    """The :class:`ListQuery` fields it takes; the first is what ``gongjian export LIST ID`` gives."""
    columns: ClassVar[tuple[Col, ...]]

    def rows(self, store: Store, q: ListQuery) -> tuple[str, list[Row]]:
        """The file's title and the rows, unmasked, values as stored (codes, lists, node dicts)."""
        raise NotImplementedError

    def stem(self, q: ListQuery) -> str:
        """The ASCII part of the fallback file name."""
        return q.area or "all"

    def export(self, store: Store, q: ListQuery, fmt: str, *, unmask: bool) -> Export:
        from gongjian.viz.tables import export_rows  # openpyxl loads only for exports

        title, rows = self.rows(store, q)
        if not unmask:
            rows = mask_rows(rows, self.columns)
        shown = [
            {c.key: c.show(r.get(c.key)) if c.show else r.get(c.key) for c in self.columns} for r in rows
        ]
        body = export_rows([(c.key, c.header) for c in self.columns], shown, fmt, sheet=self.zh)  # type: ignore[arg-type]
        return Export(title, f"{self.name}-{self.stem(q)}", fmt, body)


def mask_rows(rows: Sequence[Row], columns: Sequence[Col]) -> list[Row]:
    """Rows with personal data masked: node dicts (a row with a ``label``, nested ones) by the
    model, free text by :func:`gongjian.privacy.mask_json`, then every personal column the
    row's own label did not already mask (a party org member's unit contact)."""
    cells = {c.key: MASKS[c.personal] for c in columns if c.personal}
    out = []
    for row in mask_json(list(rows)):
        done = PERSONAL_PROPS.get(str(row.get("label")), {})
        for key, mask in cells.items():
            if row.get(key) and key not in done and personal_kind(key) is None:  # (masked by its name)
                row[key] = mask(str(row[key]))
        out.append(row)
    return out
