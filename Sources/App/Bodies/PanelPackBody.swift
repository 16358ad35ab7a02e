internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// What a panel (or a moderator) reads for one case: the recommendation as
/// listed with its snapshot findings, how often the case was deferred, the
/// tracker, the reviews, the evidence matrix, any support and action plan, and
/// whether a fitness-to-practise matter went to the PSW (its outcome, never
/// the PSW's private notes or the referral pack). Anonymised, it names no one.
struct PanelPackBody: Encodable, Sendable {
    struct RecommendationPart: Encodable, Sendable {
        var state: String
        var version: Int
        var outcome: String
        var rationale: String
        var borderline: Bool
        var grade: Int?
        var justifications: [String: String]
        var snapshot: JSONValue?
        var amendments: Int
        /// Why each later version was made, oldest first.
        var amendmentReasons: [Amendment]
        var submittedOn: String
    }

    struct Amendment: Encodable, Sendable {
        var version: Int
        var reason: String
        var submittedOn: String
    }

    struct TrackerPart: Encodable, Sendable {
        var overdue: Int
        var lines: [TrackerBody.Line]
    }

    struct FitnessToPractise: Encodable, Sendable {
        var escalated: Bool
        var state: String?
        var action: String?
        var referralGrounds: [String]
    }

    /// Suspected generative-AI use: the flagged reflections with the assessor's
    /// reasons, and the presentation given instead (seeds: the reflection must be the NQSW's own work).
    struct AIUse: Encodable, Sendable {
        struct Flagged: Encodable, Sendable {
            var evidenceId: String
            var practiceDate: String
            var reasons: String
        }

        struct Presented: Encodable, Sendable {
            var evidenceId: String
            var presentedOn: String
            var feedback: String
        }

        var flagged: [Flagged]
        var presentationRequired: Bool
        var presentation: Presented?
    }

    var label: String
    var anonymised: Bool
    var enrolmentId: String?
    var nqswName: String?
    var assessorName: String?
    var lineManagerName: String?
    var asOf: String
    var recommendation: RecommendationPart?
    var deferrals: Int
    /// Earlier hearings of the case with each signed decision: why it was deferred, what was needed, by when,
    /// and who took part (names withheld when the pack is anonymised).
    var earlierHearings: [PanelHearingBody]
    /// Moderation settlements that sent the case back to a panel: the moderator's comments by criterion and the settlement.
    var moderationReferrals: [Referral]
    var tracker: TrackerPart
    var reviews: [ReviewBody]
    var matrix: MatrixBody
    var supportPlans: [PlanBody]
    var fitnessToPractise: FitnessToPractise
    var aiUse: AIUse?
    /// Moderation's completeness check: what the record lacks (absent in a panel's pack).
    var completeness: Completeness?

    struct Referral: Encodable, Sendable {
        var settledOn: String
        var resolution: String
        var comments: [String: String]
    }

    struct Completeness: Encodable, Sendable {
        var complete: Bool
        var gaps: [String]
    }

    /// The pack as one reader reads it; anonymised, it drops every name and id.
    init(_ reading: PackReading) {
        let pack = reading.pack
        let anonymised = reading.anonymised
        completeness = reading.gaps.map { Completeness(complete: $0.isEmpty, gaps: $0) }
        let record = pack.record
        label = reading.label
        self.anonymised = anonymised
        enrolmentId = anonymised ? nil : record.enrolment.id.description
        nqswName = anonymised ? nil : record.nqswName
        assessorName = anonymised ? nil : record.assessorName
        lineManagerName = anonymised ? nil : record.lineManagerName
        asOf = pack.asOf.description
        recommendation = pack.recommendation.flatMap { found -> RecommendationPart? in
            guard let latest = found.versions.last else { return nil }
            return RecommendationPart(
                state: found.machine.state.name, version: latest.number, outcome: latest.outcome.rawValue, rationale: latest.rationale,
                borderline: latest.borderline, grade: latest.grade, justifications: latest.justifications,
                snapshot: JSONValue(storedJSON: latest.snapshot), amendments: found.versions.count - 1,
                amendmentReasons: found.versions.compactMap { version in
                    version.amendmentReason.map { Amendment(version: version.number, reason: $0, submittedOn: version.submittedOn.description) }
                },
                submittedOn: latest.submittedOn.description)
        }
        deferrals = pack.deferrals
        earlierHearings = pack.hearings.filter { $0.decision != nil }.map { hearing in
            var body = PanelHearingBody(hearing)
            body.decision?.takingPart = anonymised ? nil : hearing.decision?.participants.map { pack.participantNames[$0] ?? "A former member" }
            return body
        }
        moderationReferrals = pack.moderationReferrals.map { Referral(settledOn: $0.settledOn.description, resolution: $0.resolution, comments: $0.comments) }
        tracker = TrackerPart(overdue: pack.tracker.overdue, lines: TrackerBody(record: record, tracker: pack.tracker, asOf: pack.asOf).lines)
        reviews = pack.reviews.map(ReviewBody.init)
        matrix = MatrixBody(pack.matrix, asOf: pack.asOf)
        supportPlans = pack.plans.map(PlanBody.init)
        let latest = pack.latestEscalation
        var action: String?
        var grounds: [String] = []
        if case .decided(let decision)? = latest?.machine.state {
            action = decision.action.rawValue
            grounds = decision.referralGrounds.map(\.rawValue)
        }
        fitnessToPractise = FitnessToPractise(escalated: latest != nil, state: latest?.machine.state.name, action: action, referralGrounds: grounds)
        aiUse = pack.presentation.map { requirement in
            AIUse(flagged: requirement.flags.map { .init(evidenceId: $0.evidenceID.description, practiceDate: $0.practisedOn.description, reasons: $0.feedback) },
                  presentationRequired: !requirement.isAnswered,
                  presentation: requirement.answer.map { .init(evidenceId: $0.evidenceID.description, presentedOn: $0.practisedOn.description, feedback: $0.feedback) })
        }
    }
}

extension PanelPackBody.RecommendationPart {
    /// One criterion as the snapshot recorded it when the recommendation was made.
    struct SnapshotFinding: Sendable {
        var criterion: String
        var met: Bool
        var reasons: [String]
    }

    /// The sufficiency findings kept in the snapshot (`sufficiency.findings`).
    var snapshotFindings: [SnapshotFinding] {
        guard case .object(let snapshot)? = snapshot, case .object(let sufficiency)? = snapshot["sufficiency"],
              case .array(let findings)? = sufficiency["findings"] else { return [] }
        return findings.compactMap { finding in
            guard case .object(let members) = finding, case .string(let criterion)? = members["criterion"], case .bool(let met)? = members["met"] else {
                return nil
            }
            var reasons: [String] = []
            if case .array(let items)? = members["reasons"] {
                for case .object(let reason) in items { if case .string(let text)? = reason["text"] { reasons.append(text) } }
            }
            return SnapshotFinding(criterion: criterion, met: met, reasons: reasons)
        }
    }
}
