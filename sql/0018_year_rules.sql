-- The year's rules as policy, and extensions for a reason from a fixed list.

-- The year's clock per organisation, versioned like the other policies: the
-- 9-month review held or not, the cap on the year, the warning before it.
-- The shipped default applies (version 0) until one is set.
CREATE TABLE year_policies (
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    version          integer NOT NULL CHECK (version >= 1),
    policy           jsonb NOT NULL CHECK (jsonb_typeof(policy) = 'object'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       uuid,
    PRIMARY KEY (organisation_id, version),
    CHECK ((policy ->> 'maximumCalendarMonths')::int BETWEEN 13 AND 36)
);
GRANT SELECT, INSERT ON year_policies TO quorum_app;
CREATE TRIGGER year_policies_immutable BEFORE UPDATE OR DELETE ON year_policies
    FOR EACH ROW EXECUTE FUNCTION records_refuse_change();
ALTER TABLE year_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE year_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON year_policies USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

-- A new year policy moves every year's periods in the organisation, so every
-- cached sufficiency result keyed on a portfolio revision must be recomputed.
CREATE FUNCTION year_policies_bump_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE enrolments SET portfolio_revision = portfolio_revision + 1 WHERE organisation_id = NEW.organisation_id;
    RETURN NEW;
END $$;
CREATE TRIGGER year_policies_revision AFTER INSERT ON year_policies
    FOR EACH ROW EXECUTE FUNCTION year_policies_bump_revisions();

-- What an extension is for. Extensions recorded before this release keep
-- the catch-all; the list has no capability category: that is the support
-- and action plan's route, never a longer year.
ALTER TABLE enrolment_extensions ADD COLUMN category text NOT NULL DEFAULT 'other_circumstance'
    CHECK (category IN ('part_time_working', 'reasonable_adjustment', 'learning_opportunities', 'panel_deferral', 'other_circumstance'));
