-- The sufficiency check a panel can defend: the dates the robust criterion
-- needs, the assessor's reconciliations, every run kept as it was, and the
-- portfolio revision bumped by everything the check reads.

-- Plans: the day a plan opened and the day it ended (closed, escalated or
-- cancelled), so a check as of a date knows whether it was in progress then.
-- Plans recorded before this migration take the day they were created and
-- the day of their last audited change.
ALTER TABLE support_plans ADD COLUMN opened_on date, ADD COLUMN ended_on date;
UPDATE support_plans SET opened_on = (created_at AT TIME ZONE 'Europe/London')::date;
UPDATE support_plans p
   SET ended_on = greatest(p.opened_on, coalesce(
           (SELECT max((a.occurred_at AT TIME ZONE 'Europe/London')::date) FROM audit_events a
             WHERE a.entity_type = 'plan' AND a.entity_id = p.id AND a.organisation_id = p.organisation_id),
           p.opened_on))
 WHERE p.state IN ('closed', 'escalated', 'cancelled');
ALTER TABLE support_plans ALTER COLUMN opened_on SET NOT NULL;
ALTER TABLE support_plans ADD CONSTRAINT support_plans_ended
    CHECK ((state IN ('closed', 'escalated', 'cancelled')) = (ended_on IS NOT NULL) AND (ended_on IS NULL OR ended_on >= opened_on));

-- Fitness-to-practise escalations and the recommendation change the robust
-- criterion too (concerns and plans already bump the revision).
CREATE TRIGGER escalations_revision AFTER INSERT OR UPDATE ON escalations
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();
CREATE TRIGGER recommendations_revision AFTER INSERT OR UPDATE ON recommendations
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();

-- Records that are never edited refuse UPDATE and DELETE, naming themselves.
CREATE FUNCTION records_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- An item belongs to one year: lets other tables require "evidence of this enrolment".
ALTER TABLE evidence_items ADD CONSTRAINT evidence_items_id_enrolment UNIQUE (id, enrolment_id);

-- The assessor's reconciliation of a below-level judgement on a statement
-- with later evidence judged to meet it. One per statement and item; a
-- record, never edited.
CREATE TABLE judgement_reconciliations (
    id                  uuid PRIMARY KEY,
    organisation_id     uuid NOT NULL,
    enrolment_id        uuid NOT NULL,
    code                text NOT NULL,
    below_evidence_id   uuid NOT NULL,
    later_evidence_ids  uuid[] NOT NULL CHECK (cardinality(later_evidence_ids) BETWEEN 1 AND 50),
    note                text NOT NULL CHECK (length(btrim(note)) BETWEEN 1 AND 4000),
    recorded_by         uuid NOT NULL,
    recorded_on         date NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enrolment_id, code, below_evidence_id),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id),
    -- The below item is this year's and mapped to the statement.
    FOREIGN KEY (below_evidence_id, enrolment_id) REFERENCES evidence_items (id, enrolment_id),
    FOREIGN KEY (below_evidence_id, code) REFERENCES evidence_mappings (evidence_id, code)
);

-- Every later item is this year's, mapped to the statement, and not the below item.
CREATE FUNCTION judgement_reconciliations_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.below_evidence_id = ANY (NEW.later_evidence_ids) THEN
        RAISE EXCEPTION 'a reconciliation links later evidence, not the item it reconciles' USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(NEW.later_evidence_ids) AS later(id)
                WHERE NOT EXISTS (SELECT 1 FROM evidence_items i JOIN evidence_mappings m ON m.evidence_id = i.id
                                   WHERE i.id = later.id AND i.enrolment_id = NEW.enrolment_id AND m.code = NEW.code)) THEN
        RAISE EXCEPTION 'every later item must be evidence of this enrolment mapped to %', NEW.code USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER judgement_reconciliations_checked BEFORE INSERT ON judgement_reconciliations
    FOR EACH ROW EXECUTE FUNCTION judgement_reconciliations_check();
CREATE TRIGGER judgement_reconciliations_immutable BEFORE UPDATE OR DELETE ON judgement_reconciliations
    FOR EACH ROW EXECUTE FUNCTION records_refuse_change();
CREATE TRIGGER judgement_reconciliations_revision AFTER INSERT ON judgement_reconciliations
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();

-- Every check someone relied on, kept as it was shown: saved on request, at
-- each review and with each recommendation version. Never edited.
CREATE TABLE sufficiency_runs (
    id                  uuid PRIMARY KEY,
    organisation_id     uuid NOT NULL,
    enrolment_id        uuid NOT NULL,
    occasion            text NOT NULL CHECK (occasion IN ('saved', 'review', 'recommendation')),
    -- The review or recommendation the run was made for, and its version.
    source_id           uuid,
    source_version      integer CHECK (source_version >= 1),
    note                text CHECK (length(btrim(note)) BETWEEN 1 AND 2000),
    as_of               date NOT NULL,
    known_at            date,
    recorded_on         date NOT NULL,
    recorded_by         uuid NOT NULL,
    portfolio_revision  bigint NOT NULL CHECK (portfolio_revision >= 0),
    enrolment_version   integer NOT NULL CHECK (enrolment_version >= 1),
    policy_version      integer NOT NULL CHECK (policy_version >= 0),
    kss_framework       text NOT NULL REFERENCES frameworks (id),
    pcf_framework       text NOT NULL REFERENCES frameworks (id),
    criteria_met        integer NOT NULL CHECK (criteria_met BETWEEN 0 AND 4),
    report              jsonb NOT NULL CHECK (jsonb_typeof(report) = 'object'),
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id),
    CHECK ((occasion = 'saved') = (source_id IS NULL)),
    CHECK ((source_id IS NULL) = (source_version IS NULL)),
    CHECK (occasion = 'saved' OR note IS NULL),
    CHECK (as_of <= recorded_on AND (known_at IS NULL OR known_at <= recorded_on))
);
CREATE INDEX sufficiency_runs_enrolment ON sufficiency_runs (enrolment_id, created_at);
CREATE TRIGGER sufficiency_runs_immutable BEFORE UPDATE OR DELETE ON sufficiency_runs
    FOR EACH ROW EXECUTE FUNCTION records_refuse_change();

ALTER TABLE judgement_reconciliations ENABLE ROW LEVEL SECURITY;
ALTER TABLE judgement_reconciliations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON judgement_reconciliations USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
ALTER TABLE sufficiency_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sufficiency_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sufficiency_runs USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

GRANT SELECT, INSERT ON judgement_reconciliations, sufficiency_runs TO quorum_app;
