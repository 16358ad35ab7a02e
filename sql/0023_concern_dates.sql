-- Concerns carry the day each step happened (occurredOn) and the day the
-- concern was entered, from the application's clock. Concerns entered before
-- this release were entered the day they were raised.
ALTER TABLE concerns ADD COLUMN entered_on date;
UPDATE concerns SET entered_on = raised_on WHERE entered_on IS NULL;
-- A server of the previous release does not write it: its day is the day raised.
CREATE FUNCTION concerns_fill_entered_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.entered_on := coalesce(NEW.entered_on, NEW.raised_on);
    RETURN NEW;
END $$;
CREATE TRIGGER concerns_entered_on BEFORE INSERT ON concerns FOR EACH ROW EXECUTE FUNCTION concerns_fill_entered_on();
ALTER TABLE concerns ALTER COLUMN entered_on SET NOT NULL;
ALTER TABLE concerns ADD CONSTRAINT concerns_entered_after_raised CHECK (entered_on >= raised_on);
-- Each step follows the one before.
ALTER TABLE concerns ADD CONSTRAINT concerns_responded_after_shared CHECK (responded_on IS NULL OR responded_on >= shared_on);
ALTER TABLE concerns ADD CONSTRAINT concerns_outcome_after_raised CHECK (outcome_on IS NULL OR outcome_on >= raised_on);
