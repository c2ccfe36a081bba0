-- The internal dashboard's users and sign-in attempts: a database of their own
-- (VRU_AUTH_DATABASE_URL), never the public one. Portable DDL for SQLite and PostgreSQL.

CREATE TABLE IF NOT EXISTS users (
    username        TEXT PRIMARY KEY,
    password_hash   TEXT NOT NULL,      -- argon2id, parameters in the hash
    created_at      TEXT NOT NULL       -- ISO 8601, UTC
);

CREATE TABLE IF NOT EXISTS sign_in_attempts (
    username    TEXT NOT NULL,
    client      TEXT NOT NULL,          -- the client's address, as seen by the app
    attempted_at DOUBLE PRECISION NOT NULL,  -- seconds since the epoch
    succeeded   BOOLEAN NOT NULL
);

CREATE INDEX IF NOT EXISTS sign_in_attempts_recent ON sign_in_attempts (attempted_at);

-- The audit trail (issue 17, dashboard/audit.py): who did what with the internal figures,
-- when, with which filters and from which address. Rows older than VRU_AUDIT_RETENTION_DAYS
-- are deleted as new ones are written.
CREATE TABLE IF NOT EXISTS audit_events (
    occurred_at DOUBLE PRECISION NOT NULL,  -- seconds since the epoch
    username    TEXT NOT NULL,              -- '' when nobody is signed in (a failed sign-in names the username tried)
    event       TEXT NOT NULL,              -- sign_in | sign_out | sign_in_failed | download | image_export | api_call
    target      TEXT NOT NULL,              -- what: the path downloaded, the chart exported, the dataset asked for
    filters     TEXT NOT NULL,              -- JSON object: the query's parameters
    client      TEXT NOT NULL               -- the client's address, as seen by the app
);

CREATE INDEX IF NOT EXISTS audit_events_time ON audit_events (occurred_at);
CREATE INDEX IF NOT EXISTS audit_events_user ON audit_events (username, occurred_at);
