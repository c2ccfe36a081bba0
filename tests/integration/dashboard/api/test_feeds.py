"""The release feeds (dashboard/api/feeds.py), read back by standard parsers: /releases.atom by feedparser,
/releases.ics by the icalendar package; a moved date keeps its event's UID with a higher SEQUENCE; both cacheable,
with a validator that moves with the calendar; absolute addresses from VRU_PUBLIC_BASE_URL only, never the Host."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest

from etl.publication import due
from etl.publication.databases import Databases
from tests.support.publication import approve, copy_folder, execute
from tests.support.web import BASE_URL, make_app

DUE = dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.UTC)
ENTRY = "5a1d6c2e-0000-4000-8000-000000000001"


@pytest.fixture(scope="module")
def published(draft_release, tmp_path_factory):
    """Release 2 published at 09:30 on 8 December, a date announced for January; the public database's URL."""
    data = tmp_path_factory.mktemp("feeds")
    urls = copy_folder(draft_release, data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(data))
        approve(urls["internal"], 2, at=DUE)
        execute(
            urls["internal"],
            "INSERT INTO release_calendar VALUES (:e, '2027-01-12T09:30:00+00:00', '2026-27 Q3 returns; six-monthly "
            "service ratings', 'announced', NULL, 0, '2026-12-01T10:00:00+00:00', '2026-12-01T10:00:00+00:00')",
            e=ENTRY,
        )
        dbs = Databases.at(internal_url=urls["internal"], public_url=urls["public"])
        due.publish_due(dbs, at=DUE)
        dbs.dispose()
    return data, urls


def test_the_atom_feed_has_an_entry_per_published_release_that_a_feed_reader_reads(published):
    _data, urls = published
    client = make_app(urls["public"], mode="public", public_base_url=BASE_URL).server.test_client()
    response = client.get("/releases.atom", headers={"Host": "evil.example"})
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo and feed.version == "atom10"
    assert [e.title.split(",")[0] for e in feed.entries] == ["Release 2", "Release 1"]
    newest = feed.entries[0]
    assert newest.link == f"{BASE_URL}/?release=2" and newest.id == f"{BASE_URL}/revisions#release-2"
    assert "published figures differ from release 1" in newest.summary
    assert any(link.href == f"{BASE_URL}/releases" for link in newest.links)
    assert "evil.example" not in response.get_data(as_text=True)


def test_the_icalendar_feed_has_each_announced_date_at_its_london_time(published):
    _data, urls = published
    client = make_app(urls["public"], mode="public").server.test_client()
    response = client.get("/releases.ics")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    event = events[f"{ENTRY}@release-calendar.london-vru"]
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2027, 1, 12, 9, 30, tzinfo=ZoneInfo("Europe/London")) and int(event["SEQUENCE"]) == 0
    assert "Q3 returns" in str(event["SUMMARY"]) and "URL" not in event  # no absolute address without a base URL


def test_a_moved_date_keeps_its_event_with_a_higher_sequence_and_a_new_validator(published, tmp_path):
    data, _urls = published
    moved = copy_folder(data, tmp_path / "moved")
    client = make_app(moved["public"], mode="public").server.test_client()
    first = client.get("/releases.ics")
    etag = first.headers["ETag"]
    assert client.get("/releases.ics", headers={"If-None-Match": etag}).status_code == 304
    assert first.headers["Cache-Control"].startswith("public")
    execute(moved["internal"], "UPDATE release_calendar SET publish_at = '2027-01-13T09:30:00+00:00', sequence = 1")
    execute(
        moved["internal"],
        "INSERT INTO release_calendar_changes VALUES (:e, '2026-12-09T10:00:00+00:00', '2027-01-12T09:30:00+00:00', "
        "'2027-01-13T09:30:00+00:00', 'Two providers'' returns are late')",
        e=ENTRY,
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(tmp_path / "moved"))
        dbs = Databases.at(internal_url=moved["internal"], public_url=moved["public"])
        assert due.publish_due(dbs, at=DUE).calendar_synced
        dbs.dispose()
    again = client.get("/releases.ics", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    event = next(e for e in icalendar.Calendar.from_ical(again.data).walk("VEVENT") if ENTRY in str(e["UID"]))
    assert int(event["SEQUENCE"]) == 1 and event.decoded("DTSTART").day == 13
    assert "Two providers' returns are late" in str(event["DESCRIPTION"])
    assert "Two providers' returns are late" in client.get("/releases").get_data(as_text=True).replace("&#x27;", "'")
