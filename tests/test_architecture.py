"""The layers only point down: steps ← storage ← flows ← entry points (cli, demo, web)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

# Each package and the packages above it, which it must never import.
LAYERS = ["newsmon", "storage", "flows", "cli|demo|web"]
MAX_MODULE_LINES = 400


def _above(package: str) -> set[str]:
    for index, layer in enumerate(LAYERS):
        if package in layer.split("|"):
            return {name for higher in LAYERS[index + 1 :] for name in higher.split("|")}
    return set()


def _imported_packages(path: Path) -> set[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {(node.lineno, alias.name.split(".")[0]) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add((node.lineno, node.module.split(".")[0]))
    return found


def _modules(package: str) -> list[Path]:
    return sorted(p for p in (REPO / package).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("package", ["newsmon", "storage", "flows", "cli", "demo", "web"])
def test_a_layer_never_imports_the_layers_above_it(package: str) -> None:
    forbidden = _above(package)
    upward = [
        f"{path.relative_to(REPO)}:{line} imports {name}"
        for path in _modules(package)
        for line, name in sorted(_imported_packages(path))
        if name in forbidden
    ]
    assert not upward, "imports that point up a layer:\n" + "\n".join(upward)


def test_the_pure_steps_never_import_prefect_or_a_database() -> None:
    impure = {"prefect", "sqlmodel", "sqlalchemy", "alembic", "typer", "fastapi"}
    found = [
        f"{path.relative_to(REPO)}:{line} imports {name}"
        for path in _modules("newsmon")
        for line, name in sorted(_imported_packages(path))
        if name in impure
    ]
    assert not found, "\n".join(found)


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for package in ["newsmon", "storage", "flows", "cli", "demo", "web"]
        for path in _modules(package)
    }
    over = {name: lines for name, lines in sizes.items() if lines > MAX_MODULE_LINES}
    assert not over, f"modules over {MAX_MODULE_LINES} lines: {over}"
