public import Domain
public import PQ
public import Foundation

extension PanelCaseRepository {
    /// Every hearing of an enrolment's case, by the panel's date: what the year shows of its panels.
    public static func hearings(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [PanelHearing] {
        try connection.query("""
            SELECT p.sits_on, c.state, d.kind,
                   coalesce((SELECT k.outcome FROM decision_corrections k WHERE k.decision_id = d.id ORDER BY k.corrected_at DESC LIMIT 1), d.outcome),
                   d.reasons, d.evidence_required, d.deadline, s.signed_on, d.participant_ids
              FROM panel_cases c JOIN panels p ON p.id = c.panel_id
              LEFT JOIN panel_decisions d ON d.case_id = c.id
              LEFT JOIN decision_signatures s ON s.decision_id = d.id
             WHERE c.enrolment_id = \(enrolment) AND c.organisation_id = \(organisation)
             ORDER BY p.sits_on, c.listed_on
            """).map { row in
            let signed: PanelHearing.Signed? = if let signedOn: CalendarDay = try row.decode(at: 7) {
                PanelHearing.Signed(kind: try row.decode(PanelDecision.Kind.self, at: 2), outcome: try row.decode(PanelDecision.Outcome.self, at: 3),
                                    reasons: try row.decode(at: 4), evidenceRequired: try row.decode(at: 5), deadline: try row.decode(at: 6),
                                    signedOn: signedOn, participants: try row.decode(at: 8))
            } else { nil }
            return PanelHearing(sitsOn: try row.decode(at: 0), state: try row.decode(PanelDecisionMachine.State.Kind.self, at: 1), decision: signed)
        }
    }
}

extension PanelCaseRepository {
    /// An enrolment whose latest hearing (not released) ended in a signed
    /// deferral or referral back, or whose signed decision moderation referred back to a panel.
    public struct Deferred: Sendable {
        public var enrolment: EnrolmentID
        public var sitsOn: CalendarDay
        public var reason: RelistingReason
        public var deadline: CalendarDay?
    }

    /// Cases waiting to be heard again that are not listed again.
    public static func awaitingRelisting(in organisation: OrganisationID, on connection: PQConnection) throws -> [Deferred] {
        try connection.query("""
            SELECT enrolment_id, sits_on, kind, deadline, referred FROM (
                SELECT DISTINCT ON (c.enrolment_id) c.enrolment_id, p.sits_on, c.state, d.kind, d.outcome, d.deadline, s.signed_on,
                       EXISTS (SELECT 1 FROM moderation_reviews r JOIN moderation_disputes m ON m.review_id = r.id
                                WHERE r.case_id = c.id AND m.refers_to_panel) AS referred
                  FROM panel_cases c JOIN panels p ON p.id = c.panel_id
                  LEFT JOIN panel_decisions d ON d.case_id = c.id
                  LEFT JOIN decision_signatures s ON s.decision_id = d.id
                 WHERE c.organisation_id = \(organisation) AND c.state <> 'released'
                 ORDER BY c.enrolment_id, p.sits_on DESC, c.listed_on DESC
            ) latest
             WHERE state = 'decided' AND signed_on IS NOT NULL AND (outcome = 'DEFER' OR referred)
            """).map { row in
            let reason: RelistingReason = if try row.decode(Bool.self, at: 4) { .moderationReferral }
                else if try row.decode(PanelDecision.Kind.self, at: 2) == .referBack { .referredBack } else { .deferred }
            return Deferred(enrolment: try row.decode(at: 0), sitsOn: try row.decode(at: 1), reason: reason, deadline: try row.decode(at: 3))
        }
    }

    /// Each settlement that referred one of the year's decided cases back to a
    /// panel, with the moderator's comments by criterion: why a panel hears it again.
    public static func moderationReferrals(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [ModerationReferral] {
        try connection.query("""
            SELECT m.settled_on, m.resolution, r.comments
              FROM moderation_disputes m JOIN moderation_reviews r ON r.id = m.review_id JOIN panel_cases c ON c.id = r.case_id
             WHERE c.enrolment_id = \(enrolment) AND c.organisation_id = \(organisation) AND m.refers_to_panel
             ORDER BY m.settled_on, m.id
            """).map { row in
            let comments = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(PQJSON.self, at: 2).text.utf8))
            return ModerationReferral(settledOn: try row.decode(at: 0), resolution: try row.decode(at: 1), comments: comments)
        }
    }
}

/// A moderation settlement that sent a decided case back to a panel.
public struct ModerationReferral: Sendable, Hashable {
    public var settledOn: CalendarDay
    public var resolution: String
    /// The moderator's disagreement, by criterion (accurate, valid, sufficient, robust).
    public var comments: [String: String]
}
