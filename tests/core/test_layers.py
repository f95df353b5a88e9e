"""The apps depend one way, down the layers of pyproject.toml ([tool.importlinter]), imports inside functions included."""

import ast
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_no_app_imports_a_layer_above_it():
    assert lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True) == 0


def test_the_check_sees_imports_made_inside_functions():
    graph = grimp.build_graph("hoptac", cache_dir=None)
    # hoptac.accounts.policy imports registry models only inside functions (the one ignored import).
    lines = graph.get_import_details(importer="hoptac.accounts.policy", imported="hoptac.registry.models")
    assert lines and all(detail["line_contents"].startswith("from hoptac.registry.models") for detail in lines)


# An import made inside a function hides a dependency; each kept one has its reason here.
LAZY_LIBRARIES = {
    "openpyxl": "236 ms to import, for the spreadsheet exports only",
    "docx": "132 ms to import, for the directives' Word annex only",
    "vietnam_provinces": "the country's unit tables (139 ms), read when units are loaded",
    "hoptac.reports.renderers": "WeasyPrint, python-docx and openpyxl, for a report's file only",
    "django_tasks_db": "an app the lean commands do not install",
    "dj_database_url": "config is read by the CLI before it knows whether Django starts",
}


def _lazy_imports():
    source = Path(__file__).resolve().parents[2] / "src" / "hoptac"
    for path in sorted(source.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom) and not node.level:
                        yield path.relative_to(source), function.name, node.module
                    elif isinstance(node, ast.Import):
                        yield from ((path.relative_to(source), function.name, alias.name) for alias in node.names)


def _reason(path, function, module):
    if path.as_posix() == "cli.py":
        return "the CLI starts lean: a command imports Django and the apps it needs"
    if (path.parts[0] == "ops" or path.as_posix() in ("portal/counter.py", "portal/fastpath.py")) and module.split(".")[0] in ("hoptac", "django"):
        return "hoptac.wsgi loads ops.metrics and the portal's fast path before the apps are ready: models come later"
    if path.name == "apps.py":
        return "run once the apps are loaded (signals, hooks, checks; Wagtail is absent from lean starts)"
    if path.as_posix() == "accounts/policy.py" and module.startswith(("hoptac.registry.", "hoptac.directives.")):
        return "the known debt pyproject.toml names (the policy scopes registry and directives rows)"
    return next((why for name, why in LAZY_LIBRARIES.items() if module == name or module.startswith(name + ".")), None)


def test_imports_inside_functions_are_only_those_with_a_reason():
    unexplained = sorted({f"{path}: {function} imports {module}" for path, function, module in _lazy_imports()
                          if _reason(path, function, module) is None})
    assert unexplained == []
