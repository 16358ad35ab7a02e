-- Support and action plans: the state machine's state, its acknowledgements,
-- objectives and their reviews.
CREATE TABLE support_plans (
    id                    uuid PRIMARY KEY,
    organisation_id       uuid NOT NULL,
    enrolment_id          uuid NOT NULL,
    state                 text NOT NULL CHECK (state IN ('draft', 'agreed', 'active', 'under_review', 'closed', 'escalated', 'cancelled')),
    concern_ids           uuid[] NOT NULL DEFAULT '{}',
    support               text NOT NULL CHECK (length(btrim(support)) BETWEEN 1 AND 8000),
    next_review_on        date NOT NULL,
    extensions            integer NOT NULL DEFAULT 0 CHECK (extensions >= 0),
    maximum_extensions    integer NOT NULL DEFAULT 2 CHECK (maximum_extensions BETWEEN 0 AND 10),
    nqsw_ack_on           date,
    assessor_ack_on       date,
    line_manager_ack_on   date,
    nqsw_comments         text CHECK (length(nqsw_comments) <= 8000),
    procedure             text CHECK (procedure IN ('performance', 'capability', 'disciplinary')),
    procedure_outcome     text CHECK (length(btrim(procedure_outcome)) BETWEEN 1 AND 8000),
    cancel_reason         text CHECK (length(btrim(cancel_reason)) BETWEEN 1 AND 4000),
    version               integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by            uuid NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (created_by, organisation_id) REFERENCES people (id, organisation_id),
    -- A plan past draft has all three acknowledgements (a cancelled draft may not).
    CONSTRAINT support_plans_acknowledged CHECK (state IN ('draft', 'cancelled')
        OR (nqsw_ack_on IS NOT NULL AND assessor_ack_on IS NOT NULL AND line_manager_ack_on IS NOT NULL)),
    CHECK ((state = 'escalated') = (procedure IS NOT NULL)),
    CHECK (procedure_outcome IS NULL OR procedure IS NOT NULL),
    CHECK ((state = 'cancelled') = (cancel_reason IS NOT NULL)),
    CHECK (extensions <= maximum_extensions)
);
-- One plan in progress per enrolment.
CREATE UNIQUE INDEX support_plans_one_open ON support_plans (enrolment_id) WHERE state IN ('draft', 'agreed', 'active', 'under_review');

CREATE TABLE plan_objectives (
    plan_id          uuid NOT NULL REFERENCES support_plans (id),
    number           integer NOT NULL CHECK (number BETWEEN 1 AND 20),
    description      text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 4000),
    statements       text[] NOT NULL CHECK (cardinality(statements) >= 1),
    target_date      date NOT NULL,
    PRIMARY KEY (plan_id, number)
);

CREATE TABLE plan_objective_reviews (
    id               bigserial PRIMARY KEY,
    plan_id          uuid NOT NULL,
    number           integer NOT NULL,
    reviewed_on      date NOT NULL,
    outcome          text NOT NULL CHECK (outcome IN ('met', 'partly_met', 'not_met')),
    note             text NOT NULL DEFAULT '' CHECK (length(note) <= 4000),
    FOREIGN KEY (plan_id, number) REFERENCES plan_objectives (plan_id, number)
);

-- Plans change the robust criterion too.
CREATE TRIGGER support_plans_revision AFTER INSERT OR UPDATE ON support_plans
    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision();

GRANT SELECT, INSERT, UPDATE ON support_plans TO quorum_app;
GRANT SELECT, INSERT, DELETE ON plan_objectives TO quorum_app;
GRANT SELECT, INSERT ON plan_objective_reviews TO quorum_app;
GRANT USAGE ON SEQUENCE plan_objective_reviews_id_seq TO quorum_app;
