public import Domain
public import PQ
public import Foundation

/// A party's acknowledgement of a plan: who, of which version, on what day.
public struct PlanAcknowledgement: Sendable, Hashable {
    public var party: PlanParty
    public var comments: String?
    /// The content version acknowledged (set when read back).
    public var contentVersion: Int
    public var acknowledgedOn: CalendarDay?
    public var acknowledgedBy: PersonID?
    public var enteredAt: Date?

    public init(party: PlanParty, comments: String?, contentVersion: Int = 0, acknowledgedOn: CalendarDay? = nil, acknowledgedBy: PersonID? = nil,
                enteredAt: Date? = nil) {
        self.party = party
        self.comments = comments
        self.contentVersion = contentVersion
        self.acknowledgedOn = acknowledgedOn
        self.acknowledgedBy = acknowledgedBy
        self.enteredAt = enteredAt
    }
}

/// One version of a plan's content, as it was when recorded.
public struct PlanVersion: Sendable, Hashable {
    /// An objective as kept in the version (stored as JSON).
    public struct Objective: Sendable, Hashable, Codable {
        public var number: Int
        public var description: String
        public var statements: [String]
        public var targetDate: String
    }

    public var contentVersion: Int
    public var support: String
    public var supportActions: [AgreedAction]
    public var nextReviewOn: CalendarDay
    public var objectives: [Objective]
    public var recordedBy: PersonID?
    public var recordedAt: Date
}

/// One objective's review as recorded: the day it happened and when it was entered.
public struct PlanObjectiveReviewRecord: Sendable, Hashable {
    public var number: Int
    public var outcome: String
    public var note: String
    public var reviewedOn: CalendarDay
    public var enteredAt: Date
}

/// A plan's readable history: every version of its content, who acknowledged
/// which version and when, every objective's reviews, and the steps in the
/// audit trail.
public struct PlanHistory: Sendable {
    public var versions: [PlanVersion]
    public var acknowledgements: [PlanAcknowledgement]
    public var reviews: [PlanObjectiveReviewRecord]
    public var steps: [AuditRecord]
}

extension SupportPlanRepository {
    /// The history of one plan, oldest first in each part.
    public static func history(of plan: UUID, organisation: OrganisationID, on connection: PQConnection) throws -> PlanHistory {
        let results = try connection.pipeline([
            """
            SELECT content_version, support, support_actions, next_review_on, objectives, recorded_by, recorded_at
              FROM plan_content_versions WHERE plan_id = \(plan) AND organisation_id = \(organisation) ORDER BY content_version
            """,
            """
            SELECT party, comments, content_version, acknowledged_on, acknowledged_by, entered_at
              FROM plan_acknowledgements WHERE plan_id = \(plan) AND organisation_id = \(organisation) ORDER BY acknowledged_on, id
            """,
            "SELECT number, outcome, note, reviewed_on, entered_at FROM plan_objective_reviews WHERE plan_id = \(plan) ORDER BY reviewed_on, id",
        ])
        let decoder = JSONDecoder()
        let versions = try results[0].get().map { row in
            PlanVersion(
                contentVersion: try row.decode(at: 0), support: try row.decode(at: 1),
                supportActions: try decoder.decode([AgreedAction].self, from: Data(try row.decode(PQJSON.self, at: 2).text.utf8)),
                nextReviewOn: try row.decode(at: 3),
                objectives: try decoder.decode([PlanVersion.Objective].self, from: Data(try row.decode(PQJSON.self, at: 4).text.utf8)),
                recordedBy: try row.decode(at: 5), recordedAt: try row.decode(at: 6))
        }
        let acknowledgements = try results[1].get().map { row in
            PlanAcknowledgement(
                party: try row.decode(PlanParty.self, at: 0), comments: try row.decode(at: 1), contentVersion: try row.decode(at: 2),
                acknowledgedOn: try row.decode(at: 3), acknowledgedBy: try row.decode(at: 4), enteredAt: try row.decode(at: 5))
        }
        let reviews = try results[2].get().map { row in
            PlanObjectiveReviewRecord(number: try row.decode(at: 0), outcome: try row.decode(at: 1), note: try row.decode(at: 2),
                                      reviewedOn: try row.decode(at: 3), enteredAt: try row.decode(at: 4))
        }
        let steps = try AuditHistory.read(AuditQuery(recordKind: .plan, recordID: plan, limit: 10_000, oldestFirst: true), organisation: organisation,
                                          on: connection).items
        return PlanHistory(versions: versions, acknowledgements: acknowledgements, reviews: reviews, steps: steps)
    }
}
