-- A readable history for every record kind. Each event names the enrolment
-- it belongs to (derived under the chain's lock from the record itself, so a
-- year's history holds everything under it) and, where the change records a
-- past event, the day it happened. Reads of sensitive records go to their own
-- append-only log, deduplicated per person and record within five minutes and
-- written without the chain's lock, and are sealed into the chain in batches.

ALTER TABLE audit_events
    ADD COLUMN enrolment_id uuid,
    ADD COLUMN occurred_on date;
CREATE INDEX audit_events_enrolment ON audit_events (organisation_id, enrolment_id, seq) WHERE enrolment_id IS NOT NULL;
CREATE INDEX audit_events_actor ON audit_events (organisation_id, actor_person_id, seq);

-- The enrolment a record belongs to: a lookup the history filters on. It is
-- derived from the record (not covered by the hash, and recomputable).
CREATE FUNCTION audit_record_enrolment(kind text, record uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE kind
        WHEN 'enrolment' THEN record
        WHEN 'evidence' THEN (SELECT enrolment_id FROM evidence_items WHERE id = record)
        WHEN 'review' THEN (SELECT enrolment_id FROM reviews WHERE id = record)
        WHEN 'supervision' THEN (SELECT enrolment_id FROM supervision_sessions WHERE id = record)
        WHEN 'concern' THEN (SELECT enrolment_id FROM concerns WHERE id = record)
        WHEN 'plan' THEN (SELECT enrolment_id FROM support_plans WHERE id = record)
        WHEN 'escalation' THEN (SELECT enrolment_id FROM escalations WHERE id = record)
        WHEN 'recommendation' THEN (SELECT enrolment_id FROM recommendations WHERE id = record)
        WHEN 'panel_case' THEN (SELECT enrolment_id FROM panel_cases WHERE id = record)
        WHEN 'reconciliation' THEN (SELECT enrolment_id FROM judgement_reconciliations WHERE id = record)
        WHEN 'sufficiency_run' THEN (SELECT enrolment_id FROM sufficiency_runs WHERE id = record)
    END
$$;

ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
UPDATE audit_events SET enrolment_id = audit_record_enrolment(entity_type, entity_id);
ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;

-- The digest covers the client's request id (0034) and the day it happened
-- when there are any; earlier events hash exactly as before.
CREATE OR REPLACE FUNCTION audit_event_digest(e audit_events) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(
        coalesce(e.prev_hash, '\x'::bytea) || convert_to(concat_ws(E'\x1f',
            e.organisation_id::text, e.seq::text,
            to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
            coalesce(e.actor_person_id::text, '-'), e.actor_role, e.entity_type, e.entity_id::text,
            e.action, coalesce(e.reason, '-'), e.changes::text, coalesce(e.request_id, '-'))
            || CASE WHEN e.client_request_id IS NULL THEN '' ELSE E'\x1f' || e.client_request_id END
            || CASE WHEN e.occurred_on IS NULL THEN '' ELSE E'\x1f' || to_char(e.occurred_on, 'YYYY-MM-DD') END, 'UTF8'))
$$;

CREATE OR REPLACE FUNCTION audit_events_link() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    head audit_chain_heads%ROWTYPE;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || NEW.organisation_id::text, 0));
    SELECT * INTO head FROM audit_chain_heads WHERE organisation_id = NEW.organisation_id;
    NEW.seq := coalesce(head.seq, 0) + 1;
    NEW.prev_hash := head.hash;
    -- The database's time, taken under the lock and never behind the previous
    -- event's (the head keeps it, 0034): a caller cannot date an event, and the
    -- chain's times only go forward.
    NEW.occurred_at := greatest(date_trunc('microseconds', clock_timestamp()), head.occurred_at);
    NEW.enrolment_id := audit_record_enrolment(NEW.entity_type, NEW.entity_id);
    NEW.hash := audit_event_digest(NEW);
    INSERT INTO audit_chain_heads (organisation_id, seq, hash, occurred_at)
    VALUES (NEW.organisation_id, NEW.seq, NEW.hash, NEW.occurred_at)
    ON CONFLICT (organisation_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, occurred_at = EXCLUDED.occurred_at;
    RETURN NEW;
END
$$;
ALTER FUNCTION audit_events_link() SECURITY DEFINER SET search_path = public, pg_temp;

-- Reads of sensitive records: one row per request, record kind and records
-- read, at most one per person, action and records in a five-minute window
-- (a polled page is one read, not thousands). No chain lock: reads never wait
-- for writers or slow them. audit_seal_reads() folds them into the chain.
CREATE TABLE record_reads (
    id               bigserial PRIMARY KEY,
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    person_id        uuid NOT NULL,
    actor_role       text NOT NULL CHECK (length(actor_role) BETWEEN 1 AND 40),
    action           text NOT NULL CHECK (length(action) BETWEEN 1 AND 80),
    entity_type      text NOT NULL CHECK (length(entity_type) BETWEEN 1 AND 60),
    entity_ids       uuid[] NOT NULL CHECK (cardinality(entity_ids) <= 1000),
    records_key      text NOT NULL CHECK (length(records_key) = 32),
    read_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    window_start     timestamptz NOT NULL,
    request_id       text CHECK (length(request_id) <= 100),
    FOREIGN KEY (person_id, organisation_id) REFERENCES people (id, organisation_id),
    UNIQUE (organisation_id, person_id, action, records_key, window_start)
);
CREATE INDEX record_reads_time ON record_reads (organisation_id, read_at);
CREATE FUNCTION record_reads_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.read_at := clock_timestamp();
    NEW.window_start := to_timestamp(floor(extract(epoch FROM NEW.read_at) / 300) * 300);
    RETURN NEW;
END
$$;
CREATE TRIGGER record_reads_stamp BEFORE INSERT ON record_reads FOR EACH ROW EXECUTE FUNCTION record_reads_stamp();
CREATE TRIGGER record_reads_append_only BEFORE UPDATE OR DELETE ON record_reads
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER record_reads_no_truncate BEFORE TRUNCATE ON record_reads
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
ALTER TABLE record_reads ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_reads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON record_reads USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
GRANT SELECT, INSERT ON record_reads TO quorum_app;
GRANT USAGE ON SEQUENCE record_reads_id_seq TO quorum_app;

-- How far each organisation's reads are sealed into its chain.
CREATE TABLE record_read_seals (
    organisation_id  uuid PRIMARY KEY REFERENCES organisations (id),
    sealed_to        bigint NOT NULL
);

-- The canonical text a seal's digest covers: every read in (after, upto], in order.
CREATE FUNCTION record_reads_digest(p_organisation uuid, p_after bigint, p_upto bigint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT encode(sha256(convert_to(coalesce(string_agg(concat_ws(E'\x1f', r.id::text, r.person_id::text, r.actor_role, r.action, r.entity_type,
               array_to_string(r.entity_ids, ','), to_char(r.read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), coalesce(r.request_id, '-')),
               E'\x1e' ORDER BY r.id), ''), 'UTF8')), 'hex')
      FROM record_reads r WHERE r.organisation_id = p_organisation AND r.id > p_after AND r.id <= p_upto
$$;

-- Seals every organisation's (or `p_only`'s) unsealed reads older than `settle` (so that no
-- transaction is still inserting below the mark) into its chain: one event
-- with the range, the count and the digest. Returns the number of seals made.
CREATE FUNCTION audit_seal_reads(settle interval DEFAULT interval '30 seconds', p_only uuid DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    o record;
    made integer := 0;
BEGIN
    FOR o IN
        SELECT r.organisation_id, coalesce(s.sealed_to, 0) AS after, max(r.id) AS upto, count(*) AS reads
          FROM record_reads r LEFT JOIN record_read_seals s ON s.organisation_id = r.organisation_id
         WHERE r.id > coalesce(s.sealed_to, 0) AND r.read_at < clock_timestamp() - settle AND (p_only IS NULL OR r.organisation_id = p_only)
         GROUP BY r.organisation_id, s.sealed_to
    LOOP
        IF NOT pg_try_advisory_xact_lock(hashtextextended('reads-seal:' || o.organisation_id::text, 0)) THEN CONTINUE; END IF;
        INSERT INTO audit_events (organisation_id, actor_role, entity_type, entity_id, action, changes)
        VALUES (o.organisation_id, 'system', 'organisation', o.organisation_id, 'reads.sealed',
                jsonb_build_object('after', jsonb_build_object('before', NULL, 'after', o.after::text),
                                   'upto', jsonb_build_object('before', NULL, 'after', o.upto::text),
                                   'reads', jsonb_build_object('before', NULL, 'after', o.reads::text),
                                   'digest', jsonb_build_object('before', NULL, 'after', record_reads_digest(o.organisation_id, o.after, o.upto))));
        INSERT INTO record_read_seals (organisation_id, sealed_to) VALUES (o.organisation_id, o.upto)
        ON CONFLICT (organisation_id) DO UPDATE SET sealed_to = EXCLUDED.sealed_to;
        made := made + 1;
    END LOOP;
    RETURN made;
END
$$;
REVOKE ALL ON FUNCTION audit_record_enrolment(text, uuid), record_reads_digest(uuid, bigint, bigint), audit_seal_reads(interval, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_seal_reads(interval, uuid) TO quorum_app;
