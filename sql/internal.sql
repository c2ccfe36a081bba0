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
    provider_id TEXT
);
