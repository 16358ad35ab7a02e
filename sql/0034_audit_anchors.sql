-- History you can trust. The database sets every event's recorded time after
-- taking its chain's lock, never behind the event before it, whatever the
-- caller sends; a client's request id is kept apart from the server's own;
-- and each chain's head is anchored with a MAC made by a key the database
-- never sees, so even the schema owner cannot rewrite and re-hash a chain
-- unseen (`quorum audit verify` checks the anchors with the key).

ALTER TABLE audit_events ADD COLUMN client_request_id text CHECK (length(client_request_id) <= 100);

-- Events before this release took their time before the lock (a default), so
-- concurrent appends could record times slightly out of order; verify checks
-- the order from `server_time_from` on.
ALTER TABLE audit_chain_heads
    ADD COLUMN occurred_at timestamptz,
    ADD COLUMN server_time_from bigint NOT NULL DEFAULT 1 CHECK (server_time_from >= 1);
UPDATE audit_chain_heads h SET server_time_from = h.seq + 1,
       occurred_at = (SELECT e.occurred_at FROM audit_events e WHERE e.organisation_id = h.organisation_id AND e.seq = h.seq);

-- The digest and the linking trigger that set the recorded time under the
-- lock are replaced in 0036, with the record's enrolment and the day it happened.

-- Anchors: a chain head (its seq and hash) with a MAC the server computed
-- over it and the organisation's previous anchor, under the key named by
-- key_id. Append-only; written only through audit_record_anchor.
CREATE TABLE audit_anchors (
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    seq              bigint NOT NULL CHECK (seq >= 1),
    hash             bytea NOT NULL CHECK (length(hash) = 32),
    mac              bytea NOT NULL CHECK (length(mac) = 32),
    key_id           text NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
    anchored_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (organisation_id, seq)
);
CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE ON audit_anchors
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
ALTER TABLE audit_anchors ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_anchors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_anchors USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
GRANT SELECT ON audit_anchors TO quorum_app;

-- Every organisation's head that moved since its last anchor, with that
-- anchor's MAC (the next MAC covers it). Crosses organisations, so SECURITY
-- DEFINER; it shows hashes only.
CREATE FUNCTION audit_heads_to_anchor() RETURNS TABLE (organisation_id uuid, seq bigint, hash bytea, previous_mac bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT h.organisation_id, h.seq, h.hash, a.mac
      FROM audit_chain_heads h
      LEFT JOIN LATERAL (SELECT x.seq, x.mac FROM audit_anchors x WHERE x.organisation_id = h.organisation_id ORDER BY x.seq DESC LIMIT 1) a ON true
     WHERE a.seq IS NULL OR a.seq < h.seq
$$;

-- Records an anchor if the event it names exists with that hash and the
-- organisation's latest anchor is still the one the MAC covered (two servers
-- anchoring at once: one wins, the other's is skipped).
CREATE FUNCTION audit_record_anchor(p_organisation uuid, p_seq bigint, p_hash bytea, p_previous_mac bytea, p_mac bytea, p_key_id text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    latest audit_anchors%ROWTYPE;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('audit-anchor:' || p_organisation::text, 0));
    SELECT * INTO latest FROM audit_anchors WHERE organisation_id = p_organisation ORDER BY seq DESC LIMIT 1;
    IF latest.mac IS DISTINCT FROM p_previous_mac OR coalesce(latest.seq, 0) >= p_seq THEN
        RETURN false;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM audit_events WHERE organisation_id = p_organisation AND seq = p_seq AND hash = p_hash) THEN
        RETURN false;
    END IF;
    INSERT INTO audit_anchors (organisation_id, seq, hash, mac, key_id) VALUES (p_organisation, p_seq, p_hash, p_mac, p_key_id);
    RETURN true;
END
$$;
REVOKE ALL ON FUNCTION audit_heads_to_anchor(), audit_record_anchor(uuid, bigint, bytea, bytea, bytea, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_heads_to_anchor(), audit_record_anchor(uuid, bigint, bytea, bytea, bytea, text) TO quorum_app;
