"""The apps depend one way, down the layers of pyproject.toml ([tool.importlinter]), imports inside functions included."""

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
