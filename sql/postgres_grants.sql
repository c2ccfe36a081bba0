-- What the internal dashboard's role may write in the internal schema: release control and nothing else.
-- Applied by the ETL to a PostgreSQL internal database after it creates the tables (the grants need
-- the tables to exist), and only where sql/postgres_roles.sql made the role; a no-op elsewhere (tests).
-- Run as one statement (a DO block).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vru_internal_app') THEN
        GRANT INSERT, UPDATE ON release_control, release_previews, release_calendar TO vru_internal_app;
        GRANT INSERT ON release_actions, release_calendar_changes TO vru_internal_app;
        -- The state of a release, not its figures: submit, approve, reschedule and withdraw change only these.
        GRANT UPDATE (state, publish_at, withdrawn_at, withdrawal_reason) ON releases TO vru_internal_app;
    END IF;
END
$$
