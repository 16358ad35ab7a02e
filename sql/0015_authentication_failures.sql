-- Failed sign-ins (unknown, expired or revoked tokens), for the security
-- log: when, from where, which token (a fingerprint, never the secret),
-- asking for what. A failure names no organisation — the token was not
-- anyone's — so this table is outside row-level security, and the server
-- may only add to it; the owner reads it.
CREATE TABLE authentication_failures (
    id                 bigserial PRIMARY KEY,
    occurred_at        timestamptz NOT NULL DEFAULT now(),
    source             text NOT NULL CHECK (length(source) <= 100),
    token_fingerprint  text NOT NULL CHECK (token_fingerprint ~ '^[0-9a-f]{12}$'),
    method             text NOT NULL CHECK (length(method) <= 10),
    path               text NOT NULL CHECK (length(path) <= 500),
    throttled          boolean NOT NULL DEFAULT false
);
CREATE INDEX authentication_failures_time ON authentication_failures (occurred_at);
GRANT INSERT ON authentication_failures TO quorum_app;
GRANT USAGE ON SEQUENCE authentication_failures_id_seq TO quorum_app;
