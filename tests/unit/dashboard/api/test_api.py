"""The open-data API package as a whole: its pure layers import no web code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard.api import datasets

PACKAGE = Path(datasets.__file__).parent


WEB = ("flask", "werkzeug", "dash", "dashboard.api.routes", "dashboard.api.http", "dashboard.data.state")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }


@pytest.mark.parametrize("module", ["schema", "datasets", "params", "rows", "openapi"])
def test_the_pure_layers_import_no_web_code(module):
    """Given the API's layers below http.py, then none imports Flask, the routes or the app's state (functions
    included)."""
    found = _imports(PACKAGE / f"{module}.py")
    assert not {m for m in found if m.split(".")[0] in ("flask", "werkzeug", "dash") or m in WEB}, module
