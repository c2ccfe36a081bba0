"""The release feeds, for readers who want to know when figures change without checking every day:

- /releases.atom: Atom 1.0 (RFC 4287), an entry per published release, with what changed and links to the
  calendar and to the figures as published; a withdrawn release's entry says so and why;
- /releases.ics: iCalendar (RFC 5545), an event per announced date at its London time (a VTIMEZONE for
  Europe/London is included), each with a UID that never changes and a SEQUENCE one higher at every move,
  so that a subscribed calendar moves the event rather than adding another.

Both are cacheable (a weak ETag from `calendar.version`, which changes with the calendar and with every
publication or withdrawal, and `Cache-Control: public`). Absolute addresses come from VRU_PUBLIC_BASE_URL
only (dashboard/access/urls.py), never from the Host header; without it, links are relative to the site
and ids are `urn:uuid:` names made from the release or the date.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

import pandas as pd
from flask import Flask, Response, request

from dashboard.access import caching, urls
from dashboard.api import http
from dashboard.data import calendar, queries, release_context, state
from dashboard.data.vocabulary import LICENCE_URL, SOURCE
from dashboard.ui import errors, release_words, site

ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE, ICS_TYPE = "application/atom+xml", "text/calendar"
NAMESPACE = uuid.UUID("5f0c8f7e-6a43-4c1e-9d2b-7a52c1a0e8b1")  # this site's ids: urn:uuid names made from it
MAX_ENTRIES = 100  # releases in the Atom feed: some years of them; /revisions lists every one
EVENT_MINUTES = 30
LONDON_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def _url(path: str) -> str:
    return urls.absolute(path, settings=state.settings())


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def _rfc3339(text) -> str:
    found = release_words.moment(text)
    return (found or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------------- Atom
def _summary(engine, r, earlier) -> str:
    rid = int(r["release_id"])
    note = r["note"] if isinstance(r["note"], str) and r["note"] else "No note was given for this release."
    if release_context.release_state(r) == release_context.WITHDRAWN:
        reason = r["withdrawal_reason"] if isinstance(r["withdrawal_reason"], str) else "no reason was recorded"
        return f"Release {rid} was withdrawn: {reason}. Its figures are no longer served. {note}"
    if earlier is None:
        change = "The first release."
    else:
        n = len(queries.changed_cells(engine, release_id=rid, previous=int(earlier["release_id"])))
        previous = int(earlier["release_id"])
        change = f"{n:,} of {int(r['cells_published']):,} published figures differ from release {previous}."
    return f"{note} {change} {release_words.pre_release_access(r.get('pre_release_access'))}"


def atom(engine) -> bytes:
    releases = queries.public_releases(engine).head(MAX_ENTRIES)
    readable = releases[releases["state"].fillna(release_context.PUBLISHED) != release_context.WITHDRAWN]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{site.SITE}: releases"
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = "Each release of the figures, when it is published."
    base = state.settings().public_base_url
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _url("/releases.atom") if base else _urn("feed")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type=ATOM_TYPE, href=_url("/releases.atom"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=_url("/releases"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="license", href=LICENCE_URL)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = SOURCE
    stamps = [
        _rfc3339(r.get("withdrawn_at") or r.get("published_at") or r["created_at"]) for _, r in releases.iterrows()
    ]
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max(stamps, default=_rfc3339(None))
    for (_, r), stamp in zip(releases.iterrows(), stamps):
        rid = int(r["release_id"])
        withdrawn = release_context.release_state(r) == release_context.WITHDRAWN
        earlier_rows = readable[readable["release_id"] < rid]
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        published_at = release_words.when(r.get("published_at")) or release_words.when(r["created_at"])
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"Release {rid}, published {published_at}" + (
            " (withdrawn)" if withdrawn else ""
        )
        ET.SubElement(entry, f"{{{ATOM}}}id").text = (
            _url(f"/revisions#release-{rid}") if base else _urn(f"release-{rid}")
        )
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _rfc3339(r.get("published_at") or r["created_at"])
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = _summary(
            engine, r, earlier_rows.iloc[0] if len(earlier_rows) else None
        )
        figures = f"/revisions#release-{rid}" if withdrawn else f"/?release={rid}"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=_url(figures))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", type="text/html", href=_url("/releases"))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


# ---------------------------------------------------------------------- iCalendar
def _ics_text(value: str) -> str:
    """TEXT as RFC 5545 escapes it."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a space (RFC 5545 section 3.1), never inside a character."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode()) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *[" " + part for part in out[1:]]]


def _utc(text) -> str:
    found = release_words.moment(text)
    return (found or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics(engine) -> bytes:
    entries, changes = calendar.entries(engine), calendar.changes(engine)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//London VRU//Performance dashboard release calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(site.SITE + ': release calendar')}",
        "X-WR-TIMEZONE:Europe/London",
        *LONDON_VTIMEZONE,
    ]
    for _, e in entries.iterrows():
        start = release_words.moment(e["publish_at"])
        if start is None:
            continue
        moved = changes[changes["entry_id"] == e["entry_id"]] if len(changes) else pd.DataFrame()
        day = release_words.when(e["publish_at"], time=False)
        words = [f"{e['description']}. Published at {start:%H:%M} London time on {day}."]
        words += [
            f"Moved from {release_words.when(c['previous_publish_at'])}: {c['reason']}" for _, c in moved.iterrows()
        ]
        end = start + dt.timedelta(minutes=EVENT_MINUTES)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e['entry_id']}@release-calendar.london-vru",
            f"DTSTAMP:{_utc(e['updated_at'])}",
            f"LAST-MODIFIED:{_utc(e['updated_at'])}",
            f"CREATED:{_utc(e['announced_at'])}",
            f"SEQUENCE:{int(e['sequence'])}",
            f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:{_ics_text('VRU dashboard release: ' + str(e['description']))}",
            f"DESCRIPTION:{_ics_text(' '.join(words))}",
            f"STATUS:{'CANCELLED' if e['status'] == calendar.CANCELLED else 'CONFIRMED'}",
            "TRANSP:TRANSPARENT",
            *([f"URL:{_url('/releases')}"] if state.settings().public_base_url else []),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n").encode()


# ---------------------------------------------------------------------- routes
def _serve(kind: str):
    if request.method == "OPTIONS":
        return http.preflight()
    try:
        engine = state.engine()
        # The feeds change with the calendar (a date announced or moved) as well as with a release.
        if (unchanged := caching.vary_on({"feed": kind}, version=calendar.version(engine))) is not None:
            return http.cors(unchanged)
        body, mimetype = (atom(engine), ATOM_TYPE) if kind == "atom" else (ics(engine), ICS_TYPE)
    except errors.UNAVAILABLE as err:
        return http.unavailable(err)
    response = Response(body, mimetype=mimetype)
    if kind == "ics":
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        response.headers["Content-Disposition"] = 'inline; filename="london-vru-release-calendar.ics"'
    return http.cacheable(response)


def register(server: Flask) -> None:
    methods = list(http.ALLOWED_METHODS)
    server.add_url_rule("/releases.atom", "releases_atom", lambda: _serve("atom"), methods=methods)
    server.add_url_rule("/releases.ics", "releases_ics", lambda: _serve("ics"), methods=methods)
