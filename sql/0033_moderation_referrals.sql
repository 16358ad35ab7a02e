-- Moderation may refer a decided case back to a panel: the settlement says so,
-- the decision is never changed by it, and only a settled dispute refers.
ALTER TABLE moderation_disputes
    ADD COLUMN refers_to_panel boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT moderation_disputes_referral_settled CHECK (NOT refers_to_panel OR state = 'settled');
