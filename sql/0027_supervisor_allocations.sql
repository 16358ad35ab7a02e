-- Who supervises an NQSW, from a day: the line manager or the assessor.
-- A change is a new row, never an edit. The row names the relation (so
-- supervision follows whoever holds it now) and keeps who held it when it was
-- allocated. With no row, the line manager supervises from the year's start.
CREATE TABLE supervisor_allocations (
    id               bigserial PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    enrolment_id     uuid NOT NULL,
    relation         text NOT NULL CHECK (relation IN ('line_manager', 'assessor')),
    supervisor_id    uuid NOT NULL,
    from_on          date NOT NULL,
    reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
    recorded_by      uuid,
    entered_at       timestamptz NOT NULL DEFAULT now(),
    -- One change a day: the later of two would say nothing the earlier did not.
    UNIQUE (enrolment_id, from_on),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (supervisor_id, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id)
);

GRANT SELECT, INSERT ON supervisor_allocations TO quorum_app;
GRANT USAGE ON SEQUENCE supervisor_allocations_id_seq TO quorum_app;

ALTER TABLE supervisor_allocations ENABLE ROW LEVEL SECURITY;
ALTER TABLE supervisor_allocations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON supervisor_allocations
    USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
