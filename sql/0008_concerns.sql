-- Concerns about an NQSW's progress, performance, capability or conduct.
CREATE TABLE concerns (
    id                uuid PRIMARY KEY,
    organisation_id   uuid NOT NULL,
    enrolment_id      uuid NOT NULL,
    raised_by         uuid NOT NULL,
    raised_on         date NOT NULL,
    category          text NOT NULL CHECK (category IN ('progress', 'performance', 'capability', 'conduct')),
    severity          text NOT NULL CHECK (severity IN ('developmental', 'serious', 'fitness_to_practise')),
    description       text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 8000),
    statements        text[] NOT NULL DEFAULT '{}',
    evidence_ids      uuid[] NOT NULL DEFAULT '{}',
    shared_on         date,
    nqsw_response     text CHECK (length(nqsw_response) <= 8000),
    responded_on      date,
    outcome           text CHECK (length(btrim(outcome)) BETWEEN 1 AND 8000),
    outcome_on        date,
    created_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (raised_by, organisation_id) REFERENCES people (id, organisation_id),
    CHECK (shared_on IS NULL OR shared_on >= raised_on),
    -- The NQSW responds to a concern once it has been shared with them.
    CHECK ((nqsw_response IS NULL) = (responded_on IS NULL) AND (responded_on IS NULL OR shared_on IS NOT NULL)),
    CHECK ((outcome IS NULL) = (outcome_on IS NULL))
);
CREATE INDEX concerns_enrolment ON concerns (enrolment_id, raised_on);

-- Open concerns change the sufficiency check's robust criterion. From here
-- on the revision function serves any table with an enrolment_id column (and
-- evidence rows through their item), so later tables only add a trigger.
CREATE OR REPLACE FUNCTION bump_portfolio_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target uuid := (to_jsonb(NEW) ->> 'enrolment_id')::uuid;
BEGIN
    IF target IS NULL THEN -- evidence_judgements, evidence_mappings
        SELECT enrolment_id INTO target FROM evidence_items WHERE id = (to_jsonb(NEW) ->> 'evidence_id')::uuid;
    END IF;
    UPDATE enrolments SET portfolio_revision = portfolio_revision + 1 WHERE id = target;
    RETURN NEW;
END $$;
CREATE TRIGGER concerns_revision AFTER INSERT OR UPDATE ON concerns
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();

GRANT SELECT, INSERT, UPDATE ON concerns TO quorum_app;
