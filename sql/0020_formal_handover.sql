-- A change of assessor records a formal handover: when, who attended, the
-- plan for continuing support (the note says what was handed over). Without
-- one, an exceptional circumstance from a fixed list and its explanation.
-- Changes recorded before this release keep their note or reason: the rule
-- holds for new rows (NOT VALID checks only what is written from now on).
ALTER TABLE enrolment_assessor_changes
    ADD COLUMN handover_on date,
    ADD COLUMN handover_attendees uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN continuing_support text CHECK (length(btrim(continuing_support)) BETWEEN 1 AND 8000),
    ADD COLUMN no_handover_category text
        CHECK (no_handover_category IN ('outgoing_left_without_notice', 'outgoing_long_term_absence', 'outgoing_suspended', 'other_exceptional'));
ALTER TABLE enrolment_assessor_changes ADD CONSTRAINT assessor_changes_formal_handover CHECK (
    (handover_on IS NOT NULL AND continuing_support IS NOT NULL AND handover_note IS NOT NULL
        AND from_assessor_id = ANY (handover_attendees) AND to_assessor_id = ANY (handover_attendees) AND cardinality(handover_attendees) >= 3
        AND no_handover_category IS NULL)
    OR (handover_on IS NULL AND cardinality(handover_attendees) = 0 AND continuing_support IS NULL
        AND no_handover_category IS NOT NULL AND no_handover_reason IS NOT NULL)
) NOT VALID;
