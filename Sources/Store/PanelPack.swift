public import Domain
public import PQ

/// What a panel (or a moderator) reads for one case: the recommendation with
/// its versions and snapshot findings, how often the case was deferred, the
/// tracker, the reviews, the evidence matrix, any support and action plans,
/// and whether a fitness-to-practise matter was escalated and decided (never
/// the PSW's private notes or the referral pack).
public struct PanelPack: Sendable {
    public var record: EnrolmentRecord
    public var asOf: CalendarDay
    public var recommendation: RecommendationRecord?
    public var deferrals: Int
    /// The case's earlier hearings, with each signed decision's reasons and deadline.
    public var hearings: [PanelHearing]
    /// The names of the members who took part in those decisions.
    public var participantNames: [PersonID: String]
    /// Settlements of moderation disputes that sent the case back to a panel, and why.
    public var moderationReferrals: [ModerationReferral]
    public var tracker: Tracker
    public var reviews: [Review]
    public var matrix: EvidenceMatrix
    public var plans: [PlanRecord]
    /// The latest escalation about the NQSW, for its state and decision only.
    public var latestEscalation: EscalationRecord?
    /// Suspected generative-AI use in a reflection, and the presentation that answers it (nil: none suspected).
    public var presentation: PresentationRequirement?
}

public enum PanelPackRepository {
    public static func load(_ record: EnrolmentRecord, asOf: CalendarDay, on connection: PQConnection) throws -> PanelPack {
        let enrolment = record.enrolment
        let organisation = enrolment.organisationID
        let portfolio = try PortfolioRepository.load(record, on: connection)
        let hearings = try PanelCaseRepository.hearings(of: enrolment.id, organisation: organisation, on: connection)
        let participants = Array(Set(hearings.flatMap { $0.decision?.participants ?? [] }))
        var names: [PersonID: String] = [:]
        if !participants.isEmpty {
            for row in try connection.query("SELECT id, name FROM people WHERE id = ANY(\(participants)) AND organisation_id = \(organisation)") {
                names[try row.decode(at: 0)] = try row.decode(at: 1)
            }
        }
        return PanelPack(
            record: record, asOf: asOf,
            recommendation: try RecommendationRepository.find(for: enrolment.id, organisation: organisation, on: connection),
            deferrals: try PanelCaseRepository.deferrals(of: enrolment.id, organisation: organisation, on: connection),
            hearings: hearings, participantNames: names,
            moderationReferrals: try PanelCaseRepository.moderationReferrals(of: enrolment.id, organisation: organisation, on: connection),
            tracker: try TrackerRepository.tracker(for: record, asOf: asOf, on: connection),
            reviews: try ReviewRepository.reviews(of: enrolment.id, organisation: organisation, on: connection),
            matrix: EvidenceMatrix.build(items: portfolio.items, frameworks: portfolio.frameworks, clock: portfolio.clock, asOf: asOf),
            plans: try SupportPlanRepository.plans(of: enrolment.id, organisation: organisation, on: connection),
            latestEscalation: try EscalationRepository.escalations(in: organisation, enrolment: enrolment.id, on: connection).last,
            presentation: PresentationRequirement.among(portfolio.items.filter { $0.practiceDate <= asOf }))
    }
}
