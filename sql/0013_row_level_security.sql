-- Row-level security: the second wall behind the application's need-to-know
-- checks. The server connects as quorum_app, which is not the owner; every
-- organisation-owned table ENABLEs and FORCEs row-level security with one
-- policy: a row is visible and writable only when its organisation is the
-- one set for the transaction in `app.organisation_id`. Quorum sets it with
-- set_config(..., true) — local to the transaction — when it authenticates
-- the caller (quorum_authenticate below), and system work (CLI, demo data)
-- sets it for the organisation it acts on (quorum_enter_organisation).
-- Unset, it matches nothing: a query that forgot to say whose data it wants
-- gets none. quorum_owner (migrations) must hold BYPASSRLS.

DO $$
BEGIN
    IF NOT (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'the migration role % needs BYPASSRLS (as a superuser: ALTER ROLE % BYPASSRLS)', current_user, current_user;
    END IF;
END
$$;

-- The organisation set for this transaction, or NULL.
CREATE FUNCTION quorum_organisation() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT nullif(current_setting('app.organisation_id', true), '')::uuid
$$;

-- System work names the organisation it acts on, for this transaction only.
CREATE FUNCTION quorum_enter_organisation(organisation uuid) RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT set_config('app.organisation_id', organisation::text, true);
$$;

-- Resolves a bearer token's hash to the caller and enters their organisation
-- for the rest of the transaction (or clears it if the token is not live).
-- SECURITY DEFINER: the lookup crosses organisations, which nothing else may.
CREATE FUNCTION quorum_authenticate(secret_hash bytea)
RETURNS TABLE (person_id uuid, organisation_id uuid, roles text[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    found_person uuid;
    found_organisation uuid;
BEGIN
    SELECT t.person_id, t.organisation_id INTO found_person, found_organisation
      FROM api_tokens t
     WHERE t.token_hash = secret_hash AND t.revoked_at IS NULL AND t.expires_at > now();
    PERFORM set_config('app.organisation_id', coalesce(found_organisation::text, ''), true);
    IF found_person IS NOT NULL THEN
        RETURN QUERY SELECT found_person, found_organisation,
                            ARRAY(SELECT r.role FROM role_assignments r WHERE r.person_id = found_person ORDER BY r.role);
    END IF;
END
$$;

-- Resolves a person by email across organisations — a verified OIDC token's
-- email, or the CLI issuing a token — and enters their organisation.
CREATE FUNCTION quorum_authenticate_email(address text)
RETURNS TABLE (person_id uuid, organisation_id uuid, roles text[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    found_person uuid;
    found_organisation uuid;
BEGIN
    SELECT p.id, p.organisation_id INTO found_person, found_organisation FROM people p WHERE lower(p.email) = lower(address);
    PERFORM set_config('app.organisation_id', coalesce(found_organisation::text, ''), true);
    IF found_person IS NOT NULL THEN
        RETURN QUERY SELECT found_person, found_organisation,
                            ARRAY(SELECT r.role FROM role_assignments r WHERE r.person_id = found_person ORDER BY r.role);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION quorum_authenticate(bytea), quorum_authenticate_email(text), quorum_enter_organisation(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION quorum_authenticate(bytea), quorum_authenticate_email(text), quorum_enter_organisation(uuid),
    quorum_organisation() TO quorum_app;

ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organisations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON organisations USING (id = quorum_organisation()) WITH CHECK (id = quorum_organisation());

ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON people USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE role_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE role_assignments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON role_assignments USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE enrolments ENABLE ROW LEVEL SECURITY;
ALTER TABLE enrolments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON enrolments USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON api_tokens USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_events USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_chain_heads USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE evidence_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE evidence_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON evidence_items USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE evidence_mappings ENABLE ROW LEVEL SECURITY;
ALTER TABLE evidence_mappings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON evidence_mappings USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE evidence_judgements ENABLE ROW LEVEL SECURITY;
ALTER TABLE evidence_judgements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON evidence_judgements USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE enrolment_absences ENABLE ROW LEVEL SECURITY;
ALTER TABLE enrolment_absences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON enrolment_absences USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE enrolment_extensions ENABLE ROW LEVEL SECURITY;
ALTER TABLE enrolment_extensions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON enrolment_extensions USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE sufficiency_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE sufficiency_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sufficiency_policies USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE enrolment_assessor_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE enrolment_assessor_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON enrolment_assessor_changes USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE reviews FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON reviews USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE supervision_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE supervision_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON supervision_sessions USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE tracker_checklist ENABLE ROW LEVEL SECURITY;
ALTER TABLE tracker_checklist FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON tracker_checklist USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE supervision_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE supervision_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON supervision_policies USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE concerns ENABLE ROW LEVEL SECURITY;
ALTER TABLE concerns FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON concerns USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE support_plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_plans FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON support_plans USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE escalations ENABLE ROW LEVEL SECURITY;
ALTER TABLE escalations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON escalations USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE escalation_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE escalation_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON escalation_notes USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE recommendations ENABLE ROW LEVEL SECURITY;
ALTER TABLE recommendations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON recommendations USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE recommendation_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE recommendation_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON recommendation_versions USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE panel_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE panel_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON panel_policies USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE panels ENABLE ROW LEVEL SECURITY;
ALTER TABLE panels FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON panels USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE panel_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE panel_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON panel_members USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE panel_cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE panel_cases FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON panel_cases USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE panel_conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE panel_conflicts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON panel_conflicts USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE panel_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE panel_decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON panel_decisions USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE decision_signatures ENABLE ROW LEVEL SECURITY;
ALTER TABLE decision_signatures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON decision_signatures USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE decision_corrections ENABLE ROW LEVEL SECURITY;
ALTER TABLE decision_corrections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON decision_corrections USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE moderation_samples ENABLE ROW LEVEL SECURITY;
ALTER TABLE moderation_samples FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON moderation_samples USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE moderation_sample_cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE moderation_sample_cases FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON moderation_sample_cases USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE sample_moderators ENABLE ROW LEVEL SECURITY;
ALTER TABLE sample_moderators FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sample_moderators USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE moderation_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE moderation_reviews FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON moderation_reviews USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

ALTER TABLE moderation_disputes ENABLE ROW LEVEL SECURITY;
ALTER TABLE moderation_disputes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON moderation_disputes USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());

-- A plan's objectives and their reviews belong to the plan: visible when it is.
ALTER TABLE plan_objectives ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_objectives FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON plan_objectives
    USING (EXISTS (SELECT 1 FROM support_plans p WHERE p.id = plan_id))
    WITH CHECK (EXISTS (SELECT 1 FROM support_plans p WHERE p.id = plan_id));
ALTER TABLE plan_objective_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_objective_reviews FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON plan_objective_reviews
    USING (EXISTS (SELECT 1 FROM support_plans p WHERE p.id = plan_id))
    WITH CHECK (EXISTS (SELECT 1 FROM support_plans p WHERE p.id = plan_id));
