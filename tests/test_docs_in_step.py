"""Docs and schema that must not drift from the code."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from etl import dictionary, publish
from etl.load import INTERNAL_SCHEMA_FILES, apply_schema

ROOT = Path(__file__).resolve().parents[1]


def test_data_dictionary_document_matches_the_contract():
    """Given the contract in code, when rendered, then docs/data-dictionary.md is identical (run `vru-etl dictionary > docs/data-dictionary.md`)."""
    assert (ROOT / "docs" / "data-dictionary.md").read_text() == dictionary.render()


def _schema_columns() -> dict[str, list[str]]:
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        apply_schema(conn, files=INTERNAL_SCHEMA_FILES)
        insp = sa.inspect(conn)
        return {t: [c["name"] for c in insp.get_columns(t)] for t in insp.get_table_names()}


@pytest.mark.integration
def test_every_release_table_matches_sql_schema(small_extracts):
    """Given a small release built in memory, when compared with sql/, then every table has exactly the schema's columns."""
    import datetime as dt

    from etl import aggregate, disclosure, extract, performance, validate
    from etl.pseudonymise import DEMO_KEY, pseudonymise

    frames, problems = extract.read_extracts(small_extracts)
    typed, warnings = validate.validate(frames, as_of=dt.date(2026, 11, 22), prior_findings=problems)
    people = pseudonymise(typed.pop("participants"), key=DEMO_KEY)
    cells, _ = disclosure.protect(aggregate.count_cells(people, programme_ids=list(typed["programmes"]["programme_id"])))
    internal_only = {"provider_summary": aggregate.provider_summary(people, typed["spend"])} | performance.internal_tables(typed, cells, as_of=dt.date(2026, 11, 22))
    schema = _schema_columns()
    for protected in (False, True):
        tables = publish.release_tables(typed, cells, protected=protected, findings=warnings) | ({} if protected else internal_only)
        for name, frame in tables.items():
            assert ["release_id", *frame.columns] == schema[name], name
    internal = publish.release_tables(typed, cells, protected=False, findings=warnings) | internal_only
    assert set(schema) - set(internal) == {"releases"}


def test_every_cli_command_and_setting_is_in_the_readme():
    """Given the CLI and the settings read from the environment, when the README is read, then each is documented."""
    from etl.cli import parser

    readme = (ROOT / "README.md").read_text()
    commands = parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"vru-etl {name}" in readme, name
    from dashboard.cli import parser as dashboard_parser

    for name in dashboard_parser()._subparsers._group_actions[0].choices:
        assert f"vru-dashboard {name}" in readme, name
    settings_used = set()
    for path in list((ROOT / "etl").glob("*.py")) + list((ROOT / "dashboard").rglob("*.py")):
        settings_used |= set(re.findall(r"\"(VRU_[A-Z_]+)\"", path.read_text()))
    for var in settings_used:
        assert var in readme, var
