-- Schema of a VRU dashboard database: the same tables in the internal database
-- (true figures) and the public one (protected figures); sql/internal.sql adds the
-- internal-only tables. Portable DDL for SQLite and PostgreSQL. Every table but
-- `releases` is keyed by release_id: earlier releases stay readable ("as published").
-- Column names are the ETL's (etl/publish/); a test keeps the two in step.
-- The same tables also hold a release's protected figures while it waits for publication, outside the
-- public database: the internal database's schema vru_pending on PostgreSQL, a file beside the internal
-- one on SQLite (internal.pending.db): see etl/publication/pending.py.

CREATE TABLE IF NOT EXISTS releases (
    release_id              INTEGER PRIMARY KEY,
    created_at              TEXT NOT NULL,            -- ISO 8601, UTC
    input_digest            TEXT NOT NULL,            -- SHA-256 of the extracts, in contract order
    rules                   TEXT NOT NULL,            -- JSON: the disclosure rules applied
    cells_published         INTEGER NOT NULL,         -- rows of published_counts in this release
    cells_suppressed        INTEGER NOT NULL,         -- of which shown as [c]
    cells_suppressed_primary   INTEGER NOT NULL,      -- counts 1 to 9
    cells_suppressed_secondary INTEGER NOT NULL,      -- hidden to protect a primary cell
    audit_passed            BOOLEAN NOT NULL,
    audit_detail            TEXT NOT NULL,            -- JSON: cells checked, narrowest interval, seconds
    warnings                INTEGER NOT NULL,         -- data-quality warnings from validation
    synthetic_data          BOOLEAN NOT NULL,         -- true while the demo's synthetic data are in use
    is_live                 BOOLEAN NOT NULL,         -- exactly one live release per database
    note                    TEXT,                     -- why this release was made (vru-etl run --note), shown on /revisions
    -- Publication (docs/operating.md, "Publishing"). The public database holds only published,
    -- superseded and withdrawn releases; drafts and approved ones wait in the pending tables (above).
    state                   TEXT,                     -- draft | approved | published | superseded | withdrawn
    publish_at              TEXT,                     -- the announced publication time, ISO 8601, UTC
    published_at            TEXT,                     -- when it went live, ISO 8601, UTC
    withdrawn_at            TEXT,                     -- when it was withdrawn, ISO 8601, UTC
    withdrawal_reason       TEXT,                     -- why, shown on /revisions with the withdrawal notice
    pre_release_access      TEXT,                     -- JSON: who saw the figures before publication (counts by role, hours)
    content_digest          TEXT                      -- SHA-256 of the protected tables exactly as approved and published
);

CREATE TABLE IF NOT EXISTS published_counts (
    release_id  INTEGER NOT NULL REFERENCES releases (release_id),
    measure     TEXT NOT NULL,      -- participants | referrals | completions
    programme   TEXT NOT NULL,      -- programme_id or 'all'
    period      TEXT NOT NULL,      -- '2023-24' or '2023-24 Q1'
    borough     TEXT NOT NULL,      -- GSS code or 'all'
    age_band    TEXT NOT NULL,
    gender      TEXT NOT NULL,
    ethnicity   TEXT NOT NULL,
    value       INTEGER,            -- NULL when suppressed
    status      TEXT NOT NULL,      -- 'c' = suppressed ([c]); '' otherwise
    PRIMARY KEY (release_id, measure, programme, period, borough, age_band, gender, ethnicity)
);

CREATE TABLE IF NOT EXISTS programmes (
    release_id          INTEGER NOT NULL REFERENCES releases (release_id),
    programme_id        TEXT NOT NULL,
    name                TEXT NOT NULL,
    priority_area       TEXT NOT NULL,
    description         TEXT NOT NULL,
    lead_provider       TEXT NOT NULL,
    start_date          TEXT NOT NULL,
    end_date            TEXT,
    total_funding_gbp   DOUBLE PRECISION NOT NULL,
    benefit_cost_ratio  DOUBLE PRECISION,
    evidence_rating     TEXT,
    evaluation_url      TEXT,
    PRIMARY KEY (release_id, programme_id)
);

CREATE TABLE IF NOT EXISTS providers (
    release_id      INTEGER NOT NULL REFERENCES releases (release_id),
    provider_id     TEXT NOT NULL,
    name            TEXT NOT NULL,
    provider_type   TEXT NOT NULL,
    website         TEXT,
    public_contact  TEXT,
    organisation_id TEXT,               -- Organisation Identifier (org-id.guide), e.g. GB-CHC-1234567; NULL where unknown
    PRIMARY KEY (release_id, provider_id)
);

CREATE TABLE IF NOT EXISTS boroughs (
    release_id              INTEGER NOT NULL REFERENCES releases (release_id),
    gss_code                TEXT NOT NULL,
    name                    TEXT NOT NULL,
    inner_outer             TEXT NOT NULL,
    population_2021         INTEGER NOT NULL,
    population_under15_2021 INTEGER NOT NULL,
    ls_abbrev               TEXT NOT NULL,
    ls_col                  INTEGER NOT NULL,
    ls_row                  INTEGER NOT NULL,
    PRIMARY KEY (release_id, gss_code)
);

CREATE TABLE IF NOT EXISTS kpi_progress (
    release_id      INTEGER NOT NULL REFERENCES releases (release_id),
    kpi_id          TEXT NOT NULL,
    programme_id    TEXT NOT NULL,
    priority_area   TEXT NOT NULL,
    name            TEXT NOT NULL,
    unit            TEXT NOT NULL,      -- percent | count | score
    direction       TEXT NOT NULL,      -- higher_is_better | lower_is_better
    is_headline     BOOLEAN NOT NULL,
    quarter         TEXT NOT NULL,
    value           DOUBLE PRECISION,   -- NULL when suppressed
    numerator       INTEGER,
    denominator     INTEGER,
    target          DOUBLE PRECISION NOT NULL,
    amber_tolerance DOUBLE PRECISION NOT NULL,
    rag_rating      TEXT,               -- green | amber | red; NULL when the value is suppressed
    rag_rule        TEXT NOT NULL,
    status          TEXT NOT NULL,
    PRIMARY KEY (release_id, kpi_id, quarter)
);

CREATE TABLE IF NOT EXISTS spend_summary (
    release_id                  INTEGER NOT NULL REFERENCES releases (release_id),
    programme_id                TEXT NOT NULL,
    financial_year              TEXT NOT NULL,
    borough                     TEXT NOT NULL,      -- GSS code or 'all'
    provider_type               TEXT NOT NULL,      -- or 'all'
    budget_gbp                  DOUBLE PRECISION,   -- on the programme-year row only
    spend_gbp                   DOUBLE PRECISION,
    participants                INTEGER,            -- reach as published
    participants_status         TEXT NOT NULL,
    cost_per_participant_gbp    DOUBLE PRECISION,
    status                      TEXT NOT NULL,
    PRIMARY KEY (release_id, programme_id, financial_year, borough, provider_type)
);

-- Each programme's year at a glance (the home page), and every programme's together ('all'), from this
-- release's own published_counts, kpi_progress and spend_summary (etl/publish/programme_summary.py): the app reads
-- these cells rather than working out a change, a count of ratings or a share of the budget.
CREATE TABLE IF NOT EXISTS programme_summary (
    release_id                  INTEGER NOT NULL REFERENCES releases (release_id),
    programme_id                TEXT NOT NULL,      -- or 'all'
    financial_year              TEXT NOT NULL,
    programmes_running          INTEGER NOT NULL,   -- 'all': how many programmes ran in the year; a programme: 1 or 0
    participants                INTEGER,            -- reach in London as published_counts publishes it; NULL when suppressed
    participants_status         TEXT NOT NULL,
    participants_change         INTEGER,            -- participants minus the year before's, both as published
    participants_change_percent DOUBLE PRECISION,   -- that change as a percentage of the year before's
    change_status               TEXT NOT NULL,      -- 'c' either year suppressed; 'z' no year before to compare with
    kpi_quarter                 TEXT,               -- the year's latest quarter with a KPI return (NULL: none)
    kpis                        INTEGER NOT NULL,   -- KPIs measured that quarter, a suppressed one among them
    kpis_on_track               INTEGER NOT NULL,   -- of which rated green
    kpis_at_risk                INTEGER NOT NULL,   -- amber
    kpis_off_track              INTEGER NOT NULL,   -- red
    kpis_not_rated              INTEGER NOT NULL,   -- value suppressed, so no rating
    budget_gbp                  DOUBLE PRECISION,
    spend_gbp                   DOUBLE PRECISION,
    spend_share                 DOUBLE PRECISION,   -- spend over budget (1.0 is all of it); NULL without a budget
    PRIMARY KEY (release_id, programme_id, financial_year)
);

CREATE TABLE IF NOT EXISTS borough_summary (
    release_id              INTEGER NOT NULL REFERENCES releases (release_id),
    programme_id            TEXT NOT NULL,      -- or 'all'
    period                  TEXT NOT NULL,
    borough                 TEXT NOT NULL,
    borough_name            TEXT NOT NULL,
    inner_outer             TEXT NOT NULL,
    population_2021         INTEGER NOT NULL,
    participants            INTEGER,
    participants_per_10k    DOUBLE PRECISION,
    status                  TEXT NOT NULL,
    PRIMARY KEY (release_id, programme_id, period, borough)
);

CREATE TABLE IF NOT EXISTS services (
    release_id          INTEGER NOT NULL REFERENCES releases (release_id),
    service_id          TEXT NOT NULL,
    name                TEXT NOT NULL,
    provider_id         TEXT NOT NULL,
    provider_name       TEXT NOT NULL,
    provider_type       TEXT NOT NULL,
    website             TEXT,
    public_contact      TEXT,
    programme_id        TEXT,
    description         TEXT NOT NULL,
    service_area        TEXT NOT NULL,
    boroughs_covered    TEXT NOT NULL,
    commissioner        TEXT NOT NULL,
    funding_stream      TEXT NOT NULL,
    annual_value_gbp    DOUBLE PRECISION NOT NULL,
    contract_start      TEXT NOT NULL,
    contract_end        TEXT NOT NULL,
    performance_measure TEXT NOT NULL,
    performance_value   DOUBLE PRECISION,
    performance_target  DOUBLE PRECISION,
    rag_rating          TEXT NOT NULL,
    rag_rule            TEXT NOT NULL,
    last_reviewed       TEXT NOT NULL,
    min_age             INTEGER,            -- who it is for, how to get in, status and owner: always filled by the ETL; NULL only in older releases
    max_age             INTEGER,
    eligibility         TEXT,
    referral_routes     TEXT,               -- ';'-separated: self-referral, family, professional, police, school
    contact_phone       TEXT,
    contact_email       TEXT,
    contact_url         TEXT,
    status              TEXT,               -- active | ending (contract ends within 6 months) | ended; derived at the release's extract date
    owning_team         TEXT,
    next_review_date    TEXT,
    award_type          TEXT,               -- grant | contract (NULL only in older releases, made before the register said which)
    PRIMARY KEY (release_id, service_id)
);

-- Where each service runs: a named site with a postcode, or a delivery mode (online, in schools, ...).
CREATE TABLE IF NOT EXISTS service_sites (
    release_id      INTEGER NOT NULL REFERENCES releases (release_id),
    service_id      TEXT NOT NULL,
    site_id         TEXT NOT NULL,
    delivery_mode   TEXT NOT NULL,
    site_name       TEXT,
    address         TEXT,
    postcode        TEXT,
    PRIMARY KEY (release_id, service_id, site_id)
);

CREATE TABLE IF NOT EXISTS funding_opportunities (
    release_id      INTEGER NOT NULL REFERENCES releases (release_id),
    opportunity_id  TEXT NOT NULL,
    title           TEXT NOT NULL,
    service_area    TEXT NOT NULL,
    boroughs_covered TEXT NOT NULL,     -- London-wide, or the GSS codes of the boroughs eligible, separated by ;
    commissioner    TEXT NOT NULL,
    total_value_gbp DOUBLE PRECISION NOT NULL,
    opens           TEXT NOT NULL,
    closes          TEXT NOT NULL,
    url             TEXT NOT NULL,
    PRIMARY KEY (release_id, opportunity_id)
);

-- The London Crime Prevention Fund against need (etl/publish/lcpf.py). Need figures are published police statistics,
-- published as they are (no suppression or rounding); one not available is NULL with need_status 'x', never 0.
CREATE TABLE IF NOT EXISTS lcpf_funding (
    release_id              INTEGER NOT NULL REFERENCES releases (release_id),
    borough_code            TEXT NOT NULL,
    borough_name            TEXT NOT NULL,
    inner_outer             TEXT NOT NULL,
    financial_year          TEXT NOT NULL,
    population_2021         INTEGER NOT NULL,
    allocation_gbp          DOUBLE PRECISION,   -- NULL: no LCPF allocation (the City of London)
    allocation_per_head_gbp DOUBLE PRECISION,
    need_indicator          TEXT NOT NULL,      -- knife_crime_with_injury | knife_injury_victims_1_24_non_domestic
    need_value              INTEGER,            -- offences or victims in the year; NULL: not available (need_status 'x')
    need_status             TEXT NOT NULL,      -- 'x' = not available ([x]); '' otherwise
    need_per_10k            DOUBLE PRECISION,   -- per 10,000 residents (Census 2021); NULL where need_value is
    allocation_per_need_gbp DOUBLE PRECISION,   -- allocation per offence or victim; NULL without both figures
    PRIMARY KEY (release_id, borough_code, financial_year, need_indicator)
);

-- Inner London, outer London and London: sums over the boroughs with an allocation and the need figure.
CREATE TABLE IF NOT EXISTS lcpf_summary (
    release_id                  INTEGER NOT NULL REFERENCES releases (release_id),
    financial_year              TEXT NOT NULL,
    need_indicator              TEXT NOT NULL,
    area                        TEXT NOT NULL,      -- Inner London | Outer London | London
    borough_count               INTEGER NOT NULL,   -- boroughs in the sums: with an allocation and the need figure
    allocation_gbp              DOUBLE PRECISION NOT NULL,
    population_2021             INTEGER NOT NULL,
    allocation_per_head_gbp     DOUBLE PRECISION NOT NULL,
    need_value                  INTEGER NOT NULL,
    need_per_10k                DOUBLE PRECISION NOT NULL,
    allocation_per_need_gbp     DOUBLE PRECISION,   -- NULL where the boroughs recorded none
    PRIMARY KEY (release_id, financial_year, need_indicator, area)
);

-- Six-monthly reviews of each commissioned service: one row per service and half-year in
-- which its contract ran, up to the latest half reviewed. The reviewer's note is internal only
-- (sql/internal.sql, service_review_notes).
CREATE TABLE IF NOT EXISTS service_reviews (
    release_id          INTEGER NOT NULL REFERENCES releases (release_id),
    service_id          TEXT NOT NULL,
    period              TEXT NOT NULL,      -- half of a financial year: '2025-26 H1' (April to September), '2025-26 H2'
    period_start        TEXT NOT NULL,
    period_end          TEXT NOT NULL,
    reviewed            BOOLEAN NOT NULL,   -- false: no review this period (the columns below are NULL)
    review_date         TEXT,
    performance_value   DOUBLE PRECISION,
    performance_target  DOUBLE PRECISION,
    rag_rating          TEXT,               -- green | amber | red
    rag_rule            TEXT,
    previous_period     TEXT NOT NULL,
    previous_rating     TEXT,               -- the previous half's rating; NULL when it had no review
    change              TEXT NOT NULL,      -- improved | declined | unchanged | first_review | no_previous_review | not_reviewed
    PRIMARY KEY (release_id, service_id, period)
);

-- The grant-funded services (award_type 'grant'), as the 360Giving data package publishes them.
CREATE TABLE IF NOT EXISTS service_grants (
    release_id          INTEGER NOT NULL REFERENCES releases (release_id),
    service_id          TEXT NOT NULL,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL,
    provider_id         TEXT NOT NULL,
    provider_name       TEXT NOT NULL,
    organisation_id     TEXT,
    annual_value_gbp    DOUBLE PRECISION NOT NULL,
    amount_awarded_gbp  DOUBLE PRECISION NOT NULL,  -- annual value times the award's length
    award_date          TEXT NOT NULL,
    planned_start       TEXT NOT NULL,
    planned_end         TEXT NOT NULL,
    duration_months     INTEGER NOT NULL,
    boroughs_covered    TEXT NOT NULL,
    programme_id        TEXT,
    programme_name      TEXT,
    commissioner        TEXT NOT NULL,
    funding_stream      TEXT NOT NULL,
    service_area        TEXT NOT NULL,
    PRIMARY KEY (release_id, service_id)
);

CREATE INDEX IF NOT EXISTS published_counts_lookup ON published_counts (release_id, measure, programme, period);
