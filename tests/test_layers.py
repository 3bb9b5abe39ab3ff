"""The folders are the architecture: every import runs downward through the layers, and no module
imports itself back (an import-linter contract, written out so it needs no extra dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dprk_rights

PACKAGE = Path(dprk_rights.__file__).parent

#: Top to bottom (README, "Design"). A module may import its own layer and the layers below it.
LAYERS = (
    ("cli", "__main__"),
    ("output",),
    ("curate",),
    ("timeline",),
    ("query",),
    ("store",),
    ("reading",),
    ("model",),
    ("errors", "text", "files", ""),  # "" is the package itself (its version and lazy exports)
)


def layer_of(module: str) -> int:
    """The layer of ``dprk_rights.X.Y`` (by X)."""
    top = module.removeprefix("dprk_rights").removeprefix(".").split(".")[0]
    for number, names in enumerate(LAYERS):
        if top in names:
            return number
    raise AssertionError(f"{module} is in no layer: add its folder to LAYERS and to README's Design")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported dprk_rights module, only for type checking) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] if not node.module or node.level else [base]
            for name in names:
                if name.startswith("dprk_rights"):
                    found.append((node.lineno, name, id(node) in typing_only))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name, id(node) in typing_only) for a in node.names if a.name.startswith("dprk_rights")
            ]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_downward(path: Path) -> None:
    here = layer_of(module_name(path))
    # The package's __init__ names the public API for type checkers only (at run time it imports each
    # name on first use), so its type-checking imports are the one exception.
    public_face = path == PACKAGE / "__init__.py"
    upward = [
        f"{path.relative_to(PACKAGE)}:{line} imports {name} (layer {LAYERS[layer_of(name)]}, above {LAYERS[here]})"
        for line, name, typing_only in imports(path)
        if layer_of(name) < here and not (public_face and typing_only)
    ]
    assert not upward, "\n".join(upward)


def test_no_module_imports_itself_back() -> None:
    """No cycle among modules, counting every import made at run time (type-checking imports aside)."""
    graph: dict[str, set[str]] = {}
    known = {module_name(p) for p in MODULES}
    for path in MODULES:
        targets = set()
        for _, name, typing_only in imports(path):
            while name and name not in known:
                name = name.rpartition(".")[0]  # ``from pkg import name``: the module pkg, or pkg.name when it is one
            if name and not typing_only and name != module_name(path):
                targets.add(name)
        graph[module_name(path)] = targets

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        seen = set()
        while stack:
            node, trail = stack.pop()
            for target in graph.get(node, ()):
                if target == start:
                    return [*trail, start]
                if target not in seen and not start.startswith(target + "."):
                    seen.add(target)
                    stack.append((target, [*trail, target]))
        return None

    cycles = [c for m in sorted(graph) if (c := cycle_from(m)) and not any(p == "dprk_rights" for p in c)]
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_the_layer_table_names_every_folder() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    named = {name for names in LAYERS for name in names}
    assert folders <= named, f"folders in no layer: {sorted(folders - named)}"
