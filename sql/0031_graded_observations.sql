-- The graded scale on observations (seed 001): an assessor's judgement of a
-- direct observation may carry a 1–7 grade where the organisation grades.
ALTER TABLE evidence_judgements ADD COLUMN grade integer CHECK (grade BETWEEN 1 AND 7);
