-- Review records (3/6/9/12 months) with three-way sign-off, and the formal
-- change of assessor with its handover.

CREATE TABLE enrolment_assessor_changes (
    id                  uuid PRIMARY KEY,
    organisation_id     uuid NOT NULL,
    enrolment_id        uuid NOT NULL,
    from_assessor_id    uuid NOT NULL,
    to_assessor_id      uuid NOT NULL,
    changed_on          date NOT NULL,
    circumstances       text NOT NULL CHECK (length(btrim(circumstances)) BETWEEN 1 AND 4000),
    handover_note       text CHECK (length(btrim(handover_note)) BETWEEN 1 AND 8000),
    no_handover_reason  text CHECK (length(btrim(no_handover_reason)) BETWEEN 1 AND 4000),
    recorded_by         uuid NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    -- A handover note from the outgoing assessor, or the reason there is none: exactly one.
    CHECK ((handover_note IS NULL) <> (no_handover_reason IS NULL)),
    CHECK (from_assessor_id <> to_assessor_id),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (from_assessor_id, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (to_assessor_id, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (recorded_by, organisation_id) REFERENCES people (id, organisation_id)
);
CREATE INDEX enrolment_assessor_changes_enrolment ON enrolment_assessor_changes (enrolment_id, changed_on);

CREATE TABLE reviews (
    id                             uuid PRIMARY KEY,
    organisation_id                uuid NOT NULL,
    enrolment_id                   uuid NOT NULL,
    milestone                      integer NOT NULL CHECK (milestone IN (3, 6, 9, 12)),
    held_on                        date NOT NULL,
    progress                       text NOT NULL CHECK (length(btrim(progress)) BETWEEN 1 AND 20000),
    statements                     text[] NOT NULL DEFAULT '{}',
    assessor_comments              text NOT NULL DEFAULT '' CHECK (length(assessor_comments) <= 20000),
    line_manager_comments          text NOT NULL DEFAULT '' CHECK (length(line_manager_comments) <= 20000),
    nqsw_comments                  text NOT NULL DEFAULT '' CHECK (length(nqsw_comments) <= 20000),
    agreed_actions                 text NOT NULL DEFAULT '' CHECK (length(agreed_actions) <= 20000),
    assessor_change_circumstances  text CHECK (length(assessor_change_circumstances) <= 4000),
    amends_review_id               uuid REFERENCES reviews (id),
    amendment_reason               text CHECK (length(btrim(amendment_reason)) BETWEEN 1 AND 4000),
    nqsw_signed_on                 date,
    nqsw_signed_by                 uuid,
    assessor_signed_on             date,
    assessor_signed_by             uuid,
    line_manager_signed_on         date,
    line_manager_signed_by         uuid,
    version                        integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by                     uuid NOT NULL,
    created_at                     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organisation_id),
    CHECK ((amends_review_id IS NULL) = (amendment_reason IS NULL)),
    CHECK ((nqsw_signed_on IS NULL) = (nqsw_signed_by IS NULL)),
    CHECK ((assessor_signed_on IS NULL) = (assessor_signed_by IS NULL)),
    CHECK ((line_manager_signed_on IS NULL) = (line_manager_signed_by IS NULL)),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (created_by, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (nqsw_signed_by, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (assessor_signed_by, organisation_id) REFERENCES people (id, organisation_id),
    FOREIGN KEY (line_manager_signed_by, organisation_id) REFERENCES people (id, organisation_id)
);
-- One original review per milestone; corrections are amendments that point at it.
CREATE UNIQUE INDEX reviews_one_per_milestone ON reviews (enrolment_id, milestone) WHERE amends_review_id IS NULL;
CREATE INDEX reviews_enrolment ON reviews (enrolment_id, milestone, created_at);

-- Signed is immutable; signatures lock the content: enforced here, whatever the app does.
CREATE FUNCTION reviews_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.nqsw_signed_on IS NOT NULL AND OLD.assessor_signed_on IS NOT NULL AND OLD.line_manager_signed_on IS NOT NULL THEN
        RAISE EXCEPTION 'a signed review is immutable' USING ERRCODE = 'check_violation', CONSTRAINT = 'reviews_signed_immutable';
    END IF;
    IF (OLD.nqsw_signed_on IS NOT NULL OR OLD.assessor_signed_on IS NOT NULL OR OLD.line_manager_signed_on IS NOT NULL)
       AND (NEW.progress, NEW.statements, NEW.assessor_comments, NEW.line_manager_comments, NEW.nqsw_comments, NEW.agreed_actions,
            NEW.assessor_change_circumstances, NEW.held_on, NEW.milestone)
           IS DISTINCT FROM
           (OLD.progress, OLD.statements, OLD.assessor_comments, OLD.line_manager_comments, OLD.nqsw_comments, OLD.agreed_actions,
            OLD.assessor_change_circumstances, OLD.held_on, OLD.milestone) THEN
        RAISE EXCEPTION 'a review with signatures cannot change its content' USING ERRCODE = 'check_violation', CONSTRAINT = 'reviews_signed_content_locked';
    END IF;
    IF (OLD.nqsw_signed_on IS NOT NULL AND NEW.nqsw_signed_on IS DISTINCT FROM OLD.nqsw_signed_on)
       OR (OLD.assessor_signed_on IS NOT NULL AND NEW.assessor_signed_on IS DISTINCT FROM OLD.assessor_signed_on)
       OR (OLD.line_manager_signed_on IS NOT NULL AND NEW.line_manager_signed_on IS DISTINCT FROM OLD.line_manager_signed_on) THEN
        RAISE EXCEPTION 'a signature cannot be withdrawn or changed' USING ERRCODE = 'check_violation', CONSTRAINT = 'reviews_signatures_fixed';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER reviews_guard BEFORE UPDATE ON reviews FOR EACH ROW EXECUTE FUNCTION reviews_guard();
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

GRANT SELECT, INSERT, UPDATE ON reviews TO quorum_app;
GRANT SELECT, INSERT ON enrolment_assessor_changes TO quorum_app;
