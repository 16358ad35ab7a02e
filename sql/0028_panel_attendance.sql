-- Who was present at a panel's sitting, and who took part in each decision.
--
-- The chair records attendance (opening the session records every member
-- present; the chair corrects it as people arrive and leave). Each record is
-- a new row: the latest is who is present now. A decision keeps the members
-- who took part, and quorum is counted on them, not on the panel's list.
CREATE TABLE panel_attendance (
    id               bigserial PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    panel_id         uuid NOT NULL,
    present          uuid[] NOT NULL CHECK (cardinality(present) >= 1),
    recorded_by      uuid,
    recorded_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    FOREIGN KEY (panel_id, organisation_id) REFERENCES panels (id, organisation_id),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE INDEX panel_attendance_panel ON panel_attendance (panel_id, id);

-- Decisions recorded before this release kept no participants: '{}'.
ALTER TABLE panel_decisions ADD COLUMN participant_ids uuid[] NOT NULL DEFAULT '{}';

GRANT SELECT, INSERT ON panel_attendance TO quorum_app;
GRANT USAGE ON SEQUENCE panel_attendance_id_seq TO quorum_app;

ALTER TABLE panel_attendance ENABLE ROW LEVEL SECURITY;
ALTER TABLE panel_attendance FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON panel_attendance
    USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
