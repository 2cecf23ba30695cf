"""A first load into Neo4j through its bulk importer (``neo4j-admin database import full``).

``write_files`` turns a checked dataset's ChangeSet into the importer's CSV files, stored as
the ordinary write path (:mod:`.neo4j_write`) stores it: the key in ``id`` (header
``id:ID(Label)``, one id space per label), ``_gj_key_only`` where ``id`` is only the key,
None left out, repeated relationships folded into one, and every value with the type the
driver would have given it (``long``, ``double``, ``boolean``, ``string``, arrays of them).
A property whose values have different types in one label (an int here, a float there)
gets a file per combination of types, so that no value changes type on the way. Only the
files with a value that spans lines are read as multiline (``--multiline-fields`` names
them), since the importer cannot split such a file between its threads.
``run_import`` runs the importer of ``tools/neo4j-local`` on a server's data directory
(the tool stops the server, imports, and starts it again); the caller then creates the key
constraints and compares the counts with ``expected_counts``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongjian.graph.neo4j_write import folded, new_node_props
from gongjian.graph.store import ChangeSet, Rel, StoreError
from gongjian.model import LABELS, REL_TYPES

#: Python type → the importer's type (arrays: element type + "[]")
_TYPES = {str: "string", bool: "boolean", int: "long", float: "double"}
_ARRAY_DELIMITERS = ("|", ";", "\x1f")
_PLAIN_PATH = re.compile(r"[\w/.-]+")


@dataclass
class ImportFiles:
    """The CSV files of one import and the importer arguments that name them."""

    folder: Path
    args: list[str] = field(default_factory=list)
    array_delimiter: str = "|"
    multiline: list[Path] = field(default_factory=list)  # the files with a value that spans lines
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # what the database will hold

    def add(self, option: str, name: str, path: Path, multiline: bool) -> None:
        self.args.append(f"--{option}={name}={path}")
        if multiline:
            self.multiline.append(path)

    def multiline_options(self) -> list[str]:
        """``--multiline-fields``: off, the files that need it (its v2 form, which reads each path as
        a regular expression), or on for all where a path has other characters than ``[\\w/.-]``."""
        paths = [str(p) for p in self.multiline]
        if not paths:
            return ["--multiline-fields=false"]
        if not all(_PLAIN_PATH.fullmatch(p) for p in paths):
            return ["--multiline-fields=true"]
        return ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(paths)]


def _type(value: Any, where: str) -> str:
    if isinstance(value, list):
        kinds = {type(v) for v in value}
        if len(kinds) != 1 or next(iter(kinds)) not in _TYPES:
            raise StoreError(f"{where}：批量导入不支持这个列表值（空列表或混合类型）；请改用 gongjian ingest")
        return _TYPES[next(iter(kinds))] + "[]"
    kind = _TYPES.get(type(value))
    if kind is None:
        raise StoreError(f"{where}：批量导入不支持 {type(value).__name__} 类型的值；请改用 gongjian ingest")
    return kind


def _split_by_types(rows: Iterable[tuple[Any, dict]], where: str) -> list[tuple[dict[str, str], list]]:
    """Rows grouped so that each group gives every property one type: (property → type, rows)."""
    groups: list[tuple[dict[str, str], list]] = []
    seen: dict[tuple, int] = {}  # (property names, Python types) → group, for rows without lists
    for row in rows:
        props = row[-1]
        shape = (tuple(props), tuple(map(type, props.values())))
        at = seen.get(shape)
        if at is None:
            types = {k: _type(v, f"{where} {row[0]} 的 {k}") for k, v in props.items()}
            at = next(
                (
                    i
                    for i, (columns, _) in enumerate(groups)
                    if all(columns.get(k, t) == t for k, t in types.items())
                ),
                len(groups),
            )
            if at == len(groups):
                groups.append(({}, []))
            groups[at][0].update(types)
            if list not in shape[1]:  # a list's type is its elements': judged row by row
                seen[shape] = at
        groups[at][1].append(row)
    return groups


def _cells(props: dict, keys: list[str], delimiter: str) -> list[str]:
    """A row's cells under ``keys``: a string as it is, anything else through ``_cell``."""
    return [v if type(v) is str else _cell(v, delimiter) for v in map(props.get, keys)]


def _cell(value: Any, delimiter: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return delimiter.join(_cell(v, delimiter) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _without_none(props: dict) -> dict:
    return props if None not in props.values() else {k: v for k, v in props.items() if v is not None}


def _delimiter(changes: ChangeSet) -> str:
    """An array delimiter that no list element of the dataset contains."""
    used = set()
    for nodes in changes.nodes.values():
        for props in nodes.values():
            for v in props.values():
                if isinstance(v, list):
                    used.update(c for c in _ARRAY_DELIMITERS for x in v if isinstance(x, str) and c in x)
    for c in _ARRAY_DELIMITERS:
        if c not in used:
            return c
    raise StoreError("批量导入：列表值里含有所有可用的数组分隔符（| ; \\x1f）；请改用 gongjian ingest")


def _check_ends(changes: ChangeSet, groups: dict[tuple[str, str, str], dict[tuple[str, str], dict]]) -> None:
    """Every relationship's ends are nodes of the dataset (the target database is empty)."""
    missing: list[str] = []
    for (_, src, dst), rels in groups.items():
        starts, ends = changes.nodes.get(src, {}), changes.nodes.get(dst, {})
        missing += [f"{src} {s}" for s, _ in rels if s not in starts]
        missing += [f"{dst} {t}" for _, t in rels if t not in ends]
    if missing:
        shown = "、".join(list(dict.fromkeys(missing))[:5])
        raise StoreError(f"关系指向不存在的节点（{shown} 等 {len(set(missing))} 个）；未写入")


def _write_csv(path: Path, header: list[str], rows: Iterable[list[str]], count: int) -> bool:
    """Write one importer file of ``count`` rows; whether a value in it spans lines (the
    importer reads only such files as multiline, which it cannot split between its threads)."""
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    text = buffer.getvalue()
    path.write_text(text, encoding="utf-8", newline="")
    return "\r" in text or text.count("\n") != count + 1


def rel_groups(changes: ChangeSet) -> dict[tuple[str, str, str], dict[tuple[str, str], dict]]:
    """The dataset's relationships by (type, src label, dst label), folded by (src id, dst id)."""
    groups: dict[tuple[str, str, str], list[Rel]] = {}
    for r in changes.rels:
        groups.setdefault((r.type, r.src[0], r.dst[0]), []).append(r)
    return {key: folded(rels) for key, rels in groups.items()}


def write_files(changes: ChangeSet, folder: Path) -> ImportFiles:
    """Write the importer's CSV files for ``changes`` into ``folder``; return them and their arguments."""
    if changes.clears:
        raise StoreError("批量导入只用于空库的首次导入，不能替换已有的关系")
    groups = rel_groups(changes)
    _check_ends(changes, groups)
    folder.mkdir(parents=True, exist_ok=True)
    files = ImportFiles(folder, array_delimiter=_delimiter(changes), counts=expected_counts(changes, groups))
    d = files.array_delimiter
    for label in LABELS:
        patches = changes.nodes.get(label)
        if not patches:
            continue
        rows = ((k, new_node_props(label, k, p)) for k, p in patches.items())
        for i, (columns, members) in enumerate(_split_by_types(rows, label)):
            keys = sorted(columns)
            path = folder / f"nodes-{label}-{i}.csv"
            multiline = _write_csv(
                path,
                [f"id:ID({label})", *(f"{k}:{columns[k]}" for k in keys)],
                ([key, *_cells(props, keys, d)] for key, props in members),
                len(members),
            )
            files.add("nodes", label, path, multiline)
    for (type_, src, dst), rels in groups.items():
        rows = ((s, t, _without_none(props)) for (s, t), props in rels.items())
        for i, (columns, members) in enumerate(_split_by_types(rows, type_)):
            keys = sorted(columns)
            path = folder / f"rels-{type_}-{src}-{dst}-{i}.csv"
            multiline = _write_csv(
                path,
                [f":START_ID({src})", f":END_ID({dst})", *(f"{k}:{columns[k]}" for k in keys)],
                ([s, t, *_cells(props, keys, d)] for s, t, props in members),
                len(members),
            )
            files.add("relationships", type_, path, multiline)
    return files


def expected_counts(
    changes: ChangeSet, groups: dict[tuple[str, str, str], dict[tuple[str, str], dict]] | None = None
) -> dict[str, dict[str, int]]:
    """What ``Store.counts()`` answers after the import of ``changes`` into an empty database
    (``groups``: its :func:`rel_groups`, when already made)."""
    rels = {t: 0 for t in REL_TYPES}
    for (type_, _, _), group in (rel_groups(changes) if groups is None else groups).items():
        rels[type_] += len(group)
    return {
        "nodes": {label: len(changes.nodes.get(label, {})) for label in LABELS},
        "relationships": rels,
    }


def tool_dir() -> Path:
    """``tools/neo4j-local`` of this checkout (or ``GONGJIAN_NEO4J_LOCAL``)."""
    given = os.environ.get("GONGJIAN_NEO4J_LOCAL")
    return Path(given) if given else Path(__file__).resolve().parents[2] / "tools" / "neo4j-local"


def running_uri(data_dir: Path) -> str | None:
    """The Bolt address of the neo4j-local server running for ``data_dir``, if one is."""
    try:
        return (data_dir / "neo4j.ready").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def run_import(data_dir: Path, files: ImportFiles, log: Path) -> str:
    """Import ``files`` into ``data_dir``'s database ``neo4j`` (replacing it); return the server's address.

    The tool stops the server, runs the importer and starts the server again with its settings.
    The tool's and the importer's output go to ``log``; a failure raises StoreError with its last lines.
    """
    tool = tool_dir() / "import"
    args = [
        str(tool),
        "--data",
        str(data_dir),
        "--",
        *files.args,
        *files.multiline_options(),
        f"--array-delimiter={files.array_delimiter}",
        "--overwrite-destination=true",
        f"--report-file={files.folder / 'import.report'}",
        "neo4j",
    ]
    with log.open("w", encoding="utf-8") as out:
        try:
            done = subprocess.run(args, stdout=out, stderr=subprocess.STDOUT, check=False)
        except OSError as e:
            raise StoreError(f"无法运行批量导入工具 {tool}：{e.strerror or e}") from None
    if done.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        raise StoreError(f"批量导入失败（退出码 {done.returncode}，日志 {log}）：\n{tail}")
    uri = running_uri(data_dir)
    if not uri:
        raise StoreError(f"批量导入完成，但 {data_dir} 的 Neo4j 没有重新启动（日志 {log}）")
    return uri
