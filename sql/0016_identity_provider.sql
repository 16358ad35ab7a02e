-- Sign-in through the employer's identity provider: once the server has
-- verified an OIDC bearer JWT (issuer, audience, signature, expiry), the
-- token's email names the person. Like quorum_authenticate, this lookup
-- crosses organisations and enters the person's for the transaction.
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
REVOKE ALL ON FUNCTION quorum_authenticate_email(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION quorum_authenticate_email(text) TO quorum_app;
