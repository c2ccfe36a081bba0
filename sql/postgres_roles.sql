-- PostgreSQL set-up for production: one database, three schemas, three roles.
-- Run once per database as its owner or a superuser, e.g.
--   psql "postgresql://admin@db-host/vru" -f sql/postgres_roles.sql
-- then give each login role a password (ALTER ROLE vru_public_app PASSWORD '...')
-- or certificate authentication in pg_hba.conf.
--
--   vru_etl           writes every schema (the ETL)
--   vru_internal_app  reads every schema (internal mode of the dashboard), and writes release control
--                     (approvals, the calendar: sql/postgres_grants.sql, applied by the ETL)
--   vru_public_app    reads vru_public and nothing else (public mode)
--
-- vru_pending holds releases waiting for publication (drafts and approved ones), with the public
-- tables' definitions: the public role cannot read it, so nothing unpublished reaches the public site.
--
-- The ETL's URLs select the schema with search_path, e.g.
--   VRU_INTERNAL_DATABASE_URL=postgresql+psycopg://vru_etl@db-host/vru?options=-csearch_path%3Dvru_internal
--   VRU_PUBLIC_DATABASE_URL=postgresql+psycopg://vru_etl@db-host/vru?options=-csearch_path%3Dvru_public
-- and the public app's: postgresql+psycopg://vru_public_app@db-host/vru (its search_path is set below).

CREATE SCHEMA IF NOT EXISTS vru_internal;
CREATE SCHEMA IF NOT EXISTS vru_public;
CREATE SCHEMA IF NOT EXISTS vru_pending;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vru_etl') THEN CREATE ROLE vru_etl LOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vru_internal_app') THEN CREATE ROLE vru_internal_app LOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vru_public_app') THEN CREATE ROLE vru_public_app LOGIN; END IF;
END
$$;

-- Nobody gets anything by default, not even on the database's "public" schema.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA vru_internal FROM PUBLIC;
REVOKE ALL ON SCHEMA vru_public FROM PUBLIC;
REVOKE ALL ON SCHEMA vru_pending FROM PUBLIC;

GRANT USAGE, CREATE ON SCHEMA vru_internal TO vru_etl;
GRANT USAGE, CREATE ON SCHEMA vru_public TO vru_etl;
GRANT USAGE ON SCHEMA vru_internal TO vru_internal_app;
GRANT USAGE ON SCHEMA vru_public TO vru_internal_app;
GRANT USAGE ON SCHEMA vru_public TO vru_public_app;
GRANT USAGE, CREATE ON SCHEMA vru_pending TO vru_etl;
GRANT USAGE ON SCHEMA vru_pending TO vru_internal_app;   -- previews of a draft; never vru_public_app

-- Tables the ETL creates later are readable by the apps that need them, and only those.
ALTER DEFAULT PRIVILEGES FOR ROLE vru_etl IN SCHEMA vru_internal GRANT SELECT ON TABLES TO vru_internal_app;
ALTER DEFAULT PRIVILEGES FOR ROLE vru_etl IN SCHEMA vru_public GRANT SELECT ON TABLES TO vru_internal_app, vru_public_app;
GRANT SELECT ON ALL TABLES IN SCHEMA vru_internal TO vru_internal_app;
GRANT SELECT ON ALL TABLES IN SCHEMA vru_public TO vru_internal_app, vru_public_app;
ALTER DEFAULT PRIVILEGES FOR ROLE vru_etl IN SCHEMA vru_pending GRANT SELECT ON TABLES TO vru_internal_app;
GRANT SELECT ON ALL TABLES IN SCHEMA vru_pending TO vru_internal_app;

-- The apps read, by default: the internal app's few writes (release control) ask for a read-write
-- transaction each time (SET TRANSACTION READ WRITE), on the tables sql/postgres_grants.sql names.
ALTER ROLE vru_internal_app SET search_path = vru_internal;
ALTER ROLE vru_public_app SET search_path = vru_public;
ALTER ROLE vru_internal_app SET default_transaction_read_only = on;
ALTER ROLE vru_public_app SET default_transaction_read_only = on;
