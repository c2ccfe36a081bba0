"""When a release may be published (dashboard/data/release_times.py): the next working day at 09:30 London time by
default, and never a time that has passed or falls outside 07:00-19:00 London time."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.data import release_times

LONDON = release_times.LONDON


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-12-07T10:00:00+00:00", "2026-12-08T09:30:00+00:00"),  # a Monday: Tuesday
        ("2026-12-04T16:00:00+00:00", "2026-12-07T09:30:00+00:00"),  # a Friday: Monday
        ("2026-12-24T09:00:00+00:00", "2026-12-29T09:30:00+00:00"),  # Christmas, then Boxing Day's substitute Monday
        ("2027-03-25T12:00:00+00:00", "2027-03-30T09:30:00+01:00"),  # Good Friday, Easter Monday; then summer time
        ("2026-12-06T23:50:00+00:00", "2026-12-07T09:30:00+00:00"),  # a Sunday night
    ],
)
def test_the_default_is_the_next_working_day_at_half_past_nine_in_london(now, expected):
    assert release_times.default_time(utc(now)) == utc(expected)


def test_bank_holidays_are_read_from_the_bundled_list():
    holidays = release_times.bank_holidays()
    assert dt.date(2026, 12, 28) in holidays and dt.date(2027, 3, 26) in holidays
    assert release_times.covers(dt.date(2027, 12, 31)) and not release_times.covers(dt.date(2028, 1, 3))


@pytest.mark.parametrize(
    ("date", "time", "problem"),
    [
        ("2026-12-07", "09:29", "has passed"),
        ("2026-12-08", "06:59", "between 07:00 and 19:00"),
        ("2026-12-08", "19:01", "between 07:00 and 19:00"),
        ("2027-06-01", "06:30", "between 07:00 and 19:00"),  # British Summer Time: 05:30 UTC
    ],
)
def test_a_time_in_the_past_or_outside_working_hours_is_refused_with_the_reason(date, time, problem):
    now = utc("2026-12-07T09:29:30+00:00")
    with pytest.raises(release_times.BadTime, match=problem):
        release_times.check(release_times.parse(date, time), now=now)


@pytest.mark.parametrize(("date", "time"), [("2026-12-08", "07:00"), ("2026-12-08", "19:00"), ("2027-07-01", "09:30")])
def test_times_from_seven_to_seven_in_the_future_are_accepted(date, time):
    when = release_times.parse(date, time)
    release_times.check(when, now=utc("2026-12-07T09:29:30+00:00"))
    assert when.astimezone(LONDON).strftime("%H:%M") == time


@pytest.mark.parametrize(
    ("date", "time"),
    [("07/12/2026", "09:30"), ("2026-12-08", "half nine"), ("", ""), ("2027-03-28", "01:30"), ("2026-02-30", "09:30")],
)
def test_dates_and_times_that_are_not_ones_are_refused(date, time):
    """Given a date not written YYYY-MM-DD, a time not HH:MM, or a London time the clocks skip, then BadTime."""
    with pytest.raises(release_times.BadTime):
        release_times.parse(date, time)
