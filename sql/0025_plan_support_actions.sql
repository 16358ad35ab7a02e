-- A plan's support as actions, each with an owner and a date; plans drafted
-- before this release keep their support text and no actions.
ALTER TABLE support_plans ADD COLUMN support_actions jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(support_actions) = 'array' AND jsonb_array_length(support_actions) <= 20);
