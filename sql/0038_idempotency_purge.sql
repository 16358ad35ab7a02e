-- Kept replies hold personal data: they are purged a day after they were made,
-- on a schedule, across organisations (the server's upkeep calls this).
CREATE FUNCTION purge_idempotency_keys(older_than interval DEFAULT interval '24 hours') RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < now() - older_than RETURNING 1)
    SELECT count(*)::integer FROM gone
$$;
REVOKE ALL ON FUNCTION purge_idempotency_keys(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_idempotency_keys(interval) TO quorum_app;
