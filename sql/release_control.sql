-- Release control, in the internal database only (never copied to the public one): who submitted,
-- approved, moved or withdrew a release and why, who saw its figures before publication, and what it
-- changes against the live release. Written by the internal dashboard (its approvers' and analysts'
-- actions, each also in the audit trail) and by the ETL (loading, publication). Portable DDL.
-- On PostgreSQL the internal app's role may write exactly these tables, and the state columns of
-- `releases` (sql/postgres_grants.sql, applied by the ETL).

CREATE TABLE IF NOT EXISTS release_control (
    release_id      INTEGER PRIMARY KEY,
    submitted_by    TEXT,               -- the analyst or approver who submitted the draft for approval
    submitted_at    TEXT,               -- ISO 8601, UTC
    submission_note TEXT,               -- what the submitter asks the approver to look at
    approved_by     TEXT,               -- never the submitter (checked in the same UPDATE)
    approved_at     TEXT,
    entry_id        TEXT,               -- the release_calendar entry it is announced for
    withdrawn_by    TEXT
);

-- Every action on a release or an announced date, newest last: the history the Releases page shows.
CREATE TABLE IF NOT EXISTS release_actions (
    acted_at        TEXT NOT NULL,      -- ISO 8601, UTC
    release_id      INTEGER,            -- NULL for an announcement made before its release exists
    entry_id        TEXT,               -- the calendar entry, where the action is about a date
    action          TEXT NOT NULL,      -- submit | approve | reschedule | withdraw | announce | publish
    username        TEXT NOT NULL,      -- who (vru-etl for what the ETL did)
    role            TEXT NOT NULL,      -- their role then: analyst | approver | etl
    publish_at      TEXT,               -- the time set, where the action sets one
    note            TEXT                -- the note or the reason given
);

-- Pre-release access: everyone who saw a release's protected figures before it was published (a
-- preview of a public page, or the approver's view of what it changes). Summarised into the public
-- releases.pre_release_access when it is published: how many people, their roles, how long before.
CREATE TABLE IF NOT EXISTS release_previews (
    release_id      INTEGER NOT NULL,
    username        TEXT NOT NULL,
    role            TEXT NOT NULL,
    first_at        TEXT NOT NULL,      -- ISO 8601, UTC
    last_at         TEXT NOT NULL,
    views           INTEGER NOT NULL,
    PRIMARY KEY (release_id, username)
);

-- What a draft changes against the live release, computed by the ETL from the protected tables of both
-- (it reads both databases; the internal site need not), again whenever another release goes live.
CREATE TABLE IF NOT EXISTS release_reviews (
    release_id      INTEGER PRIMARY KEY,
    compared_with   INTEGER,            -- the live release compared with (NULL: there was none)
    summary         TEXT NOT NULL,      -- JSON: headline figures, revised cells by table, ratings, services
    computed_at     TEXT NOT NULL
);
