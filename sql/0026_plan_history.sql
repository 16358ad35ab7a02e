-- A support and action plan's history: every version of its content kept,
-- each acknowledgement tied to the version acknowledged, and when each step
-- was entered beside the day it happened.
--
-- Editing a draft used to overwrite its objectives: what the NQSW first
-- acknowledged was gone. From now on an edit adds a version and never
-- rewrites one. Plans from before this release get one version from their
-- current content (the earlier text was not kept, so cannot be recovered).

CREATE TABLE plan_content_versions (
    plan_id          uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    content_version  integer NOT NULL CHECK (content_version >= 1),
    support          text NOT NULL CHECK (length(btrim(support)) BETWEEN 1 AND 8000),
    support_actions  jsonb NOT NULL CHECK (jsonb_typeof(support_actions) = 'array'),
    next_review_on   date NOT NULL,
    objectives       jsonb NOT NULL CHECK (jsonb_typeof(objectives) = 'array' AND jsonb_array_length(objectives) BETWEEN 1 AND 20),
    recorded_by      uuid,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_id, content_version),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES support_plans (id, organisation_id),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id)
);

INSERT INTO plan_content_versions (plan_id, organisation_id, content_version, support, support_actions, next_review_on, objectives, recorded_by, recorded_at)
SELECT p.id, p.organisation_id, 1, p.support, p.support_actions, p.next_review_on,
       (SELECT jsonb_agg(jsonb_build_object('number', o.number, 'description', o.description, 'statements', to_jsonb(o.statements),
                                            'targetDate', o.target_date) ORDER BY o.number)
          FROM plan_objectives o WHERE o.plan_id = p.id),
       p.created_by, p.created_at
  FROM support_plans p
 WHERE EXISTS (SELECT 1 FROM plan_objectives o WHERE o.plan_id = p.id);

-- Which version the plan stands at; acknowledgements name it.
ALTER TABLE support_plans ADD COLUMN content_version integer NOT NULL DEFAULT 1 CHECK (content_version >= 1);

CREATE TABLE plan_acknowledgements (
    id               bigserial PRIMARY KEY,
    plan_id          uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    content_version  integer NOT NULL,
    party            text NOT NULL CHECK (party IN ('nqsw', 'assessor', 'line_manager')),
    acknowledged_on  date NOT NULL,
    acknowledged_by  uuid NOT NULL,
    comments         text CHECK (length(comments) <= 8000),
    entered_at       timestamptz NOT NULL DEFAULT now(),
    -- Each party acknowledges a version once.
    UNIQUE (plan_id, content_version, party),
    FOREIGN KEY (plan_id, content_version) REFERENCES plan_content_versions (plan_id, content_version),
    FOREIGN KEY (acknowledged_by, organisation_id) REFERENCES people (id, organisation_id)
);

INSERT INTO plan_acknowledgements (plan_id, organisation_id, content_version, party, acknowledged_on, acknowledged_by, comments)
SELECT p.id, p.organisation_id, 1, a.party, a.day, a.person, CASE WHEN a.party = 'nqsw' THEN p.nqsw_comments END
  FROM support_plans p
  JOIN enrolments e ON e.id = p.enrolment_id
 CROSS JOIN LATERAL (VALUES ('nqsw', p.nqsw_ack_on, e.nqsw_id), ('assessor', p.assessor_ack_on, e.assessor_id),
                            ('line_manager', p.line_manager_ack_on, e.line_manager_id)) AS a (party, day, person)
 WHERE a.day IS NOT NULL
   AND EXISTS (SELECT 1 FROM plan_content_versions v WHERE v.plan_id = p.id AND v.content_version = 1);

-- A review's day is when it happened; when it was entered is kept beside it.
ALTER TABLE plan_objective_reviews ADD COLUMN entered_at timestamptz NOT NULL DEFAULT now();

-- The history is append-only: no UPDATE or DELETE for the application.
GRANT SELECT, INSERT ON plan_content_versions TO quorum_app;
GRANT SELECT, INSERT ON plan_acknowledgements TO quorum_app;
GRANT USAGE ON SEQUENCE plan_acknowledgements_id_seq TO quorum_app;

ALTER TABLE plan_content_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_content_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON plan_content_versions
    USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
ALTER TABLE plan_acknowledgements ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_acknowledgements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON plan_acknowledgements
    USING (organisation_id = quorum_organisation()) WITH CHECK (organisation_id = quorum_organisation());
