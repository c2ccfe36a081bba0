"""Docs and schema that must not drift from the code."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from etl import publish
from etl.contract import dictionary
from etl.load import INTERNAL_SCHEMA_FILES, apply_schema

ROOT = Path(__file__).resolve().parents[2]


def test_data_dictionary_document_matches_the_contract():
    """Given the contract in code, when rendered, then docs/data-dictionary.md is identical (run `vru-etl dictionary >
    docs/data-dictionary.md`)."""
    assert (ROOT / "docs" / "data-dictionary.md").read_text() == dictionary.render()


def _schema_columns() -> dict[str, list[str]]:
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        apply_schema(conn, files=INTERNAL_SCHEMA_FILES)
        insp = sa.inspect(conn)
        return {t: [c["name"] for c in insp.get_columns(t)] for t in insp.get_table_names()}


@pytest.mark.integration
def test_every_release_table_matches_sql_schema(small_extracts):
    """Given a small release built in memory, when compared with sql/, then every table has exactly the schema's
    columns."""
    import datetime as dt

    from etl import aggregate, disclosure, extract, performance
    from etl.pseudonymise import DEMO_KEY, pseudonymise
    from etl.validation import validate

    frames, problems = extract.read_extracts(small_extracts)
    typed, warnings = validate.validate(frames, as_of=dt.date(2026, 11, 22), prior_findings=problems)
    people = pseudonymise(typed.pop("participants"), key=DEMO_KEY)
    cells, _ = disclosure.protect(
        aggregate.count_cells(people, programme_ids=list(typed["programmes"]["programme_id"]))
    )
    internal_only = {
        "provider_summary": aggregate.provider_summary(people, typed["spend"])
    } | performance.internal_tables(typed, cells, as_of=dt.date(2026, 11, 22))
    schema = _schema_columns()
    for protected in (False, True):
        tables = publish.release_tables(typed, cells, protected=protected, findings=warnings) | (
            {} if protected else internal_only
        )
        for name, frame in tables.items():
            assert ["release_id", *frame.columns] == schema[name], name
    internal = publish.release_tables(typed, cells, protected=False, findings=warnings) | internal_only
    assert set(schema) - set(internal) == {"releases"}


def test_every_cli_command_is_in_the_readme():
    """Given the two command lines, when the README is read, then each command is documented."""
    from dashboard.cli import parser as dashboard_parser
    from etl.cli import parser

    readme = (ROOT / "README.md").read_text()
    for name in parser()._subparsers._group_actions[0].choices:
        assert f"vru-etl {name}" in readme, name
    for name in dashboard_parser()._subparsers._group_actions[0].choices:
        assert f"vru-dashboard {name}" in readme, name


class _Recording(dict):
    """An empty environment that notes every variable looked up in it."""

    def __init__(self):
        super().__init__()
        self.read: set[str] = set()

    def get(self, key, default=None):
        self.read.add(key)
        return default

    def __getitem__(self, key):
        self.read.add(key)
        raise KeyError(key)

    def __contains__(self, key):
        self.read.add(key)
        return False


def dashboard_variables() -> set[str]:
    """Every variable dashboard/settings.py reads, found by building the settings of both modes from an empty
    environment
    (each read's default is taken, so every fallback, e.g. VRU_DATA_DIR, is read too)."""
    from dashboard.settings import MODES, from_environment

    environ = _Recording()
    from_environment(environ=environ)
    for mode in MODES:
        from_environment(mode=mode, environ=environ)
    return environ.read


def _module_strings(tree: ast.Module) -> dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def environment_reads(package: str) -> tuple[set[str], list[str]]:
    """The variables the modules of `package` read with os.environ.get(NAME), os.environ[NAME] or os.getenv(NAME), NAME
    a string
    or a module constant; and where the environment is used in any other way (so that no read can hide from this
    test)."""
    found, unknown = set(), []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text())
        constants, parents = (
            _module_strings(tree),
            {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)},
        )
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
                and node.attr in ("environ", "getenv")
            ):
                continue
            use = parents[node]
            if node.attr == "environ" and isinstance(use, ast.Attribute) and use.attr == "get":
                use = parents[use]
            name_node = (
                use.args[0]
                if isinstance(use, ast.Call) and use.args
                else use.slice
                if isinstance(use, ast.Subscript)
                else None
            )
            name = (
                name_node.value
                if isinstance(name_node, ast.Constant)
                else constants.get(name_node.id)
                if isinstance(name_node, ast.Name)
                else None
            )
            if isinstance(name, str):
                found.add(name)
            else:
                unknown.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found, unknown


def readme_settings() -> set[str]:
    """The variables with a row in one of the README's settings tables: | `NAME` | default | meaning |."""
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", (ROOT / "README.md").read_text(), re.M))


def test_every_settings_field_says_which_variables_it_comes_from():
    """Given dashboard.settings.Settings, each field names its environment variables, and they are exactly those it
    reads."""
    from dashboard.settings import Settings

    fields = dataclasses.fields(Settings)
    assert [f.name for f in fields if not f.metadata.get("env")] == []
    assert set().union(*(f.metadata["env"] for f in fields)) == dashboard_variables()


def test_the_dashboard_reads_the_environment_only_in_its_settings():
    """Given dashboard/, os.environ and os.getenv appear in dashboard/settings.py only (the rest reads
    dashboard.data.state.settings()
    in a request, or a Settings the command line built)."""
    for path in (ROOT / "dashboard").rglob("*.py"):
        if path.name != "settings.py":
            assert not re.search(r"\bos\.(environ|getenv)\b|\bgetenv\(|from os import", path.read_text()), path


def test_every_setting_of_the_dashboard_and_the_etl_is_in_the_readme():
    """Given every variable the dashboard's Settings and the ETL's modules read, when the README's settings tables are
    read,
    then each has a row there."""
    etl_variables, unknown = environment_reads("etl")
    assert unknown == [], "environment read with a name this test cannot see: make it a string or a module constant"
    assert (
        etl_variables and {"REDIS_URL", "VRU_SECRET_KEY", "VRU_DATA_DIR"} <= dashboard_variables()
    )  # the search itself works
    assert sorted((dashboard_variables() | etl_variables) - readme_settings()) == []


def test_every_module_is_on_the_readme_map_of_the_code():
    """The README's map of the code names every module and package of dashboard/ and etl/."""
    readme = (ROOT / "README.md").read_text()
    code_map = readme[readme.index("### A map of the code") :]
    code_map = code_map[: code_map.index("\n### ", 10)]
    for path in sorted((ROOT / "dashboard").rglob("*.py")) + sorted((ROOT / "etl").rglob("*.py")):
        if path.name == "__init__.py" and path.parent.name not in ("dashboard", "etl"):
            assert f"`{path.parent.name}/`" in code_map, (
                f"{path.parent.relative_to(ROOT)}/ is not on README.md's map of the code"
            )
        elif path.name != "__init__.py":
            assert f"`{path.name}`" in code_map, f"{path.relative_to(ROOT)} is not on README.md's map of the code"
