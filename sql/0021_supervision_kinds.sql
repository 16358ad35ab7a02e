-- Supervision sessions: their kind (only individual, formal sessions count
-- toward the standard), the time they start, and agreed actions each with an
-- owner and a date. Sessions recorded before keep kind 'individual', no time
-- and no structured actions (their agreed_actions text stays).
ALTER TABLE supervision_sessions
    ADD COLUMN kind text NOT NULL DEFAULT 'individual' CHECK (kind IN ('individual', 'group', 'informal')),
    ADD COLUMN starts_at smallint CHECK (starts_at BETWEEN 0 AND 1439),
    ADD COLUMN actions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(actions) = 'array' AND jsonb_array_length(actions) <= 20);
-- A cancelled session has no agreed actions.
ALTER TABLE supervision_sessions ADD CONSTRAINT supervision_cancelled_no_actions
    CHECK (outcome <> 'cancelled' OR jsonb_array_length(actions) = 0);
