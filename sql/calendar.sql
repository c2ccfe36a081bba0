-- The release calendar: publication dates announced in advance, each change of a date with its reason
-- (orderly release, as the Code of Practice for Statistics asks). In both databases: the internal one is
-- written by the internal dashboard's approvers; `vru-etl publish --due` copies it to the public one,
-- which the public site reads (/releases, /releases.ics), so the public site never needs internal access.
-- Portable DDL for SQLite and PostgreSQL. No names of people: those stay in sql/release_control.sql.

CREATE TABLE IF NOT EXISTS release_calendar (
    entry_id        TEXT PRIMARY KEY,   -- stable for ever: the iCalendar event's UID
    publish_at      TEXT NOT NULL,      -- ISO 8601, UTC (shown in Europe/London)
    description     TEXT NOT NULL,      -- what the release will hold, e.g. "2026-27 Q3 returns; six-monthly ratings"
    status          TEXT NOT NULL,      -- announced | published | cancelled
    release_id      INTEGER,            -- the release for this date once there is one (public: once published)
    sequence        INTEGER NOT NULL,   -- iCalendar SEQUENCE: one more at every change of the date
    announced_at    TEXT NOT NULL,      -- ISO 8601, UTC
    updated_at      TEXT NOT NULL       -- ISO 8601, UTC: the last change
);

CREATE TABLE IF NOT EXISTS release_calendar_changes (
    entry_id            TEXT NOT NULL,  -- release_calendar.entry_id
    changed_at          TEXT NOT NULL,  -- ISO 8601, UTC
    previous_publish_at TEXT NOT NULL,
    publish_at          TEXT NOT NULL,  -- the new time ('' when the date was cancelled)
    reason              TEXT NOT NULL   -- why the date moved, shown on /releases
);

-- Public database only: the digest of the calendar last copied, so that a run with nothing new writes nothing,
-- and the public site can tag its calendar responses (ETag) without reading the whole calendar.
CREATE TABLE IF NOT EXISTS release_calendar_sync (
    name        TEXT PRIMARY KEY,       -- 'calendar'
    digest      TEXT NOT NULL,
    synced_at   TEXT NOT NULL
);
