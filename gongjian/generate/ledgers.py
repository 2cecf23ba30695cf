"""The writer: one CSV per table of :data:`gongjian.model.TABLES`, the way users keep them
(the canonical Chinese headers, UTF-8 with BOM, enum values as Chinese words, multi-value
cells joined with ``；``), rows buffered and written a county at a time."""

from __future__ import annotations

import csv
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from gongjian.model import TABLES, Enum

SEP = "；"


def words(enum: Enum) -> dict[str, str]:
    """Each code of ``enum`` → the Chinese word the ledgers carry."""
    return {c.code: c.zh for c in enum.choices}


class Ledgers:
    """The ledger files of one dataset in ``folder``, open inside ``with``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.columns = {name: tuple(c.name for c in t.columns) for name, t in TABLES.items()}
        self.known = {name: frozenset(names) for name, names in self.columns.items()}
        self.rows: dict[str, list[list[str]]] = {name: [] for name in TABLES}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.writers: dict[str, Any] = {}
        self.files = ExitStack()

    def __enter__(self) -> Ledgers:
        for name, t in TABLES.items():
            f = self.files.enter_context(open(self.folder / t.file, "w", encoding="utf-8-sig", newline=""))
            w = csv.writer(f)
            w.writerow([c.zh for c in t.columns])
            self.writers[name] = w
        return self

    def __exit__(self, *exc: object) -> None:
        self.files.close()

    def emit(self, table: str, **values: object) -> None:
        """One row of ``table``, its values by the model's column names (None: an empty cell).
        A name the table has not is refused: its value would be lost without a word."""
        try:
            known = self.known[table]
        except KeyError:
            raise ValueError(f"the model has no table {table!r}") from None
        if not values.keys() <= known:
            wrong = ", ".join(sorted(values.keys() - known))
            raise ValueError(f"{table} has no column {wrong}; its columns: {', '.join(self.columns[table])}")
        self.rows[table].append(
            ["" if values.get(c) is None else str(values.get(c)) for c in self.columns[table]]
        )

    def flush(self) -> None:
        """Write the rows emitted so far."""
        for name, rows in self.rows.items():
            if rows:
                self.writers[name].writerows(rows)
                self.counts[name] += len(rows)
                rows.clear()

    @property
    def total(self) -> int:
        """Rows written so far, over all tables."""
        return sum(self.counts.values())
