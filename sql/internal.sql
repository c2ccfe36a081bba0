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
    service_id  TEXT            -- a register record's warning: its owning team is shown it
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
    leavers         INTEGER,          -- referrals ended in the year, completed or withdrawn (NULL in older releases, which did not count them)
    PRIMARY KEY (release_id, programme_id, provider_id, financial_year)
);

-- The contract managers' notes on each six-monthly service review: written to the
-- VRU about providers' staffing, late returns and improvement plans, not for publication.
CREATE TABLE IF NOT EXISTS service_review_notes (
    release_id      INTEGER NOT NULL REFERENCES releases (release_id),
    service_id      TEXT NOT NULL,
    period          TEXT NOT NULL,
    reviewer_note   TEXT NOT NULL,
    PRIMARY KEY (release_id, service_id, period)
);

-- Performance management: built by etl/performance.py, read by the internal
-- pages (what needs attention, providers compared, spend against profile).

-- One row per KPI and quarter whose return was due: on time, late or missing.
CREATE TABLE IF NOT EXISTS kpi_returns (
    release_id      INTEGER NOT NULL REFERENCES releases (release_id),
    kpi_id          TEXT NOT NULL,
    programme_id    TEXT NOT NULL,
    provider_id     TEXT NOT NULL,      -- who returned it, or should have
    quarter         TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    submitted_date  TEXT,               -- NULL: missing
    days_late       INTEGER,
    status          TEXT NOT NULL,      -- on time | late | missing
    PRIMARY KEY (release_id, kpi_id, quarter)
);

-- Budget profile (straight-line unless the budgets extract gives one) and spend, by month.
CREATE TABLE IF NOT EXISTS spend_profile (
    release_id              INTEGER NOT NULL REFERENCES releases (release_id),
    programme_id            TEXT NOT NULL,
    financial_year          TEXT NOT NULL,
    month_index             INTEGER NOT NULL,   -- 1 = April .. 12 = March
    month                   TEXT NOT NULL,      -- first day of the month
    budget_gbp              DOUBLE PRECISION NOT NULL,
    profile_gbp             DOUBLE PRECISION NOT NULL,
    profile_cumulative_gbp  DOUBLE PRECISION NOT NULL,
    spend_gbp               DOUBLE PRECISION NOT NULL,
    spend_cumulative_gbp    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (release_id, programme_id, financial_year, month_index)
);

-- Per programme and year: spend against profile to date and the run-rate forecast.
CREATE TABLE IF NOT EXISTS spend_position (
    release_id              INTEGER NOT NULL REFERENCES releases (release_id),
    programme_id            TEXT NOT NULL,
    financial_year          TEXT NOT NULL,
    months_elapsed          INTEGER NOT NULL,
    budget_gbp              DOUBLE PRECISION NOT NULL,
    profile_to_date_gbp     DOUBLE PRECISION NOT NULL,
    spend_to_date_gbp       DOUBLE PRECISION NOT NULL,
    variance_gbp            DOUBLE PRECISION NOT NULL,
    variance_pct            DOUBLE PRECISION,
    forecast_outturn_gbp    DOUBLE PRECISION,
    forecast_variance_gbp   DOUBLE PRECISION,
    forecast_variance_pct   DOUBLE PRECISION,
    PRIMARY KEY (release_id, programme_id, financial_year)
);

-- Cells the public release suppresses although their true count is large.
CREATE TABLE IF NOT EXISTS hidden_cells (
    release_id  INTEGER NOT NULL REFERENCES releases (release_id),
    measure     TEXT NOT NULL,
    programme   TEXT NOT NULL,
    period      TEXT NOT NULL,
    borough     TEXT NOT NULL,
    age_band    TEXT NOT NULL,
    gender      TEXT NOT NULL,
    ethnicity   TEXT NOT NULL,
    value       INTEGER NOT NULL,   -- the true count
    suppression TEXT NOT NULL,      -- primary | secondary
    PRIMARY KEY (release_id, measure, programme, period, borough, age_band, gender, ethnicity)
);

-- The date, financial year and quarter the release reports on ("this quarter").
CREATE TABLE IF NOT EXISTS reporting_position (
    release_id      INTEGER NOT NULL REFERENCES releases (release_id),
    as_of           TEXT NOT NULL,
    financial_year  TEXT NOT NULL,
    quarter         TEXT,
    PRIMARY KEY (release_id)
);

-- Providers' returns (etl/returns), written by `vru-etl returns import`; not part of any release.
-- One row per return file checked at an import: whose, for which quarter, when it came, who took it in, its outcome.
CREATE TABLE IF NOT EXISTS returns_log (
    digest        TEXT PRIMARY KEY,   -- SHA-256 of the file
    provider_id   TEXT,               -- NULL: the file was refused before its identity could be read
    period        TEXT,
    file_name     TEXT NOT NULL,
    received_at   TEXT NOT NULL,      -- ISO 8601, UTC
    uploaded_by   TEXT NOT NULL,
    checked_at    TEXT NOT NULL,
    outcome       TEXT NOT NULL,      -- accepted | accepted with warnings | refused
    counts        INTEGER NOT NULL,   -- 1 for the latest accepted return of its provider and quarter: the one that counts
    errors        INTEGER NOT NULL,
    warnings      INTEGER NOT NULL
);

-- Every provider's return expected for each quarter begun, with its deadlines and whom to chase.
CREATE TABLE IF NOT EXISTS returns_expected (
    provider_id     TEXT NOT NULL,
    period          TEXT NOT NULL,
    provider_name   TEXT NOT NULL,
    due_date        TEXT NOT NULL,    -- late after it
    final_date      TEXT NOT NULL,    -- missing after it
    contact         TEXT,             -- the provider's contact in the providers extract
    owning_team     TEXT,             -- the commissioning team(s) of its services
    PRIMARY KEY (provider_id, period)
);
