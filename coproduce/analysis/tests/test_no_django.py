"""The house rule: nothing in coproduce/analysis imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

ANALYSIS = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_no_module_in_analysis_imports_django() -> None:
    files = sorted(ANALYSIS.rglob("*.py"))
    assert len(files) >= 4
    for path in files:
        offending = {module for module in imported_modules(path) if module.split(".")[0] in {"django", "ninja"}}
        assert not offending, (path, offending)
