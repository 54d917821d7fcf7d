"""The import graph keeps the arrows of DESIGN.md "Layout" true.

``ui``, ``commands`` → ``app`` → ``store``, ``exchange``, ``reports`` → ``forms``, ``audit_tool``;
every module may also use the shared bottom modules (``desktop_app.errors``, ``plain_text``, ``home``,
``progress``, ``logs``...). Every import counts: at the top of a module, inside a function,
under ``TYPE_CHECKING``, and any module named in a string next to an ``importlib`` call.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("desktop_app", "forms", "audit_tool")

# Higher may import lower (and the same rank, within the rules below); never the other way.
RANK = {
    "entry": 6,  # desktop_app.cli and __main__: composes the command line and the window
    "ui": 5,
    "commands": 5,
    "app": 4,
    "demo": 4,  # demo data is made through the same layers an operation uses
    "store": 3,
    "exchange": 3,
    "reports": 3,
    "forms": 1,
    "audit_tool": 1,
    "shared": 0,
}
# Same-rank pairs that must not meet: the window and the command line never import each other.
FORBIDDEN_SAME_RANK = {("ui", "commands"), ("commands", "ui")}
SHARED = {
    "desktop_app",
    "desktop_app.errors",
    "desktop_app.plain_text",
    "desktop_app.home",
    "desktop_app.progress",
    "desktop_app.logs",
    "desktop_app.profile_rating",
    "desktop_app.output_files",
    "desktop_app.full_disk",
    "desktop_app.whole_numbers",
    "desktop_app.data",
}
QT = ("PySide6", "shiboken6")
SQL = ("sqlite3", "sqlalchemy", "sqlmodel", "alembic")


def layer_of(module: str) -> str:
    """The layer a module of ours belongs to."""
    if module in SHARED:
        return "shared"
    if module in ("desktop_app.cli", "desktop_app.__main__"):
        return "entry"
    top, _, rest = module.partition(".")
    if top in ("forms", "audit_tool"):
        return top
    return rest.split(".")[0]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_ours(name: str) -> bool:
    return name.split(".")[0] in PACKAGES


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}"


def imports_of(path: Path, source: str = "") -> list[Edge]:
    """Every module this file imports, wherever the import statement sits."""
    source = source or module_name(path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    edges: list[Edge] = []
    uses_importlib = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            edges += [Edge(source, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module == "importlib" or target == "importlib":
                uses_importlib = True
            edges.append(Edge(source, target, node.lineno))
            # `from package import module` names a module too
            edges += [
                Edge(source, f"{target}.{alias.name}", node.lineno)
                for alias in node.names
                if is_module(f"{target}.{alias.name}")
            ]
        elif isinstance(node, ast.Name) and node.id in ("importlib", "__import__"):
            uses_importlib = True
    if uses_importlib:
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if is_ours(text) and is_module(text):
                    edges.append(Edge(source, text, node.lineno))
    return edges


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def wrong_arrow(edge: Edge) -> str | None:
    """Why this import breaks the layering, or None when it is allowed."""
    source_layer = layer_of(edge.source)
    top = edge.target.split(".")[0]
    if top in QT and source_layer not in ("ui", "entry"):
        return "Qt outside desktop_app.ui"
    if top in SQL and source_layer in ("ui", "commands", "forms", "audit_tool"):
        return f"{top} in {source_layer}"
    if not is_ours(edge.target):
        return None
    target_layer = layer_of(edge.target)
    if source_layer == target_layer:
        return None
    if (source_layer, target_layer) in FORBIDDEN_SAME_RANK:
        return f"{source_layer} imports {target_layer}"
    if source_layer in ("ui", "commands") and target_layer in ("store", "exchange", "reports"):
        return f"{source_layer} reaches past app into {target_layer}"
    if RANK[target_layer] > RANK[source_layer]:
        return f"{source_layer} reaches up into {target_layer}"
    return None


def all_edges() -> list[Edge]:
    edges: list[Edge] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            edges += imports_of(path)
    return edges


# Arrows that are wrong today and are being moved down into desktop_app.app. This list may only
# shrink: a new wrong arrow fails the test, and so does an entry that is no longer needed.
KNOWN_WRONG: set[tuple[str, str]] = set()
# Commands whose whole job is to show or render the window (screenshots, a form's preview).
COMMANDS_THAT_OPEN_THE_WINDOW = {
    ("desktop_app.commands.basic", "desktop_app.ui.screenshots"),
    ("desktop_app.commands.forms_cmd", "desktop_app.ui.application"),
    ("desktop_app.commands.forms_cmd", "desktop_app.ui.form"),
}


def test_no_wrong_arrows() -> None:
    wrong = {
        (e.source, e.target): f"{e} ({why})"
        for e in all_edges()
        if (why := wrong_arrow(e)) and (e.source, e.target) not in COMMANDS_THAT_OPEN_THE_WINDOW
    }
    new = sorted(text for key, text in wrong.items() if key not in KNOWN_WRONG)
    assert not new, "Imports against DESIGN.md's layers:\n" + "\n".join(new)
    gone = sorted(f"{s} -> {t}" for s, t in KNOWN_WRONG - wrong.keys())
    assert not gone, "No longer wrong; remove from KNOWN_WRONG:\n" + "\n".join(gone)


def test_the_checker_sees_imports_inside_functions_and_importlib(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "import importlib\n"
        "def f():\n"
        "    from desktop_app.ui.widgets import x\n"
        "    return importlib.import_module('desktop_app.commands.basic')\n",
        encoding="utf-8",
    )
    found = {(e.target, wrong_arrow(e)) for e in imports_of(module, "desktop_app.store.probe")}
    assert ("desktop_app.ui.widgets", "Qt outside desktop_app.ui") not in found
    assert ("desktop_app.ui.widgets", "store reaches up into ui") in found
    assert ("desktop_app.commands.basic", "store reaches up into commands") in found


def test_the_window_may_not_open_the_database() -> None:
    edge = Edge("desktop_app.ui.screens.visits", "sqlite3", 1)
    assert wrong_arrow(edge) == "sqlite3 in ui"
    assert wrong_arrow(Edge("desktop_app.ui.x", "desktop_app.store.models", 1)) is not None
    assert wrong_arrow(Edge("desktop_app.ui.x", "desktop_app.app.visits", 1)) is None
    assert wrong_arrow(Edge("desktop_app.app.visits", "desktop_app.store.models", 1)) is None
