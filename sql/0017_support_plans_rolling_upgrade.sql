-- Support plans' days during a rolling upgrade.
--
-- This release always writes a plan's opened and ended days from its clock.
-- A server of the previous release, still running while the new one starts,
-- writes neither; without these it would fail on 0016's NOT NULL and CHECK.
-- The default and the trigger fill the days in from the database's date in
-- Europe/London, the same day the previous release would have meant.
ALTER TABLE support_plans ALTER COLUMN opened_on SET DEFAULT (now() AT TIME ZONE 'Europe/London')::date;

CREATE FUNCTION support_plans_fill_ended_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state IN ('closed', 'escalated', 'cancelled') AND NEW.ended_on IS NULL THEN
        NEW.ended_on := greatest(NEW.opened_on, (now() AT TIME ZONE 'Europe/London')::date);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER support_plans_ended_on BEFORE INSERT OR UPDATE ON support_plans
    FOR EACH ROW EXECUTE FUNCTION support_plans_fill_ended_on();
