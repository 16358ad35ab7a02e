-- Supervision frequency and record deadlines, per organisation and versioned
-- like the sufficiency policy; the shipped default applies until one is set.
CREATE TABLE supervision_policies (
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    version          integer NOT NULL CHECK (version >= 1),
    policy           jsonb NOT NULL CHECK (jsonb_typeof(policy) = 'object'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       uuid,
    PRIMARY KEY (organisation_id, version)
);
GRANT SELECT, INSERT ON supervision_policies TO quorum_app;
