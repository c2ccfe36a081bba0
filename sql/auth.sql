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
