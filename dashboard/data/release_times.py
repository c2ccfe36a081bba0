"""When a release may be published: the default time, and the times an approver may choose.

- The default is the next working day at 09:30 in London (the Code of Practice for Statistics' usual
  release time). A working day is Monday to Friday, except the bank holidays of England and Wales.
- A chosen time must be in the future, and between 07:00 and 19:00 London time: when someone is at work
  to answer questions about the figures, and never in the small hours by a slip of the keyboard.

The bank holidays are GOV.UK's list for England and Wales (https://www.gov.uk/bank-holidays.json),
2025 to 2027, in reference/bank_holidays_england_wales.csv; add each new year's when GOV.UK publishes it.
After the last year listed only weekends are skipped, and `covers` says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DEFAULT_TIME = dt.time(9, 30)
EARLIEST, LATEST = dt.time(7, 0), dt.time(19, 0)
BANK_HOLIDAYS = Path(__file__).resolve().parent / "reference" / "bank_holidays_england_wales.csv"


class BadTime(ValueError):
    """A publication time that cannot be used, with the reason in words fit for the form."""


@functools.cache
def bank_holidays() -> frozenset[dt.date]:
    with BANK_HOLIDAYS.open(newline="", encoding="utf-8") as handle:
        return frozenset(dt.date.fromisoformat(row["date"]) for row in csv.DictReader(handle))


def covers(day: dt.date) -> bool:
    """Whether the bundled list of bank holidays reaches `day`'s year."""
    return day.year <= max(bank_holidays()).year


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def next_working_day(after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def default_time(now: dt.datetime) -> dt.datetime:
    """The next working day at 09:30 London time, as an aware datetime in UTC."""
    day = next_working_day(now.astimezone(LONDON).date())
    return dt.datetime.combine(day, DEFAULT_TIME, tzinfo=LONDON).astimezone(dt.UTC)


def parse(date_text: str, time_text: str) -> dt.datetime:
    """A date (YYYY-MM-DD) and a time (HH:MM) typed in a form, London time, as an aware datetime in UTC."""
    try:
        day = dt.date.fromisoformat(str(date_text).strip())
        clock = dt.time.fromisoformat(str(time_text).strip())
    except ValueError as err:
        raise BadTime("give the date as YYYY-MM-DD and the time as HH:MM (24-hour, London time)") from err
    local = dt.datetime.combine(day, clock.replace(second=0, microsecond=0, tzinfo=None), tzinfo=LONDON)
    # A time the clocks skip (spring forward) or repeat (autumn back) is refused rather than guessed.
    if local.astimezone(dt.UTC).astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise BadTime(f"{clock:%H:%M} does not exist on {day} in London (the clocks change)")
    return local.astimezone(dt.UTC)


def check(when: dt.datetime, *, now: dt.datetime) -> None:
    """Refuse a publication time in the past, or outside 07:00 to 19:00 London time (BadTime says why)."""
    if when <= now:
        raise BadTime(f"{when.astimezone(LONDON):%Y-%m-%d %H:%M} has passed: choose a time in the future (London time)")
    local = when.astimezone(LONDON).time()
    if not EARLIEST <= local <= LATEST:
        raise BadTime(
            f"releases are published between {EARLIEST:%H:%M} and {LATEST:%H:%M} London time, not at {local:%H:%M}"
        )
