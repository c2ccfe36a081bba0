-- Tables of the internal database only: never created in the public one.

CREATE TABLE IF NOT EXISTS data_quality_findings (
    release_id  INTEGER NOT NULL REFERENCES releases (release_id),
    file        TEXT NOT NULL,
    row_number  INTEGER,
    column_name TEXT,
    value       TEXT,
    expected    TEXT NOT NULL,
    rule        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    provider_id TEXT,
    service_id  TEXT            -- a register record's warning: its owning team is shown it (issue 13)
);

-- True counts and spend per delivery provider: never published (small providers'
-- counts would be disclosive), for contract management.
CREATE TABLE IF NOT EXISTS provider_summary (
    release_id      INTEGER NOT NULL REFERENCES releases (release_id),
    programme_id    TEXT NOT NULL,
    provider_id     TEXT NOT NULL,
    financial_year  TEXT NOT NULL,
    participants    INTEGER NOT NULL,
    referrals       INTEGER NOT NULL,
    completions     INTEGER NOT NULL,
    spend_gbp       DOUBLE PRECISION,
    PRIMARY KEY (release_id, programme_id, provider_id, financial_year)
);

-- The contract managers' notes on each six-monthly service review (issue 14): written to the
-- VRU about providers' staffing, late returns and improvement plans, not for publication.
CREATE TABLE IF NOT EXISTS service_review_notes (
    release_id      INTEGER NOT NULL REFERENCES releases (release_id),
    service_id      TEXT NOT NULL,
    period          TEXT NOT NULL,
    reviewer_note   TEXT NOT NULL,
    PRIMARY KEY (release_id, service_id, period)
);
