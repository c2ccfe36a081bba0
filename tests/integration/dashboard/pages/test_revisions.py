"""The revisions page (dashboard/pages/revisions.py) on a database holding two releases."""

from __future__ import annotations


def test_revisions_list_every_release_with_its_note_and_changes(two_releases):
    import dash

    # The page as Dash registered it (importing dashboard.pages.revisions would register it twice).
    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/revisions")
    with two_releases.server.test_request_context("/"):
        text = str(layout())
    assert "Release 2" in text and "Release 1" in text and "(live)" in text
    assert "published figures differ from release 1" in text and "View as published" in text
