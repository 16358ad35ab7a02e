-- Assessment panels, the cases listed at them, conflicts declared, the
-- panel's decisions (immutable; corrected only by a new record), and
-- moderation samples with moderators' reviews and disputes.

-- Panel and moderation policy, versioned like the others.
CREATE TABLE panel_policies (
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    version          integer NOT NULL CHECK (version >= 1),
    policy           jsonb NOT NULL CHECK (jsonb_typeof(policy) = 'object'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       uuid,
    PRIMARY KEY (organisation_id, version)
);

-- A panel keeps the quorum and anonymisation of the policy it was scheduled
-- under, so a later policy change does not alter a panel already arranged.
CREATE TABLE panels (
    id                 uuid PRIMARY KEY,
    organisation_id    uuid NOT NULL REFERENCES organisations (id),
    state              text NOT NULL CHECK (state IN ('draft', 'scheduled', 'in_session', 'closed', 'cancelled')),
    sits_on            date NOT NULL,
    starts_at          smallint NOT NULL CHECK (starts_at BETWEEN 0 AND 1439),
    ends_at            smallint NOT NULL CHECK (ends_at BETWEEN 0 AND 1439),
    location           text NOT NULL CHECK (length(btrim(location)) BETWEEN 1 AND 500),
    capacity           integer NOT NULL CHECK (capacity BETWEEN 1 AND 40),
    evidence_deadline  date NOT NULL,
    chair_id           uuid NOT NULL,
    quorum             integer NOT NULL CHECK (quorum BETWEEN 3 AND 12),
    anonymised         boolean NOT NULL,
    reason             text CHECK (length(btrim(reason)) BETWEEN 1 AND 4000),
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by         uuid NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (created_by, organisation_id) REFERENCES people (id, organisation_id),
    CHECK (ends_at > starts_at),
    CHECK (evidence_deadline < sits_on),
    CHECK (state <> 'cancelled' OR reason IS NOT NULL)
);
CREATE INDEX panels_by_date ON panels (organisation_id, sits_on);

-- Members hold the panel-member role; the chair is one of them (deferred FK below).
CREATE TABLE panel_members (
    panel_id         uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    person_id        uuid NOT NULL,
    member_role      text NOT NULL DEFAULT 'panel_member' CHECK (member_role = 'panel_member'),
    PRIMARY KEY (panel_id, person_id),
    FOREIGN KEY (panel_id, organisation_id) REFERENCES panels (id, organisation_id),
    FOREIGN KEY (person_id, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (person_id, member_role) REFERENCES role_assignments (person_id, role)
);
CREATE INDEX panel_members_person ON panel_members (person_id);
ALTER TABLE panels ADD CONSTRAINT panels_chair_is_member FOREIGN KEY (id, chair_id)
    REFERENCES panel_members (panel_id, person_id) DEFERRABLE INITIALLY DEFERRED;

-- A recommendation listed at a panel. It is listed at one panel at a time;
-- `case_deadline` carries a deferral's or referral's deadline to the listing.
CREATE TABLE panel_cases (
    id                 uuid PRIMARY KEY,
    organisation_id    uuid NOT NULL,
    panel_id           uuid NOT NULL,
    enrolment_id       uuid NOT NULL,
    recommendation_id  uuid NOT NULL,
    case_number        integer NOT NULL CHECK (case_number >= 1),
    state              text NOT NULL CHECK (state IN ('listed', 'recorded', 'decided', 'released')),
    released_reason    text CHECK (length(btrim(released_reason)) BETWEEN 1 AND 4000),
    case_deadline      date,
    listed_on          date NOT NULL,
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (id, organisation_id),
    UNIQUE (panel_id, case_number),
    FOREIGN KEY (panel_id, organisation_id) REFERENCES panels (id, organisation_id),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (recommendation_id, organisation_id) REFERENCES recommendations (id, organisation_id),
    CHECK ((state = 'released') = (released_reason IS NOT NULL))
);
CREATE UNIQUE INDEX panel_cases_one_listing ON panel_cases (recommendation_id) WHERE state = 'listed';
CREATE INDEX panel_cases_panel ON panel_cases (panel_id);
CREATE INDEX panel_cases_enrolment ON panel_cases (enrolment_id);

-- Conflicts a member declares beyond the automatic ones (NQSW, assessor, line manager).
CREATE TABLE panel_conflicts (
    case_id          uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    panel_id         uuid NOT NULL,
    person_id        uuid NOT NULL,
    reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 4000),
    declared_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, person_id),
    FOREIGN KEY (case_id, organisation_id) REFERENCES panel_cases (id, organisation_id),
    FOREIGN KEY (panel_id, person_id) REFERENCES panel_members (panel_id, person_id)
);

-- The panel's decision on a case as a deciding member recorded it: one per
-- case (the unique key makes two members recording at once end with one).
-- It takes effect when the chair signs it (decision_signatures).
CREATE TABLE panel_decisions (
    id                      uuid PRIMARY KEY,
    organisation_id         uuid NOT NULL,
    case_id                 uuid NOT NULL UNIQUE,
    recommendation_id       uuid NOT NULL,
    recommendation_version  integer NOT NULL,
    kind                    text NOT NULL CHECK (kind IN ('confirm', 'refer_back', 'defer', 'different_outcome')),
    outcome                 text NOT NULL CHECK (outcome IN ('PASS', 'FAIL', 'DEFER')),
    reasons                 text CHECK (length(btrim(reasons)) BETWEEN 1 AND 8000),
    evidence_required       text CHECK (length(btrim(evidence_required)) BETWEEN 1 AND 8000),
    deadline                date,
    recorded_by             uuid NOT NULL,
    recorded_on             date NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (case_id, organisation_id) REFERENCES panel_cases (id, organisation_id),
    FOREIGN KEY (recommendation_id, recommendation_version) REFERENCES recommendation_versions (recommendation_id, number),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id),
    CHECK (kind = 'confirm' OR reasons IS NOT NULL),
    CHECK ((kind IN ('refer_back', 'defer')) = (outcome = 'DEFER')),
    CHECK ((kind IN ('refer_back', 'defer')) = (deadline IS NOT NULL)),
    CHECK ((kind = 'refer_back') = (evidence_required IS NOT NULL))
);
CREATE TRIGGER panel_decisions_immutable BEFORE UPDATE OR DELETE ON panel_decisions
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

-- The chair's sign-off: once, and final.
CREATE TABLE decision_signatures (
    decision_id      uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    signed_by        uuid NOT NULL,
    signed_on        date NOT NULL,
    FOREIGN KEY (decision_id, organisation_id) REFERENCES panel_decisions (id, organisation_id),
    FOREIGN KEY (signed_by, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE TRIGGER decision_signatures_immutable BEFORE UPDATE OR DELETE ON decision_signatures
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

-- A coordinator's correction of a recorded PASS or FAIL: a new record with a reason.
CREATE TABLE decision_corrections (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    decision_id      uuid NOT NULL,
    outcome          text NOT NULL CHECK (outcome IN ('PASS', 'FAIL')),
    reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 4000),
    corrected_by     uuid NOT NULL,
    corrected_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    FOREIGN KEY (decision_id, organisation_id) REFERENCES panel_decisions (id, organisation_id),
    FOREIGN KEY (corrected_by, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE TRIGGER decision_corrections_immutable BEFORE UPDATE OR DELETE ON decision_corrections
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

-- A moderation sample: the period, the seed and share it was drawn with, and the cases.
CREATE TABLE moderation_samples (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL REFERENCES organisations (id),
    decided_from     date NOT NULL,
    decided_to       date NOT NULL,
    seed             bigint NOT NULL,
    share            double precision NOT NULL CHECK (share >= 0 AND share <= 1),
    drawn_by         uuid NOT NULL,
    drawn_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (drawn_by, organisation_id) REFERENCES people (id, organisation_id),
    CHECK (decided_to >= decided_from)
);

CREATE TABLE moderation_sample_cases (
    sample_id        uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    case_id          uuid NOT NULL,
    case_number      integer NOT NULL CHECK (case_number >= 1),
    reason           text NOT NULL CHECK (reason IN ('fail', 'borderline', 'near_miss', 'random')),
    PRIMARY KEY (sample_id, case_id),
    UNIQUE (sample_id, case_number),
    FOREIGN KEY (sample_id, organisation_id) REFERENCES moderation_samples (id, organisation_id),
    FOREIGN KEY (case_id, organisation_id) REFERENCES panel_cases (id, organisation_id)
);
CREATE TRIGGER moderation_samples_immutable BEFORE UPDATE OR DELETE ON moderation_samples
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER moderation_sample_cases_immutable BEFORE UPDATE OR DELETE ON moderation_sample_cases
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

-- Who moderates a sample. An external moderator (a partner organisation's,
-- given a guest account with the moderator role) sees the sampled cases only,
-- anonymised.
CREATE TABLE sample_moderators (
    sample_id        uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    person_id        uuid NOT NULL,
    moderator_role   text NOT NULL DEFAULT 'moderator' CHECK (moderator_role = 'moderator'),
    external         boolean NOT NULL,
    PRIMARY KEY (sample_id, person_id),
    FOREIGN KEY (sample_id, organisation_id) REFERENCES moderation_samples (id, organisation_id),
    FOREIGN KEY (person_id, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (person_id, moderator_role) REFERENCES role_assignments (person_id, role)
);
CREATE INDEX sample_moderators_person ON sample_moderators (person_id);

CREATE TABLE moderation_reviews (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    sample_id        uuid NOT NULL,
    case_id          uuid NOT NULL,
    moderator_id     uuid NOT NULL,
    verdict          text NOT NULL CHECK (verdict IN ('agree', 'disagree')),
    comments         jsonb NOT NULL CHECK (jsonb_typeof(comments) = 'object'),
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    UNIQUE (sample_id, case_id, moderator_id),
    FOREIGN KEY (sample_id, case_id) REFERENCES moderation_sample_cases (sample_id, case_id),
    FOREIGN KEY (sample_id, moderator_id) REFERENCES sample_moderators (sample_id, person_id),
    CHECK (verdict = 'agree' OR comments <> '{}'::jsonb)
);
CREATE TRIGGER moderation_reviews_immutable BEFORE UPDATE OR DELETE ON moderation_reviews
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

-- A disagreement opens a dispute; the chair and the moderator settle it on
-- the evidence. Settling records the resolution; it never changes the decision.
CREATE TABLE moderation_disputes (
    id               uuid PRIMARY KEY,
    organisation_id  uuid NOT NULL,
    review_id        uuid NOT NULL UNIQUE,
    state            text NOT NULL CHECK (state IN ('open', 'settled')),
    resolution       text CHECK (length(btrim(resolution)) BETWEEN 1 AND 8000),
    settled_by       uuid,
    settled_on       date,
    version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    FOREIGN KEY (review_id, organisation_id) REFERENCES moderation_reviews (id, organisation_id),
    FOREIGN KEY (settled_by, organisation_id) REFERENCES people (id, organisation_id),
    CHECK ((state = 'settled') = (resolution IS NOT NULL AND settled_by IS NOT NULL AND settled_on IS NOT NULL))
);

GRANT SELECT, INSERT ON panel_policies TO quorum_app;
GRANT SELECT, INSERT, UPDATE ON panels, panel_cases, moderation_disputes TO quorum_app;
GRANT SELECT, INSERT, DELETE ON panel_members TO quorum_app;
GRANT SELECT, INSERT ON panel_conflicts, panel_decisions, decision_signatures, decision_corrections, moderation_samples,
    moderation_sample_cases, sample_moderators, moderation_reviews TO quorum_app;
