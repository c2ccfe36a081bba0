"""The notice over every public page drawn from a release that waits for publication (internal mode's preview):
what it is, that it is not published, and when it is to be."""

from __future__ import annotations

from dash import html

from dashboard.ui import release_words

PREVIEW_BANNER_ID = "preview-banner"


def preview_text(release: dict) -> str:
    """'Preview of release 7, not published; to be published on Monday 7 December 2026 at 09:30.'"""
    rid = int(release["release_id"])
    when = release_words.when(release.get("announced_for"))
    due = f"to be published on {when} (London time)" if when else "no publication date is set yet"
    return f"Preview of release {rid}, not published; {due}."


def preview_banner(release: dict) -> html.Div:
    rid = int(release["release_id"])
    return html.Div(
        [
            html.Strong(preview_text(release)),
            " These are the figures exactly as the public will see them. Your viewing is recorded as pre-release "
            "access. ",
            html.A("Back to the release", href=f"/internal/releases?release={rid}"),
        ],
        id=PREVIEW_BANNER_ID,
        className="alert alert-danger py-2 preview-banner",
        role="note",
    )
