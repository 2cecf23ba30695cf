"""The project's docs stay true: docs/format.md is what the model generates, links resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongjian import docs_format
from gongjian.model import TABLES

ROOT = Path(__file__).resolve().parent.parent
DOCS = [*sorted((ROOT / "docs").glob("*.md")), *sorted(ROOT.glob("*.md"))]
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_format_doc_is_generated_from_the_model() -> None:
    expected = docs_format.render()
    current = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert current == expected, (
        f"docs/format.md differs from gongjian/model/: run `{docs_format.REGENERATE}` and commit it"
    )


def test_format_doc_names_every_table_and_column() -> None:
    text = docs_format.render()
    for table in TABLES.values():
        assert f"## {table.file} — {table.zh}" in text
        for col in table.columns:
            assert f"| {col.zh} | {col.name} |" in text


def test_check_mode_says_how_to_regenerate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "format.md"
    stale.write_text("old\n", encoding="utf-8")
    assert docs_format.main(["--check", str(stale)]) == 1
    assert docs_format.REGENERATE in capsys.readouterr().err
    assert docs_format.main([str(stale)]) == 0
    assert docs_format.main(["--check", str(stale)]) == 0


def test_docs_link_only_to_files_that_exist() -> None:
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        assert "../shared" not in text, f"{doc.name} points at ../shared: a clone has none"
        for target in _LINK.findall(text):
            if target.startswith(("http://", "https://", "#", "mailto:")):
                continue
            path = target.split("#", 1)[0]
            assert (doc.parent / path).exists(), f"{doc.name} links {target}, which does not exist"
