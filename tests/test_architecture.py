"""The house rules, read from the source: no import cycles, one module that knows
Pyomo's solver internals, short functions, and a README layout that names every part."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "planner"
LONG_FUNCTION_LINES = 120
ALLOWED_LONG = {("planner/synth/generator.py", "generate_with_witness"),
                ("planner/reports/mapping.py", "render_map")}
"""The synthetic-case generator and the map renderer are long lists of steps by design."""
SOLVER_INTERNALS = ("pyomo.contrib.solver", "pyomo.repn")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imported_names(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    """Every module an import statement names, at any depth, except under ``if TYPE_CHECKING``."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.append(base)
            found.extend(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the planner modules it imports (a package's __init__ counts when importing
    below it from outside; the top ``planner`` facade does not, it is imported first)."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: set[str] = set()
        for imported in imported_names(tree, name, path.name == "__init__.py"):
            if imported in MODULES and not name.startswith(imported + "."):
                targets.add(imported)  # (a package's own modules import from it while it loads)
            parts = imported.split(".")
            for depth in range(2, len(parts)):
                parent = ".".join(parts[:depth])
                if parent in MODULES and not name.startswith(parent + ".") and name != parent:
                    targets.add(parent)
        targets.discard(name)
        targets.discard("planner")
        graph[name] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (as a path that returns to its start), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := walk(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_graph_sees_function_level_imports() -> None:
    tree = ast.parse("def f():\n    from planner.case import edits\nif TYPE_CHECKING:\n    import planner.plan\n")
    names = imported_names(tree, "planner.x", False)
    assert "planner.case.edits" in names and "planner.plan" not in names


def test_no_import_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_only_the_solver_package_knows_pyomo_solver_internals() -> None:
    offenders = []
    for name, path in MODULES.items():
        if name == "planner.solver" or name.startswith("planner.solver."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for imported in imported_names(tree, name, path.name == "__init__.py"):
            if imported.startswith(SOLVER_INTERNALS):
                offenders.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert not offenders, offenders


def test_private_solver_attributes_stay_in_highs_py() -> None:
    """Pyomo's private interface attributes are read in planner/solver/highs.py only."""
    private = re.compile(r"\._(solver_model|pyomo_var_to_solver_var_map|pyomo_con_to_solver_con_map|"
                         r"mutable_helpers|mutable_bounds|mutable_objective|referenced_variables|"
                         r"named_expressions|vars_referenced_by_con|last_results_object)\b")
    offenders = [str(p.relative_to(ROOT)) for p in MODULES.values()
                 if p.name != "highs.py" and private.search(p.read_text(encoding="utf-8"))]
    assert not offenders, offenders


def test_no_function_over_120_lines() -> None:
    long = []
    for path in MODULES.values():
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if lines > LONG_FUNCTION_LINES and (rel, node.name) not in ALLOWED_LONG:
                    long.append(f"{rel}::{node.name} ({lines} lines)")
    assert not long, long


def test_no_module_is_shadowed_by_a_function_of_the_same_name() -> None:
    """``planner.solve`` is a function; no submodule may carry a name the package exports."""
    import planner

    modules = {name.rsplit(".", 1)[-1] for name in MODULES if name.count(".") == 1}
    shadowed = sorted(name for name in planner.__all__ if name in modules)
    assert not shadowed, shadowed


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.count(".") == 1 and n != "planner"))
def test_readme_layout_names_every_package_and_top_level_module(name: str) -> None:
    layout = (ROOT / "README.md").read_text(encoding="utf-8").split("## Layout", 1)[-1]
    short = name.split(".", 1)[1]
    assert re.search(rf"`(planner/)?{short}(/|\.py)`", layout), f"README Layout does not name {short}"
