-- Organisations, people, roles, NQSW enrolments, API tokens and the audit trail.
--
-- Conventions for every migration:
--  * every table that belongs to an employer carries organisation_id, and
--    references to people go through (person_id, organisation_id) so a row can
--    never point across organisations;
--  * enumerations are CHECKed text, so a bad state cannot be stored;
--  * mutable records carry `version`, bumped on every change (optimistic locking);
--  * the server connects as quorum_app, which gets DML only and may never
--    UPDATE or DELETE audit_events.

CREATE TABLE organisations (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    email            text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 254),
    name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id)
);
-- An email identifies one person across Quorum (tokens and OIDC map by it).
CREATE UNIQUE INDEX people_email_key ON people (lower(email));

CREATE TABLE role_assignments (
    person_id        uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    role             text NOT NULL CHECK (role IN (
        'nqsw', 'assessor', 'line_manager', 'coordinator', 'panel_member', 'psw', 'moderator', 'hr')),
    granted_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, role),
    FOREIGN KEY (person_id, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE INDEX role_assignments_org_role ON role_assignments (organisation_id, role);

-- An NQSW's Assessed and Supported Year in Employment. The *_role columns are
-- constants that let foreign keys check that the assessor holds the assessor
-- role, and so on, in the schema itself.
CREATE TABLE enrolments (
    id                 uuid PRIMARY KEY,
    organisation_id    uuid NOT NULL REFERENCES organisations (id),
    nqsw_id            uuid NOT NULL,
    nqsw_role          text NOT NULL DEFAULT 'nqsw' CHECK (nqsw_role = 'nqsw'),
    setting            text NOT NULL CHECK (setting IN ('child_and_family', 'adults')),
    start_date         date NOT NULL CHECK (start_date >= DATE '2000-01-01'),
    fte                numeric(4, 3) NOT NULL CHECK (fte >= 0.1 AND fte <= 1),
    assessor_id        uuid NOT NULL,
    assessor_role      text NOT NULL DEFAULT 'assessor' CHECK (assessor_role = 'assessor'),
    line_manager_id    uuid NOT NULL,
    line_manager_role  text NOT NULL DEFAULT 'line_manager' CHECK (line_manager_role = 'line_manager'),
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'passed', 'failed', 'withdrawn')),
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (nqsw_id, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (assessor_id, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (line_manager_id, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (nqsw_id, nqsw_role) REFERENCES role_assignments (person_id, role),
    FOREIGN KEY (assessor_id, assessor_role) REFERENCES role_assignments (person_id, role),
    FOREIGN KEY (line_manager_id, line_manager_role) REFERENCES role_assignments (person_id, role),
    CONSTRAINT enrolments_assessor_not_nqsw CHECK (assessor_id <> nqsw_id),
    CONSTRAINT enrolments_line_manager_not_nqsw CHECK (line_manager_id <> nqsw_id)
);
-- One year in progress per NQSW at a time.
CREATE UNIQUE INDEX enrolments_one_active ON enrolments (nqsw_id) WHERE status = 'active';
CREATE INDEX enrolments_assessor ON enrolments (organisation_id, assessor_id);
CREATE INDEX enrolments_line_manager ON enrolments (organisation_id, line_manager_id);

-- Bearer tokens: only the SHA-256 of the secret is stored.
CREATE TABLE api_tokens (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    person_id        uuid NOT NULL,
    token_hash       bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    label            text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    revoked_at       timestamptz,
    FOREIGN KEY (person_id, organisation_id) REFERENCES people (id, organisation_id),
    CHECK (expires_at > created_at)
);

-- The append-only audit trail. Each organisation's events form a SHA-256
-- chain: `hash` covers the event's content and the previous event's hash, and
-- audit_chain_heads remembers the last link, so altering, deleting (even the
-- last event) or reordering rows is detected by `quorum audit verify`.
CREATE TABLE audit_events (
    id               bigserial PRIMARY KEY,
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    seq              bigint NOT NULL,
    occurred_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_person_id  uuid,
    actor_role       text NOT NULL CHECK (length(actor_role) BETWEEN 1 AND 40),
    entity_type      text NOT NULL CHECK (length(entity_type) BETWEEN 1 AND 60),
    entity_id        uuid NOT NULL,
    action           text NOT NULL CHECK (length(action) BETWEEN 1 AND 80),
    reason           text CHECK (length(reason) <= 4000),
    changes          jsonb NOT NULL DEFAULT '{}'::jsonb,
    request_id       text CHECK (length(request_id) <= 100),
    prev_hash        bytea,
    hash             bytea NOT NULL CHECK (length(hash) = 32),
    UNIQUE (organisation_id, seq),
    FOREIGN KEY (actor_person_id, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE INDEX audit_events_entity ON audit_events (organisation_id, entity_type, entity_id, seq);

CREATE TABLE audit_chain_heads (
    organisation_id  uuid PRIMARY KEY REFERENCES organisations (id),
    seq              bigint NOT NULL,
    hash             bytea NOT NULL
);

-- The canonical text an event's hash covers. Fixed formats, no session settings.
CREATE FUNCTION audit_event_digest(e audit_events) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(
        coalesce(e.prev_hash, '\x'::bytea) || convert_to(concat_ws(E'\x1f',
            e.organisation_id::text, e.seq::text,
            to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
            coalesce(e.actor_person_id::text, '-'), e.actor_role, e.entity_type, e.entity_id::text,
            e.action, coalesce(e.reason, '-'), e.changes::text, coalesce(e.request_id, '-')), 'UTF8'))
$$;

-- Links a new event into its organisation's chain. The advisory lock
-- serialises appends per organisation until the transaction ends; each
-- statement here sees a fresh snapshot (READ COMMITTED), so the head read is
-- the committed one.
CREATE FUNCTION audit_events_link() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    head audit_chain_heads%ROWTYPE;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || NEW.organisation_id::text, 0));
    SELECT * INTO head FROM audit_chain_heads WHERE organisation_id = NEW.organisation_id;
    NEW.seq := coalesce(head.seq, 0) + 1;
    NEW.prev_hash := head.hash;
    NEW.occurred_at := date_trunc('microseconds', coalesce(NEW.occurred_at, clock_timestamp()));
    NEW.hash := audit_event_digest(NEW);
    INSERT INTO audit_chain_heads (organisation_id, seq, hash)
    VALUES (NEW.organisation_id, NEW.seq, NEW.hash)
    ON CONFLICT (organisation_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
    RETURN NEW;
END
$$;
-- SECURITY DEFINER so quorum_app need not write audit_chain_heads directly.
ALTER FUNCTION audit_events_link() SECURITY DEFINER SET search_path = public, pg_temp;

CREATE TRIGGER audit_events_link BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_link();

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- What the server's role may do.
GRANT SELECT, INSERT, UPDATE ON organisations, people, role_assignments, enrolments, api_tokens TO quorum_app;
GRANT DELETE ON role_assignments TO quorum_app;
GRANT SELECT, INSERT ON audit_events TO quorum_app;
GRANT SELECT ON audit_chain_heads TO quorum_app;
GRANT USAGE ON SEQUENCE audit_events_id_seq TO quorum_app;
