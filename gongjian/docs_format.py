"""docs/format.md, the ledger format, generated from :mod:`gongjian.model`.

The tables, their Chinese headers and English aliases, what is required, the enum words,
the references and the notes all come from the model (a column's or table's ``doc`` says
what its other fields cannot); only the general rules at the top are written here.
``tests/test_docs.py`` fails when docs/format.md differs from what this gives.

    python -m gongjian.docs_format            # write docs/format.md
    python -m gongjian.docs_format --check    # exit 1 if docs/format.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gongjian.model import (
    ALSO_SERVED_BY,
    AREA_LEVEL,
    CATEGORIES,
    COMMUNITY_LEVELS,
    LEVEL_RANK,
    LOAD_ORDER,
    MEMBER_TYPE,
    NEED_LEVELS,
    RELATED_CATEGORIES,
    STREET_LEVELS,
    TABLES,
    TOP_LEVELS,
    Column,
    Enum,
    Table,
)

#: docs/format.md of the source tree this module belongs to.
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "docs" / "format.md"
REGENERATE = "python -m gongjian.docs_format"

#: How a reference to each label is named in the notes.
_NOUNS = {
    "Area": "area",
    "Unit": "unit",
    "PartyOrg": "party org",
    "Platform": "platform",
    "Person": "person",
    "Agreement": "agreement",
    "Need": "need",
    "Resource": "resource",
    "Project": "project",
}

_INTRO = """\
# The ledger format (台账格式)

<!-- Generated from gongjian/model/ by `{regenerate}`: do not edit by hand. -->

Users keep their lists in spreadsheets, and gongjian reads them as they are. A
**dataset** is a folder of CSV files or one `.xlsx` workbook whose sheets carry the
same names. Every table is optional: a dataset may hold any subset, and a later dataset
updates an earlier one (see *Updates* below).

- **Files and sheets**: a file is named after its table (`areas.csv`); a sheet takes the
  table's name (`areas`) or its Chinese name (`区划`). The tables are listed below in the
  order a dataset is loaded (what is referenced comes first).
- **Headers**: the Chinese header, the English alias or another accepted header, in any
  order. Full-width characters are folded and spaces and required-marks (`*`, `：`)
  ignored. A column the model does not know is kept as an extra property, never dropped.
  A file that lacks a required column is refused whole.
- **Encodings**: UTF-8, UTF-8 with BOM, UTF-16 with BOM (Excel's "Unicode text") and
  GB18030/GBK (what Excel in China saves). Comma- or tab-separated.
- **Multi-value cells**: separated by `;` `；` `、` `,` `，` or a line break (inside a
  quoted cell).
- **Dates**: `2023-05-01`, `2023/5/1`, `2023.05.01`, `2023年5月1日`, `20230501`, or an
  Excel date.
- **Numbers**: integers and numbers are never negative and stay below 10¹⁸; `1,234` is
  read as 1234.
- **Codes and ids**: full-width characters folded, no spaces inside, at most 100
  characters. A reference is resolved in the dataset first, then in the store.
- **Enumerations** take the Chinese word, the English code or one of the other words
  listed in brackets, written here as `中文 code`.
- **Personal data** (people's names, phone numbers and ID-card numbers, wherever they
  stand) is masked for every role but admin, in every answer and export.
- **Rejected rows**: each is reported with file, row (as the spreadsheet numbers it,
  header = row 1), column, value and reason. By default a dataset with any rejected row
  writes nothing; `--skip-invalid` writes the rest. A row that refers to a rejected row
  is rejected too, and says so.
- **Updates**: a record is identified by its key (a node table's first column; a link
  table's two ends). A later dataset replaces the fields it has columns for (an empty
  cell clears one) and leaves the others as they were.
"""


def _ref_noun(labels: tuple[str, ...], many: bool) -> str:
    """``area code``, ``unit id``, ``unit, party org or person id``, ``party org id or area code``."""
    ids = [_NOUNS[label] for label in labels if label != "Area"]
    plural = "s" if many else ""
    parts = []
    if ids:
        joined = ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " or " + ids[-1]
        parts.append(f"{joined} id{plural}")
    if "Area" in labels:
        parts.append(f"area code{plural}")
    return " or ".join(parts)


def _enum_words(enum: Enum) -> str:
    words = []
    for c in enum.choices:
        extra = "/".join(c.aliases)
        if c.code == enum.default:
            extra = f"{extra}; default" if extra else "default"
        words.append(f"{c.zh} {c.code}" + (f" ({extra})" if extra else ""))
    return ", ".join(words)


def _graph(table: Table, col: Column) -> str:
    """The relationship a reference column makes, as a Cypher pattern."""
    assert col.rel is not None and table.label is not None
    other = r"\|".join(col.refs)  # escaped: the pattern stands in a Markdown table
    props = ", ".join(f"{k}: '{v}'" for k, v in col.rel.props)
    rel = f"[:{col.rel.type}{' {' + props + '}' if props else ''}]"
    if col.rel.direction == "out":
        return f"`({table.label})-{rel}->({other})`"
    return f"`({other})-{rel}->({table.label})`"


def column_notes(table: Table, col: Column) -> str:
    notes: list[str] = []
    if col.kind == "id":
        notes.append("the key, unique in the table")
    elif col.kind == "int":
        notes.append("integer")
    elif col.kind == "number":
        notes.append("number")
    elif col.kind == "date":
        notes.append("date")
    elif col.kind == "enum":
        assert col.enum is not None
        notes.append(_enum_words(col.enum))
    elif col.kind == "period":
        notes.append("a period: a year, a half or a quarter")
    elif col.kind == "words":
        notes.append("text, multi-value")
    elif col.kind == "category":
        notes.append("a category (see below); empty = classified from the title and description")
    elif col.kind == "categories":
        notes.append("categories (see below), multi-value; another word is classified from its text")
    elif col.kind in ("ref", "refs"):
        notes.append(
            _ref_noun(col.refs, col.kind == "refs") + (", multi-value" if col.kind == "refs" else "")
        )
        if col.rel is not None and table.label:
            notes.append(_graph(table, col))
    if col.personal == "phone":
        notes.append("personal data; a mobile (11 digits) or a landline (0871-63123456), multi-value")
    elif col.personal == "id_number":
        notes.append("personal data; 18 characters, check digit verified (GB 11643)")
    elif col.personal:
        notes.append("personal data")
    if col.done_by is not None:
        notes.append("the need must be done (已办结, or with a 办结日期 not after this row's date)")
    if col.default is not None:
        notes.append(f"default {col.default}")
    if col.aliases:
        notes.append("also headed " + ", ".join(col.aliases))
    if col.doc:
        notes.append(col.doc)
    return "; ".join(notes)


def _what_a_row_makes(table: Table) -> str:
    if table.label:
        key = table.key_column
        if key is None:  # known by its content
            fixed = "".join(f", with `{k}` = `{v}`" for k, v in table.constants)
            if table.key_columns:
                cols = " + ".join(table.column(k).zh for k in table.key_columns)
                return f"One `{table.label}` node per row, keyed by {cols} (`{table.key_prefix}-…`)."
            return f"One `{table.label}` node per row{fixed}, keyed by the row's content (`{table.key_prefix}-…`)."
        return f"One `{table.label}` node per row, keyed by {key.zh} (`{key.name}`)."
    src, dst = table.column(table.link_src), table.column(table.link_dst)
    # a member's 成员类型 says which kind of node its id names; it is not stored
    props = [c.zh for c in table.columns if c not in (src, dst) and c.enum is not MEMBER_TYPE]
    said = f"One `{table.link}` relationship per row, from {src.zh} to {dst.zh}"
    return said + (f"; {', '.join(props)} are its properties." if props else ".")


def table_section(table: Table) -> str:
    lines = [f"## {table.file} — {table.zh}", "", _what_a_row_makes(table)]
    if table.doc:
        lines[-1] += " " + table.doc
    lines += ["", "| 中文 | alias | required | notes |", "|---|---|---|---|"]
    for col in table.columns:
        lines.append(
            f"| {col.zh} | {col.name} | {'yes' if col.required else 'no'} | {column_notes(table, col)} |"
        )
    return "\n".join(lines)


def _levels() -> str:
    by_rank: dict[int, list[str]] = {}
    for code, rank in LEVEL_RANK.items():
        by_rank.setdefault(rank, []).append(f"{AREA_LEVEL.zh(code)} {code}")
    chain = " > ".join(" / ".join(words) for _, words in sorted(by_rank.items()))

    def words(codes: frozenset[str]) -> str:
        return ", ".join(f"{AREA_LEVEL.zh(c)} {c}" for c in sorted(codes, key=lambda c: (LEVEL_RANK[c], c)))

    return "\n".join(
        [
            "## Area levels (层级)",
            "",
            f"From the top: {chain}. An area's parent (上级代码) is of a higher level.",
            "",
            f"- May stand at the top of a dataset, without a parent: {words(TOP_LEVELS)}.",
            f"- Streets ([linkage](domain.md#linkage) 3 and 5): {words(STREET_LEVELS)}.",
            f"- Communities (linkage 1, 2 and 4; double registration): {words(COMMUNITY_LEVELS)}.",
            f"- Where needs are raised: {words(NEED_LEVELS)}.",
        ]
    )


def _categories() -> str:
    lines = [
        "## Categories (需求/资源类别)",
        "",
        "Needs and resources take one category, agreements several; the Chinese word, the code",
        "or the word's first two characters are accepted. A resource serves a need of its own",
        "category or of a related one (related both ways), or, for its needs only, of the",
        "categories in the last column (one way).",
        "",
        "| code | 中文 | related | its needs also served by |",
        "|---|---|---|---|",
    ]
    for c in CATEGORIES:
        related = sorted(
            next(iter(pair - {c.code})) for pair in RELATED_CATEGORIES if c.code in pair and len(pair) == 2
        )
        also = sorted(ALSO_SERVED_BY.get(c.code, ()))
        lines.append(f"| {c.code} | {c.zh} | {', '.join(related)} | {', '.join(also)} |")
    return "\n".join(lines)


def render() -> str:
    """The whole of docs/format.md."""
    index = ["| file | sheet | 中文 | makes |", "|---|---|---|---|"]
    for name in LOAD_ORDER:
        t = TABLES[name]
        makes = f"`{t.label}` nodes" if t.label else f"`{t.link}` relationships"
        index.append(f"| [{t.file}](#{t.name}csv--{t.zh}) | {t.name} | {t.zh} | {makes} |")
    parts = [_INTRO.format(regenerate=REGENERATE).rstrip(), "\n".join(index)]
    parts += [table_section(TABLES[name]) for name in LOAD_ORDER]
    parts += [_levels(), _categories()]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write docs/format.md from gongjian/model/.")
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs, write nothing")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.exists() else ""
        if current != text:
            print(f"{args.path} is out of date: run `{REGENERATE}`", file=sys.stderr)
            return 1
        return 0
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(text, encoding="utf-8")
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
