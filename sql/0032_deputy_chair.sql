-- A deputy chair, chosen when the panel is scheduled, signs a decision on a
-- case the chair is conflicted for; without one such a case is released.
ALTER TABLE panels ADD COLUMN deputy_chair_id uuid;
ALTER TABLE panels ADD CONSTRAINT panels_deputy_is_member FOREIGN KEY (id, deputy_chair_id)
    REFERENCES panel_members (panel_id, person_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE panels ADD CONSTRAINT panels_deputy_not_chair CHECK (deputy_chair_id IS NULL OR deputy_chair_id <> chair_id);
