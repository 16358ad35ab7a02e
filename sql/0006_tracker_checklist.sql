-- Tracker lines a person ticks (the rest of the ASYE tracker is computed).
CREATE TABLE tracker_checklist (
    enrolment_id     uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    item             text NOT NULL CHECK (item IN ('learning_agreement', 'development_plan', 'mandatory_elearning',
                                                   'final_evidence_meeting', 'certificate_seen')),
    completed_on     date NOT NULL,
    recorded_by      uuid NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (enrolment_id, item),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id)
);
GRANT SELECT, INSERT ON tracker_checklist TO quorum_app;
