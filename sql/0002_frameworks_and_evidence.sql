-- Frameworks as versioned reference data, evidence portfolios, the year's
-- clock (absences, extensions) and each organisation's sufficiency policy.

-- A framework version is immutable: quorum_app may only read these tables, and
-- a new version is a new row set loaded by a migration, beside the old one.
CREATE TABLE frameworks (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]+$'),
    kind        text NOT NULL CHECK (kind IN ('kss', 'pcf')),
    setting     text CHECK (setting IN ('child_and_family', 'adults')),
    version     text NOT NULL,
    title       text NOT NULL,
    source      text NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'kss') = (setting IS NOT NULL)),
    UNIQUE (kind, setting, version)
);

CREATE TABLE framework_statements (
    framework_id  text NOT NULL REFERENCES frameworks (id),
    code          text NOT NULL CHECK (code ~ '^[A-Z0-9-]+$'),
    number        integer NOT NULL CHECK (number BETWEEN 1 AND 50),
    title         text NOT NULL,
    source        text NOT NULL,
    PRIMARY KEY (framework_id, code),
    UNIQUE (framework_id, number)
);

-- Child and family KSS: DfE, 2014; titles as reproduced in seed 002, Appendix 11.
INSERT INTO frameworks (id, kind, setting, version, title, source) VALUES
 ('kss-child-family-2014', 'kss', 'child_and_family', '2014',
  'Knowledge and skills statement for child and family social work',
  'Department for Education, 2014; statement titles as in seed 002 (children''s trust supervision policy), Appendix 11');
INSERT INTO framework_statements (framework_id, code, number, title, source)
SELECT 'kss-child-family-2014', 'KSS-CF-' || n, n, t, 'seed 002, Appendix 11'
  FROM (VALUES (1, 'Relationships and effective direct work'), (2, 'Communication'), (3, 'Child development'),
               (4, 'Adult mental ill health, substance misuse, domestic abuse, physical ill health and disability'),
               (5, 'Abuse and neglect of children'), (6, 'Child and family assessment'),
               (7, 'Analysis, decision-making, planning and review'), (8, 'The law and the family and youth justice systems'),
               (9, 'The role of supervision'), (10, 'Organisational context')) AS s (n, t);

-- Adults KSS: Department of Health, 2015. The seeds do not list these titles.
-- Statement 10's title is confirmed by a published mapping (Research in
-- Practice for Adults); 1-8 are as commonly cited from the 2015 statement.
-- Statement 9's title could not be confirmed from the sources at hand, so it
-- is not loaded rather than guessed: check this list against the DH
-- publication and load the complete, verified list as a new version
-- (e.g. 'kss-adults-2015-verified') before an adults cohort starts on it.
INSERT INTO frameworks (id, kind, setting, version, title, source) VALUES
 ('kss-adults-2015', 'kss', 'adults', '2015',
  'Knowledge and skills statement for social workers in adult services',
  'Department of Health, 2015; statement 9 not loaded (title unconfirmed); see statement sources');
INSERT INTO framework_statements (framework_id, code, number, title, source)
SELECT 'kss-adults-2015', 'KSS-AD-' || n, n, t, src
  FROM (VALUES (1, 'The role of social workers working with adults', 'DH 2015, as commonly cited; verify'),
               (2, 'Person-centred practice', 'DH 2015, as commonly cited; verify'),
               (3, 'Safeguarding', 'DH 2015; Research in Practice for Adults KSS mapping'),
               (4, 'Mental capacity', 'DH 2015, as commonly cited; verify'),
               (5, 'Effective assessments and outcome based support planning', 'DH 2015, as commonly cited; verify'),
               (6, 'Direct work with individuals and families', 'DH 2015, as commonly cited; verify'),
               (7, 'Supervision, critical reflection and analysis', 'DH 2015, as commonly cited; verify'),
               (8, 'Organisational context', 'DH 2015, as commonly cited; verify'),
               (10, 'Professional ethics and leadership', 'DH 2015, section 10; Research in Practice for Adults carers mapping')
       ) AS s (n, t, src);

-- PCF: nine domains (BASW); ASYE is one level of nine. Titles as in seed 003 and the digest.
INSERT INTO frameworks (id, kind, setting, version, title, source) VALUES
 ('pcf-2018-asye', 'pcf', NULL, '2018', 'Professional Capabilities Framework, ASYE level',
  'BASW Professional Capabilities Framework (2018 refresh); domains as in seed 003');
INSERT INTO framework_statements (framework_id, code, number, title, source)
SELECT 'pcf-2018-asye', 'PCF-' || n, n, t, 'seed 003'
  FROM (VALUES (1, 'Professionalism'), (2, 'Values and ethics'), (3, 'Diversity and equality'),
               (4, 'Rights, justice and economic wellbeing'), (5, 'Knowledge'), (6, 'Critical reflection and analysis'),
               (7, 'Skills and interventions'), (8, 'Contexts and organisations'), (9, 'Professional leadership')) AS s (n, t);

-- Each enrolment is pinned to the versions it started under, for good.
ALTER TABLE enrolments
    ADD COLUMN kss_framework_id text REFERENCES frameworks (id),
    ADD COLUMN pcf_framework_id text REFERENCES frameworks (id);
UPDATE enrolments SET kss_framework_id = CASE setting WHEN 'adults' THEN 'kss-adults-2015' ELSE 'kss-child-family-2014' END,
                      pcf_framework_id = 'pcf-2018-asye';
ALTER TABLE enrolments ALTER COLUMN kss_framework_id SET NOT NULL, ALTER COLUMN pcf_framework_id SET NOT NULL;

CREATE FUNCTION enrolments_frameworks_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kss_framework_id <> OLD.kss_framework_id OR NEW.pcf_framework_id <> OLD.pcf_framework_id THEN
        RAISE EXCEPTION 'an enrolment keeps the framework versions it started under' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'enrolments_frameworks_fixed';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER enrolments_frameworks_fixed BEFORE UPDATE ON enrolments
    FOR EACH ROW EXECUTE FUNCTION enrolments_frameworks_fixed();

-- Evidence items. Two dates: when the practice happened, and when it was entered.
CREATE TABLE evidence_items (
    id                 uuid PRIMARY KEY,
    organisation_id    uuid NOT NULL,
    enrolment_id       uuid NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('direct_observation', 'person_feedback', 'professional_feedback',
                            'written_report', 'critical_reflection', 'supervision_note', 'presentation', 'other')),
    practice_date      date NOT NULL,
    added_on           date NOT NULL,
    author_id          uuid NOT NULL,
    description        text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 4000),
    file_name          text CHECK (length(file_name) BETWEEN 1 AND 255),
    file_media_type    text CHECK (length(file_media_type) BETWEEN 3 AND 100),
    file_size_bytes    bigint CHECK (file_size_bytes >= 0),
    file_sha256        text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    verified_by        uuid,
    verified_on        date,
    ai_use_suspected   boolean NOT NULL DEFAULT false,
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (author_id, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (verified_by, organisation_id) REFERENCES people (id, organisation_id),
    CHECK (practice_date <= added_on),
    CHECK ((verified_by IS NULL) = (verified_on IS NULL)),
    CHECK ((file_name IS NULL) = (file_sha256 IS NULL) AND (file_name IS NULL) = (file_size_bytes IS NULL)
           AND (file_name IS NULL) = (file_media_type IS NULL))
);
CREATE INDEX evidence_items_enrolment ON evidence_items (enrolment_id, practice_date);

-- An item's mappings: only statements of frameworks (the app checks they are the enrolment's pinned ones).
CREATE TABLE evidence_mappings (
    evidence_id      uuid NOT NULL REFERENCES evidence_items (id),
    organisation_id  uuid NOT NULL,
    framework_id     text NOT NULL,
    code             text NOT NULL,
    PRIMARY KEY (evidence_id, code),
    FOREIGN KEY (framework_id, code) REFERENCES framework_statements (framework_id, code),
    FOREIGN KEY (evidence_id, organisation_id) REFERENCES evidence_items (id, organisation_id)
);

-- Judgements are appended, never edited: the history is the record.
CREATE TABLE evidence_judgements (
    id               bigserial PRIMARY KEY,
    evidence_id      uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    judge_id         uuid NOT NULL,
    level            text NOT NULL CHECK (level IN ('meets', 'partly_meets', 'does_not_yet_meet')),
    feedback         text NOT NULL CHECK (length(feedback) <= 8000),
    recorded_on      date NOT NULL,
    is_resolution    boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (evidence_id, organisation_id) REFERENCES evidence_items (id, organisation_id),
    FOREIGN KEY (judge_id, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE INDEX evidence_judgements_item ON evidence_judgements (evidence_id, id);

-- What stops or extends the clock.
CREATE TABLE enrolment_absences (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    enrolment_id     uuid NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('sickness', 'parental_leave', 'other_leave')),
    starts_on        date NOT NULL,
    ends_on          date NOT NULL,
    reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
    recorded_by      uuid NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE INDEX enrolment_absences_enrolment ON enrolment_absences (enrolment_id);

CREATE TABLE enrolment_extensions (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    enrolment_id     uuid NOT NULL,
    days             integer NOT NULL CHECK (days BETWEEN 1 AND 365),
    agreed_on        date NOT NULL,
    reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
    recorded_by      uuid NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE INDEX enrolment_extensions_enrolment ON enrolment_extensions (enrolment_id);

-- Sufficiency policy, versioned per organisation; the latest applies, old versions stay.
CREATE TABLE sufficiency_policies (
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    version          integer NOT NULL CHECK (version >= 1),
    policy           jsonb NOT NULL CHECK (jsonb_typeof(policy) = 'object'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       uuid,
    PRIMARY KEY (organisation_id, version)
);

GRANT SELECT ON frameworks, framework_statements TO quorum_app;
GRANT SELECT, INSERT, UPDATE ON evidence_items TO quorum_app;
GRANT SELECT, INSERT ON evidence_mappings, evidence_judgements, enrolment_absences, enrolment_extensions, sufficiency_policies TO quorum_app;
GRANT USAGE ON SEQUENCE evidence_judgements_id_seq TO quorum_app;
