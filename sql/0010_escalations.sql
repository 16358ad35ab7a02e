-- Fitness-to-practise escalations to the principal social worker. The
-- referral pack is a snapshot taken when the concern is escalated; the PSW's
-- private notes live apart so no query for the NQSW can reach them.
CREATE TABLE escalations (
    id                uuid PRIMARY KEY,
    organisation_id   uuid NOT NULL,
    enrolment_id      uuid NOT NULL,
    concern_id        uuid NOT NULL UNIQUE REFERENCES concerns (id),
    escalated_by      uuid NOT NULL,
    escalated_on      date NOT NULL,
    state             text NOT NULL CHECK (state IN ('awaiting_acknowledgement', 'acknowledged', 'decided')),
    acknowledged_on   date,
    acknowledged_by   uuid,
    decision          jsonb CHECK (decision IS NULL OR jsonb_typeof(decision) = 'object'),
    decided_on        date,
    decided_by        uuid,
    pack              jsonb NOT NULL CHECK (jsonb_typeof(pack) = 'object'),
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (escalated_by, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (acknowledged_by, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (decided_by, organisation_id) REFERENCES people (id, organisation_id),
    CHECK ((state = 'awaiting_acknowledgement') = (acknowledged_on IS NULL)),
    CHECK ((state = 'decided') = (decision IS NOT NULL)),
    CHECK ((decision IS NULL) = (decided_on IS NULL))
);
CREATE INDEX escalations_organisation ON escalations (organisation_id, state);

CREATE TABLE escalation_notes (
    id               bigserial PRIMARY KEY,
    escalation_id    uuid NOT NULL REFERENCES escalations (id),
    organisation_id  uuid NOT NULL,
    author_id        uuid NOT NULL,
    noted_on         date NOT NULL,
    text             text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 8000),
    FOREIGN KEY (author_id, organisation_id) REFERENCES people (id, organisation_id)
);

GRANT SELECT, INSERT, UPDATE ON escalations TO quorum_app;
GRANT SELECT, INSERT ON escalation_notes TO quorum_app;
GRANT USAGE ON SEQUENCE escalation_notes_id_seq TO quorum_app;
