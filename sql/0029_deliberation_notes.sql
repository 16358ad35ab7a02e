-- A panel's private deliberation notes on a case: written while the panel
-- sits, read only by the chair and the members free to decide the case.
-- Never part of the NQSW's or assessor's view, the pack or any export.
-- Append-only: a note, once written, is the record.
CREATE TABLE panel_deliberation_notes (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    case_id          uuid NOT NULL,
    author_id        uuid NOT NULL,
    text             text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 8000),
    written_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    FOREIGN KEY (case_id, organisation_id) REFERENCES panel_cases (id, organisation_id),
    FOREIGN KEY (author_id, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE INDEX panel_deliberation_notes_case ON panel_deliberation_notes (case_id, written_at);

GRANT SELECT, INSERT ON panel_deliberation_notes TO quorum_app;

ALTER TABLE panel_deliberation_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE panel_deliberation_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON panel_deliberation_notes
    USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
