"""Docs and schema that must not drift from the code."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import sqlalchemy as sa

from etl.contract import dictionary
from etl.load.schema import INTERNAL_SCHEMA_FILES, apply_schema
from etl.publish.release import release_tables
from etl.returns import log as returns_log

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
        tables = release_tables(typed, cells, protected=protected, findings=warnings) | (
            {} if protected else internal_only
        )
        for name, frame in tables.items():
            assert ["release_id", *frame.columns] == schema[name], name
    internal = release_tables(typed, cells, protected=False, findings=warnings) | internal_only
    # Besides the releases, only the providers' returns' tables, which no release holds (etl/returns/log.py).
    assert set(schema) - set(internal) == {"releases", *returns_log.TABLES}


# The guides for each reader (the README is the way in to them).
DOCS = ROOT / "docs"


def _usage_lines(text: str, command: str) -> list[str]:
    """The lines of `text` that show `command` (e.g. "vru-etl run"), and not a longer command that starts with it."""
    return [line for line in text.splitlines() if re.search(rf"{re.escape(command)}(?![\w-])", line)]


def test_every_cli_command_and_option_is_in_the_operating_guide():
    """Given the two command lines, when docs/operating.md is read, then each command has a usage line there and each of
    its options is on one of them."""
    from dashboard.cli import parser as dashboard_parser
    from etl.cli import parser as etl_parser

    guide = (DOCS / "operating.md").read_text()
    for program, parser in (("vru-etl", etl_parser()), ("vru-dashboard", dashboard_parser())):
        for name, command in parser._subparsers._group_actions[0].choices.items():
            lines = _usage_lines(guide, f"{program} {name}")
            assert lines, f"`{program} {name}` is not in docs/operating.md"
            for action in command._actions:
                for option in (o for o in action.option_strings if o.startswith("--") and o != "--help"):
                    assert any(re.search(rf"{option}(?![\w-])", line) for line in lines), (
                        f"`{program} {name} {option}` is not in docs/operating.md"
                    )


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


def documented_settings() -> set[str]:
    """The variables with a row in one of docs/operating.md's settings tables: | `NAME` | default | meaning |."""
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", (DOCS / "operating.md").read_text(), re.M))


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


def test_every_setting_of_the_dashboard_and_the_etl_is_in_the_operating_guide():
    """Given every variable the dashboard's Settings and the ETL's modules read, when docs/operating.md's settings
    tables are read, then each has a row there."""
    etl_variables, unknown = environment_reads("etl")
    assert unknown == [], "environment read with a name this test cannot see: make it a string or a module constant"
    assert (
        etl_variables and {"REDIS_URL", "VRU_SECRET_KEY", "VRU_DATA_DIR"} <= dashboard_variables()
    )  # the search itself works
    assert sorted((dashboard_variables() | etl_variables) - documented_settings()) == []


def _code_map() -> str:
    """The section "A map of the code" of docs/developing.md, down to the next section of its level."""
    guide = (DOCS / "developing.md").read_text()
    start = guide.index("\n## A map of the code\n")
    end = guide.find("\n## ", start + 1)
    return guide[start : end if end != -1 else None]


def test_every_module_and_package_is_on_the_map_of_the_code():
    """docs/developing.md's map of the code names every package of dashboard/ and etl/ (as `name/`) and every module (as
    `name.py`), a module name as many times at least as there are modules so named (kpis.py is in pages/ and demo/)."""
    code_map = _code_map()
    modules = [path for top in ("dashboard", "etl") for path in sorted((ROOT / top).rglob("*.py"))]
    packages = {path.parent for path in modules} - {ROOT / "dashboard", ROOT / "etl"}
    for package in sorted(packages):
        assert f"`{package.name}/`" in code_map, (
            f"{package.relative_to(ROOT)}/ is not on docs/developing.md's map of the code"
        )
    names = Counter(path.name for path in modules if path.name != "__init__.py")
    for name, count in sorted(names.items()):
        assert code_map.count(f"`{name}`") >= count, (
            f"{name} ({count} module(s)) is not named often enough on docs/developing.md's map of the code"
        )


# The docs each reader reads, and the two the app renders as pages (/about, /about/data-dictionary), whose links to
# other pages of the site are addresses ("/about/data-dictionary") rather than files.
READER_DOCS = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
RENDERED_BY_THE_APP = {"methodology.md", "data-dictionary.md"}
FENCED_CODE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
CODE_SPAN = re.compile(r"(`+).*?\1", re.S)
INLINE_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.M)
HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)


def _prose(text: str) -> str:
    """Markdown without its code blocks and code spans, where brackets and parentheses are not links."""
    return CODE_SPAN.sub("", FENCED_CODE.sub("", text))


def markdown_links(text: str) -> list[str]:
    """The targets of the inline links, images and link reference definitions of a Markdown text."""
    prose = _prose(text)
    return INLINE_LINK.findall(prose) + REFERENCE_LINK.findall(prose)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text as rendered (links as their text, no code or emphasis marks),
    lower-cased, every character that is not a letter, digit, space, hyphen or underscore dropped, spaces as
    hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"[`*]", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def heading_anchors(text: str) -> set[str]:
    """Every heading's anchor in a Markdown text; a repeated one gets -1, -2, ... as on GitHub."""
    anchors, seen = set(), Counter()
    for heading in HEADING.findall(FENCED_CODE.sub("", text)):
        slug = github_slug(heading)
        anchors.add(f"{slug}-{seen[slug]}" if seen[slug] else slug)
        seen[slug] += 1
    return anchors


def test_github_slugs_follow_githubs_rules():
    """Given headings as the docs write them, then their anchors are the ones GitHub gives them."""
    text = "# Using the dashboard\n## The open-data API\n### `vru-etl run`: one release\n## Notes\n## Notes\n"
    text += "```\n# not a heading\n```\n## Why? Because: [c] & more\n"
    assert heading_anchors(text) == {
        "using-the-dashboard",
        "the-open-data-api",
        "vru-etl-run-one-release",
        "notes",
        "notes-1",
        "why-because-c--more",
    }


def test_every_relative_link_of_the_docs_leads_to_a_file_and_heading_that_exist():
    """Given README.md and every file of docs/, when each link that is not to another site is followed, then it leads to
    a file (or folder) of the repository and, with #anchor, to a heading of that file. In the docs the app renders as
    pages, a link to another page is its address on the site (/about/data-dictionary), which must be a page: a link
    to a file would break on the site."""
    from dashboard.pages.registry import INTERNAL, PUBLIC

    site_pages = {page.path for page in PUBLIC + INTERNAL}
    broken = []
    for doc in READER_DOCS:
        where = doc.relative_to(ROOT)
        for target in markdown_links(doc.read_text()):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue  # another site, or mailto:
            if target.startswith("/"):
                if doc.name not in RENDERED_BY_THE_APP:
                    broken.append(f"{where}: {target} (a site address in a file read on its own: link the file)")
                elif parts.path not in site_pages:
                    broken.append(f"{where}: {target} (no page of the site)")
                continue
            if parts.path and doc.name in RENDERED_BY_THE_APP:
                broken.append(f"{where}: {target} (the app renders this file as a page: link the page's address)")
                continue
            file = (doc.parent / unquote(parts.path)).resolve() if parts.path else doc
            if not file.exists():
                broken.append(f"{where}: {target} (no such file)")
            elif parts.fragment and (file.suffix != ".md" or parts.fragment not in heading_anchors(file.read_text())):
                broken.append(f"{where}: {target} (no such heading)")
    assert broken == []


def test_every_test_the_docs_name_exists():
    """Given the tests docs/security.md and the other guides name (`test_...`, as the promise they hold), when the test
    modules are read, then each is a test function there: a renamed or removed test cannot leave a promise untested
    on paper."""
    defined = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        defined |= set(re.findall(r"^(?:async )?def (test_\w+)", path.read_text(), re.M))
    named = {name for doc in DOCS.glob("*.md") for name in re.findall(r"`(test_\w+)`", doc.read_text())}
    assert named, "the search itself works"
    assert sorted(named - defined) == []
