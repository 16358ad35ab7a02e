-- The application role writes only what a use case writes: it never updates
-- organisations, people or role assignments, nor deletes a role (the operator
-- CLI runs those as the owner when they come), and of an API token it changes
-- only the revocation time.
REVOKE UPDATE ON organisations, people, role_assignments FROM quorum_app;
REVOKE DELETE ON role_assignments FROM quorum_app;
REVOKE UPDATE ON api_tokens FROM quorum_app;
GRANT UPDATE (revoked_at) ON api_tokens TO quorum_app;
