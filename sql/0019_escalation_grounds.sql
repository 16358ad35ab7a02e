-- An escalation to the PSW says why, and may name the plan behind it.
--
-- Escalations made before this release get a reason that says so; from now
-- on the use case requires one (1–4000 characters), and the schema keeps it.
ALTER TABLE escalations ADD COLUMN reason text;
UPDATE escalations SET reason = 'Escalated before Quorum recorded a reason for escalating.' WHERE reason IS NULL;
ALTER TABLE escalations ALTER COLUMN reason SET NOT NULL;
ALTER TABLE escalations ADD CONSTRAINT escalations_reason CHECK (length(btrim(reason)) BETWEEN 1 AND 4000);

-- The support and action plan behind it, if any: a plan of the same year.
ALTER TABLE support_plans ADD CONSTRAINT support_plans_id_enrolment UNIQUE (id, enrolment_id);
ALTER TABLE escalations ADD COLUMN plan_id uuid;
ALTER TABLE escalations ADD CONSTRAINT escalations_plan_same_year
    FOREIGN KEY (plan_id, enrolment_id) REFERENCES support_plans (id, enrolment_id);
