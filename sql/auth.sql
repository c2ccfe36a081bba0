-- The internal dashboard's users, sessions and sign-in throttling: a database of their own
-- (VRU_AUTH_DATABASE_URL), never the public one. Portable DDL for SQLite and PostgreSQL.

CREATE TABLE IF NOT EXISTS users (
    username        TEXT PRIMARY KEY,
    password_hash   TEXT NOT NULL,      -- argon2id, parameters in the hash
    created_at      TEXT NOT NULL,      -- ISO 8601, UTC
    role            TEXT NOT NULL DEFAULT 'analyst'  -- analyst | approver (dashboard/access/roles.py)
);

-- ---------------------------------------------------------------- sessions (dashboard/access/sessions.py)
-- One row per signed-in session. The cookie holds the session id; this table holds only its
-- SHA-256, so a copy of the table opens no session. Deleting the row ends the session.
CREATE TABLE IF NOT EXISTS sessions (
    session_hash    TEXT PRIMARY KEY,   -- hex SHA-256 of the random id in the cookie
    username        TEXT NOT NULL,
    created_at      DOUBLE PRECISION NOT NULL,  -- seconds since the epoch, like the columns below
    last_seen_at    DOUBLE PRECISION NOT NULL,
    expires_at      DOUBLE PRECISION NOT NULL,  -- absolute expiry: created_at + VRU_SESSION_HOURS
    idle_expires_at DOUBLE PRECISION NOT NULL   -- last use + VRU_SESSION_IDLE_MINUTES, never past expires_at
);

CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (username);

-- ---------------------------------------------------- sign-in throttling (dashboard/access/throttle.py)
-- One row per password check, reserved ('pending') before the hash is verified and then marked
-- 'failed' or 'succeeded'. Refused attempts are not rows: they check no password.
CREATE TABLE IF NOT EXISTS sign_in_throttle (
    attempt_id      TEXT PRIMARY KEY,
    username        TEXT NOT NULL,      -- as typed, trimmed and lower-cased
    client          TEXT NOT NULL,      -- the client's address (through VRU_TRUSTED_PROXIES proxies)
    attempted_at    DOUBLE PRECISION NOT NULL,  -- seconds since the epoch
    outcome         TEXT NOT NULL       -- pending, failed or succeeded
);

CREATE INDEX IF NOT EXISTS sign_in_throttle_recent ON sign_in_throttle (attempted_at);
CREATE INDEX IF NOT EXISTS sign_in_throttle_pair ON sign_in_throttle (username, client);

-- A row that every reservation updates first: on PostgreSQL the row lock, on SQLite the write
-- lock, makes counting and reserving one step, so concurrent attempts cannot all pass the count.
CREATE TABLE IF NOT EXISTS sign_in_lock (
    name            TEXT PRIMARY KEY,
    taken_at        DOUBLE PRECISION NOT NULL
);

INSERT INTO sign_in_lock (name, taken_at) VALUES ('sign-in', 0) ON CONFLICT (name) DO NOTHING;

-- An older throttle table, dropped where a database still has it: it counted failures per username from
-- anywhere, so anyone could lock a user out. sign_in_throttle counts per username and client address.
DROP TABLE IF EXISTS sign_in_attempts;

-- The audit trail (dashboard/access/audit_trail.py): who did what with the internal figures,
-- when, with which filters and from which address. Rows older than VRU_AUDIT_RETENTION_DAYS
-- are deleted as new ones are written.
CREATE TABLE IF NOT EXISTS audit_events (
    occurred_at DOUBLE PRECISION NOT NULL,  -- seconds since the epoch
    username    TEXT NOT NULL,              -- '' when nobody is signed in (a failed sign-in names the username tried)
    event       TEXT NOT NULL,              -- sign_in | sign_out | sign_in_failed | download | image_export | api_call
                                            -- | preview | release_submit | release_approve | release_reschedule
                                            -- | release_withdraw | release_announce
    target      TEXT NOT NULL,              -- what: the path downloaded, the chart exported, the dataset asked for
    filters     TEXT NOT NULL,              -- JSON object: the query's parameters
    client      TEXT NOT NULL               -- the client's address, as seen by the app
);

CREATE INDEX IF NOT EXISTS audit_events_time ON audit_events (occurred_at);
CREATE INDEX IF NOT EXISTS audit_events_user ON audit_events (username, occurred_at);
