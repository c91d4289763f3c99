"""The layout's one rule (docs/decisions/025-a-source-is-a-folder.md): domain code imports no Dagster.

Only the thin wrappers under ``defs/``, the code location and the command that launches the job may
import it; a domain module that does would tie the lake, a source or the publish steps to Dagster.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.paths import REPO_ROOT

PACKAGE = REPO_ROOT / "orchestration"
MAY_IMPORT_DAGSTER = ("defs/", "definitions.py", "cli/run.py")


def _imports_dagster(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
        if any(name == "dagster" or name.startswith(("dagster.", "dagster_")) for name in names):
            return True
    return False


def test_domain_modules_import_no_dagster() -> None:
    domain = [
        path
        for path in PACKAGE.rglob("*.py")
        if not path.relative_to(PACKAGE).as_posix().startswith(MAY_IMPORT_DAGSTER)
    ]
    assert len(domain) > 30, "the domain packages were not found"
    offenders = [path.relative_to(REPO_ROOT).as_posix() for path in domain if _imports_dagster(path)]
    assert offenders == []


def test_the_check_sees_a_dagster_import(tmp_path: Path) -> None:
    module = tmp_path / "store.py"
    module.write_text("from dagster import MetadataValue\n", encoding="utf-8")
    assert _imports_dagster(module)
    module.write_text("import duckdb\n", encoding="utf-8")
    assert not _imports_dagster(module)
