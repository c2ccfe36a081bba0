"""The HTML documents served beside Dash's pages (dashboard/ui/documents.py and its templates)."""

from __future__ import annotations

import jinja2
import pytest

from dashboard.ui import documents, site

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
