-- Addenda to signed supervision records: the record is never edited, a later
-- note is added beside it with who wrote it and when (append-only).
CREATE TABLE supervision_addenda (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    session_id       uuid NOT NULL REFERENCES supervision_sessions (id),
    text             text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 4000),
    added_by         uuid NOT NULL,
    added_on         date NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (added_by, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE INDEX supervision_addenda_session ON supervision_addenda (session_id, created_at);
CREATE TRIGGER supervision_addenda_immutable BEFORE UPDATE OR DELETE ON supervision_addenda
    FOR EACH ROW EXECUTE FUNCTION records_refuse_change();
GRANT SELECT, INSERT ON supervision_addenda TO quorum_app;
ALTER TABLE supervision_addenda ENABLE ROW LEVEL SECURITY;
ALTER TABLE supervision_addenda FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON supervision_addenda USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
