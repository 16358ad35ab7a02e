-- The assessor's final recommendation, one per enrolment, with every version
-- kept: a version is immutable and carries the snapshot of the sufficiency
-- findings and evidence it was made on.
CREATE TABLE recommendations (
    id                uuid PRIMARY KEY,
    organisation_id   uuid NOT NULL,
    enrolment_id      uuid NOT NULL UNIQUE,
    state             text NOT NULL CHECK (state IN ('submitted', 'allocated', 'decided', 'withdrawn')),
    current_version   integer NOT NULL CHECK (current_version >= 1),
    withdrawn_reason  text CHECK (length(btrim(withdrawn_reason)) BETWEEN 1 AND 4000),
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    CHECK ((state = 'withdrawn') = (withdrawn_reason IS NOT NULL))
);

CREATE TABLE recommendation_versions (
    recommendation_id  uuid NOT NULL,
    organisation_id    uuid NOT NULL,
    number             integer NOT NULL CHECK (number >= 1),
    outcome            text NOT NULL CHECK (outcome IN ('PASS', 'FAIL')),
    rationale          text NOT NULL CHECK (length(btrim(rationale)) BETWEEN 1 AND 20000),
    borderline         boolean NOT NULL DEFAULT false,
    grade              integer CHECK (grade BETWEEN 1 AND 7),
    justifications     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(justifications) = 'object'),
    snapshot           jsonb NOT NULL CHECK (jsonb_typeof(snapshot) = 'object'),
    amendment_reason   text CHECK (length(btrim(amendment_reason)) BETWEEN 1 AND 4000),
    submitted_by       uuid NOT NULL,
    submitted_on       date NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (recommendation_id, number),
    FOREIGN KEY (recommendation_id, organisation_id) REFERENCES recommendations (id, organisation_id),
    FOREIGN KEY (submitted_by, organisation_id) REFERENCES people (id, organisation_id),
    CHECK ((number = 1) = (amendment_reason IS NULL))
);
-- A version, once written, is the record.
CREATE TRIGGER recommendation_versions_immutable BEFORE UPDATE OR DELETE ON recommendation_versions
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

GRANT SELECT, INSERT, UPDATE ON recommendations TO quorum_app;
GRANT SELECT, INSERT ON recommendation_versions TO quorum_app;
