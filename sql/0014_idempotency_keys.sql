-- Idempotency-Key: a POST sent again with the same key (same person, within
-- 24 hours) gets the first reply and changes nothing; the same key with a
-- different request is refused. `pending` holds the key while the first
-- request runs, so a concurrent replay cannot run the command twice.
CREATE TABLE idempotency_keys (
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    person_id        uuid NOT NULL,
    key              text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    method           text NOT NULL CHECK (length(method) BETWEEN 1 AND 10),
    path             text NOT NULL CHECK (length(path) BETWEEN 1 AND 2000),
    request_hash     bytea NOT NULL CHECK (length(request_hash) = 32),
    state            text NOT NULL CHECK (state IN ('pending', 'complete')),
    status           integer CHECK (status BETWEEN 200 AND 499),
    content_type     text,
    etag             text,
    location         text,
    body             bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, key),
    FOREIGN KEY (person_id, organisation_id) REFERENCES people (id, organisation_id),
    CHECK ((state = 'complete') = (status IS NOT NULL AND body IS NOT NULL))
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON idempotency_keys USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO quorum_app;
