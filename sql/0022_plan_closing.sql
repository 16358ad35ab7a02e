-- A plan closes with an outcome — its objectives met, or not met — and the
-- evidence for it. Plans closed before this release could only close with
-- every objective met, so they are marked met; the evidence is required from
-- now on (NOT VALID: earlier rows keep none).
ALTER TABLE support_plans
    ADD COLUMN closing_outcome text CHECK (closing_outcome IN ('met', 'not_met')),
    ADD COLUMN closing_evidence text CHECK (length(btrim(closing_evidence)) BETWEEN 1 AND 4000);
UPDATE support_plans SET closing_outcome = 'met' WHERE state = 'closed';
ALTER TABLE support_plans ADD CONSTRAINT support_plans_closing_outcome CHECK ((state = 'closed') = (closing_outcome IS NOT NULL));
ALTER TABLE support_plans ADD CONSTRAINT support_plans_closing_evidence CHECK (closing_outcome IS NULL OR closing_evidence IS NOT NULL) NOT VALID;
