-- Sign-in through the employer's identity provider binds a person to the
-- provider's stable subject the first time, and from then on the subject,
-- not the email, names them. Each issuer signs into the organisations it is
-- configured for only; emails compare after NFC and ASCII-only lower case
-- (the server normalises the token's email; stored emails are folded for
-- ASCII letters only, never by PostgreSQL's lower(), which folds U+0130).
CREATE TABLE person_identities (
    issuer           text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
    subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    person_id        uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    linked_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (issuer, subject),
    UNIQUE (issuer, person_id),
    FOREIGN KEY (person_id, organisation_id) REFERENCES people (id, organisation_id)
);
ALTER TABLE person_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON person_identities USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
GRANT SELECT ON person_identities TO quorum_app;

CREATE FUNCTION quorum_authenticate_identity(p_issuer text, p_subject text, p_email text, p_organisations uuid[])
RETURNS TABLE (person_id uuid, organisation_id uuid, roles text[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    found_person uuid;
    found_organisation uuid;
    matches integer;
    bound boolean := false;
BEGIN
    IF p_subject IS NOT NULL THEN
        SELECT i.person_id, i.organisation_id INTO found_person, found_organisation
          FROM person_identities i WHERE i.issuer = p_issuer AND i.subject = p_subject;
        bound := found_person IS NOT NULL;
        -- A subject bound to someone this issuer may not sign in here names no one here.
        IF bound AND NOT (found_organisation = ANY(p_organisations)) THEN
            found_person := NULL;
            found_organisation := NULL;
        END IF;
    END IF;
    IF NOT bound THEN
        -- By email, among people this issuer has not bound yet (a bound person is named by their subject only).
        SELECT count(*), min(p.id::text)::uuid, min(p.organisation_id::text)::uuid INTO matches, found_person, found_organisation
          FROM people p
         WHERE p.organisation_id = ANY(p_organisations)
           AND translate(p.email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = p_email
           AND NOT EXISTS (SELECT 1 FROM person_identities i WHERE i.issuer = p_issuer AND i.person_id = p.id);
        IF matches <> 1 THEN
            found_person := NULL;
            found_organisation := NULL;
        ELSIF p_subject IS NOT NULL THEN
            INSERT INTO person_identities (issuer, subject, person_id, organisation_id)
            VALUES (p_issuer, p_subject, found_person, found_organisation) ON CONFLICT DO NOTHING;
        END IF;
    END IF;
    PERFORM set_config('app.organisation_id', coalesce(found_organisation::text, ''), true);
    IF found_person IS NOT NULL THEN
        RETURN QUERY SELECT found_person, found_organisation,
                            ARRAY(SELECT r.role FROM role_assignments r WHERE r.person_id = found_person ORDER BY r.role);
    END IF;
END
$$;
REVOKE ALL ON FUNCTION quorum_authenticate_identity(text, text, text, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION quorum_authenticate_identity(text, text, text, uuid[]) TO quorum_app;
