-- A revision number that changes whenever anything the sufficiency check or
-- the evidence matrix reads about an enrolment changes. Kept by triggers, so
-- no write path can forget it; readers use it to know a cached result is
-- still exactly right.
ALTER TABLE enrolments ADD COLUMN portfolio_revision bigint NOT NULL DEFAULT 0;

CREATE FUNCTION bump_portfolio_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target uuid;
BEGIN
    IF TG_TABLE_NAME IN ('evidence_items', 'enrolment_absences', 'enrolment_extensions') THEN
        target := NEW.enrolment_id;
    ELSE -- evidence_judgements, evidence_mappings
        SELECT enrolment_id INTO target FROM evidence_items WHERE id = NEW.evidence_id;
    END IF;
    UPDATE enrolments SET portfolio_revision = portfolio_revision + 1 WHERE id = target;
    RETURN NEW;
END $$;

CREATE TRIGGER evidence_items_revision AFTER INSERT OR UPDATE ON evidence_items
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();
CREATE TRIGGER evidence_judgements_revision AFTER INSERT ON evidence_judgements
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();
CREATE TRIGGER evidence_mappings_revision AFTER INSERT ON evidence_mappings
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();
CREATE TRIGGER enrolment_absences_revision AFTER INSERT ON enrolment_absences
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();
CREATE TRIGGER enrolment_extensions_revision AFTER INSERT ON enrolment_extensions
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();
