-- Supervision sessions and the England and Wales bank holidays that working-day
-- deadlines skip. A new year's holidays load by migration.

CREATE TABLE bank_holidays (
    day     date PRIMARY KEY,
    name    text NOT NULL,
    region  text NOT NULL DEFAULT 'england-and-wales' CHECK (region = 'england-and-wales')
);
INSERT INTO bank_holidays (day, name) VALUES
 ('2024-01-01', 'New Year''s Day'), ('2024-03-29', 'Good Friday'), ('2024-04-01', 'Easter Monday'),
 ('2024-05-06', 'Early May bank holiday'), ('2024-05-27', 'Spring bank holiday'), ('2024-08-26', 'Summer bank holiday'),
 ('2024-12-25', 'Christmas Day'), ('2024-12-26', 'Boxing Day'),
 ('2025-01-01', 'New Year''s Day'), ('2025-04-18', 'Good Friday'), ('2025-04-21', 'Easter Monday'),
 ('2025-05-05', 'Early May bank holiday'), ('2025-05-26', 'Spring bank holiday'), ('2025-08-25', 'Summer bank holiday'),
 ('2025-12-25', 'Christmas Day'), ('2025-12-26', 'Boxing Day'),
 ('2026-01-01', 'New Year''s Day'), ('2026-04-03', 'Good Friday'), ('2026-04-06', 'Easter Monday'),
 ('2026-05-04', 'Early May bank holiday'), ('2026-05-25', 'Spring bank holiday'), ('2026-08-31', 'Summer bank holiday'),
 ('2026-12-25', 'Christmas Day'), ('2026-12-28', 'Boxing Day (substitute day)'),
 ('2027-01-01', 'New Year''s Day'), ('2027-03-26', 'Good Friday'), ('2027-03-29', 'Easter Monday'),
 ('2027-05-03', 'Early May bank holiday'), ('2027-05-31', 'Spring bank holiday'), ('2027-08-30', 'Summer bank holiday'),
 ('2027-12-27', 'Christmas Day (substitute day)'), ('2027-12-28', 'Boxing Day (substitute day)');

CREATE TABLE supervision_sessions (
    id                    uuid PRIMARY KEY,
    organisation_id       uuid NOT NULL,
    enrolment_id          uuid NOT NULL,
    supervisor_id         uuid NOT NULL,
    scheduled_for         date NOT NULL,
    outcome               text NOT NULL CHECK (outcome IN ('held', 'cancelled')),
    duration_minutes      integer CHECK (duration_minutes BETWEEN 5 AND 480),
    topics                text CHECK (length(topics) <= 8000),
    agreed_actions        text CHECK (length(agreed_actions) <= 8000),
    cancellation_reason   text CHECK (length(btrim(cancellation_reason)) BETWEEN 1 AND 2000),
    rescheduled_to        date,
    reported_on           date,
    supervisor_signed_on  date,
    nqsw_signed_on        date,
    copy_given_on         date,
    version               integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at            timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (enrolment_id, organisation_id) REFERENCES enrolments (id, organisation_id),
    FOREIGN KEY (supervisor_id, organisation_id) REFERENCES people (id, organisation_id),
    CHECK (outcome <> 'held' OR (duration_minutes IS NOT NULL AND topics IS NOT NULL AND cancellation_reason IS NULL
                                 AND rescheduled_to IS NULL AND reported_on IS NULL)),
    CHECK (outcome <> 'cancelled' OR (cancellation_reason IS NOT NULL AND duration_minutes IS NULL
                                      AND supervisor_signed_on IS NULL AND nqsw_signed_on IS NULL AND copy_given_on IS NULL)),
    CHECK (rescheduled_to IS NULL OR rescheduled_to > scheduled_for),
    CHECK (copy_given_on IS NULL OR copy_given_on >= scheduled_for)
);
CREATE INDEX supervision_sessions_enrolment ON supervision_sessions (enrolment_id, scheduled_for);

GRANT SELECT ON bank_holidays TO quorum_app;
GRANT SELECT, INSERT, UPDATE ON supervision_sessions TO quorum_app;
