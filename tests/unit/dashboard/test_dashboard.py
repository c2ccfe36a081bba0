"""The dashboard package as a whole: it never imports the ETL."""

from __future__ import annotations

import ast

from tests.support import ROOT


def test_dashboard_never_imports_etl():
    """Given the dashboard package, when its imports are read, then none is from etl (the public app cannot reach ETL
    code)."""
    for path in (ROOT / "dashboard").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "etl" or n.startswith("etl.") for n in names), path
