-- Moderation you can audit: a redraw of a period already sampled names the
-- sample it replaces and says why (the earlier draw is kept, unchanged); a
-- dispute is settled on cited evidence — evidence items or reviews of the
-- case's year — never on a sentence alone.
ALTER TABLE moderation_samples
    ADD COLUMN replaces uuid,
    ADD COLUMN redraw_reason text CHECK (length(btrim(redraw_reason)) BETWEEN 1 AND 4000),
    ADD CONSTRAINT moderation_samples_replaces FOREIGN KEY (replaces, organisation_id) REFERENCES moderation_samples (id, organisation_id),
    ADD CONSTRAINT moderation_samples_redraw_reason CHECK ((replaces IS NULL) = (redraw_reason IS NULL));

ALTER TABLE moderation_disputes
    ADD COLUMN cited_evidence uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN cited_reviews uuid[] NOT NULL DEFAULT '{}';
-- Disputes settled before this release cited nothing; from now on a settlement cites at least one record.
ALTER TABLE moderation_disputes ADD CONSTRAINT moderation_disputes_cited
    CHECK (state = 'open' OR cardinality(cited_evidence) + cardinality(cited_reviews) >= 1) NOT VALID;
