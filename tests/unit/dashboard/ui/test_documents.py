"""The HTML documents served beside Dash's pages (dashboard/ui/documents.py and its templates)."""

from __future__ import annotations

import html.parser
from pathlib import Path

import jinja2
import pytest

from dashboard.ui import documents, site

TEMPLATES = Path(documents.__file__).parent / "templates"
CRAFTED = '"><script>alert(1)</script>'


def test_every_value_reaches_the_page_escaped():
    """Given a crafted address, when the outage page offers it again, then it is escaped in the text and the link."""
    page = documents.render("outage.html", page_title="t", title=CRAFTED, message=CRAFTED, again="/x?q=" + CRAFTED)
    assert "<script>" not in page
    assert '<a href="/x?q=&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in page


def test_a_document_has_the_site_s_head_and_its_own_title():
    title = site.title("Page not found")
    page = documents.render("not_found.html", page_title=title, navigation=[("/", "Overview")], title="T", message="M")
    assert page.startswith('<!doctype html>\n<html lang="en-GB">')
    assert f"<title>Page not found - {site.SITE}</title>" in page
    assert '<link rel="stylesheet" href="/assets/10-dashboard.css">' in page.replace("\n", " ")
    assert '<li class="nav-item"><a class="nav-link" href="/">Overview</a></li>' in page


def test_a_value_a_template_needs_and_is_not_given_is_an_error_not_an_empty_string():
    with pytest.raises(jinja2.UndefinedError):
        documents.render("outage.html", page_title="t", title="T", message="M")


class _Attributes(html.parser.HTMLParser):
    """Every attribute of every tag, as (tag, name, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value or "") for name, value in attrs]


def test_the_404_search_hint_reads_as_words():
    """A browser drops the line breaks of a placeholder: one inside "e.g. mentoring" showed "e.g.mentoring"."""
    page = documents.render("not_found.html", page_title="t", navigation=[("/", "Overview")], title="T", message="M")
    parser = _Attributes()
    parser.feed(page)
    assert ("input", "placeholder", "e.g. mentoring, youth") in parser.found


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_attribute_of_a_template_breaks_across_lines(template):
    """A line break inside an attribute's value is lost (placeholder, alt) or kept where it should not be (href)."""
    parser = _Attributes()
    parser.feed((TEMPLATES / template).read_text(encoding="utf-8"))
    assert [(tag, name) for tag, name, value in parser.found if "\n" in value] == []
