public import Domain
public import PQ
public import Foundation

/// A support and action plan as stored: the machine's state plus the plan's content.
public struct PlanRecord: Sendable, Hashable {
    public struct Objective: Sendable, Hashable {
        public var number: Int
        public var description: String
        public var statements: [String]
        public var targetDate: CalendarDay
        /// The latest review of this objective, if any.
        public var lastOutcome: String?
        /// The day of that review.
        public var lastReviewedOn: CalendarDay?

        public init(number: Int, description: String, statements: [String], targetDate: CalendarDay, lastOutcome: String? = nil,
                    lastReviewedOn: CalendarDay? = nil) {
            self.number = number
            self.description = description
            self.statements = statements
            self.targetDate = targetDate
            self.lastOutcome = lastOutcome
            self.lastReviewedOn = lastReviewedOn
        }
    }

    public var id: UUID
    public var enrolmentID: EnrolmentID
    public var machine: SupportAndActionPlan
    public var concernIDs: [ConcernID]
    public var support: String
    public var nextReviewOn: CalendarDay
    public var acknowledgements: [PlanParty: CalendarDay]
    public var nqswComments: String?
    public var objectives: [Objective]
    /// How a closed plan ended, and the evidence for it.
    public var closing: PlanClosing?
    /// Who does what to support the NQSW, by when.
    public var supportActions: [AgreedAction]
    /// The day the plan opened (it may have been entered later).
    public var openedOn: CalendarDay
    /// Which version of its content the plan stands at: an edit adds one, and
    /// each acknowledgement names the version acknowledged.
    public var contentVersion: Int
    public var version: Int

    public init(
        id: UUID, enrolmentID: EnrolmentID, machine: SupportAndActionPlan, concernIDs: [ConcernID], support: String, nextReviewOn: CalendarDay,
        acknowledgements: [PlanParty: CalendarDay], nqswComments: String?, objectives: [Objective], closing: PlanClosing? = nil,
        supportActions: [AgreedAction] = [], openedOn: CalendarDay, contentVersion: Int = 1, version: Int
    ) {
        self.closing = closing
        self.openedOn = openedOn
        self.contentVersion = contentVersion
        self.supportActions = supportActions
        self.id = id
        self.enrolmentID = enrolmentID
        self.machine = machine
        self.concernIDs = concernIDs
        self.support = support
        self.nextReviewOn = nextReviewOn
        self.acknowledgements = acknowledgements
        self.nqswComments = nqswComments
        self.objectives = objectives
        self.version = version
    }
}

public enum SupportPlanRepository {
    /// An enrolment's plans, oldest first.
    public static func plans(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [PlanRecord] {
        try plans(from: connection.pipeline([
            "SELECT \(planColumns) FROM support_plans WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation) ORDER BY created_at",
            """
            SELECT \(objectivesWithLatestReview)
              JOIN support_plans p ON p.id = o.plan_id
             WHERE p.enrolment_id = \(enrolment) AND p.organisation_id = \(organisation) ORDER BY o.plan_id, o.number
            """,
        ]))
    }

    /// One plan of an enrolment, if it is there.
    public static func find(_ id: UUID, enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> PlanRecord? {
        try plans(from: connection.pipeline([
            "SELECT \(planColumns) FROM support_plans WHERE id = \(id) AND enrolment_id = \(enrolment) AND organisation_id = \(organisation)",
            "SELECT \(objectivesWithLatestReview) WHERE o.plan_id = \(id) ORDER BY o.number",
        ])).first
    }

    static let planColumns: PQFragment = """
        id, enrolment_id, state, concern_ids, support, next_review_on, extensions, maximum_extensions,
        nqsw_ack_on, assessor_ack_on, line_manager_ack_on, nqsw_comments, procedure, procedure_outcome, cancel_reason, version,
        closing_outcome, closing_evidence, support_actions, opened_on, content_version
        """
    static let objectivesWithLatestReview: PQFragment = """
        o.plan_id, o.number, o.description, o.statements, o.target_date,
        r.outcome, r.reviewed_on
          FROM plan_objectives o
          LEFT JOIN LATERAL (SELECT r.outcome, r.reviewed_on FROM plan_objective_reviews r
                              WHERE r.plan_id = o.plan_id AND r.number = o.number ORDER BY r.reviewed_on DESC, r.id DESC LIMIT 1) r ON true
        """

    /// Plans from the two statements' results: plans, then their objectives.
    private static func plans(from results: [Result<PQResult, PQError>]) throws -> [PlanRecord] {
        var objectives: [UUID: [PlanRecord.Objective]] = [:]
        for row in try results[1].get() {
            objectives[try row.decode(at: 0), default: []].append(PlanRecord.Objective(
                number: try row.decode(at: 1), description: try row.decode(at: 2), statements: try row.decode(at: 3),
                targetDate: try row.decode(at: 4), lastOutcome: try row.decode(at: 5), lastReviewedOn: try row.decode(at: 6)))
        }
        return try results[0].get().map { row in
            var acknowledgements: [PlanParty: CalendarDay] = [:]
            for (index, party) in [(8, PlanParty.nqsw), (9, .assessor), (10, .lineManager)] {
                if let day: CalendarDay = try row.decode(at: index) { acknowledgements[party] = day }
            }
            let state: SupportAndActionPlan.State = switch try row.decode(SupportAndActionPlan.State.Kind.self, at: 2) {
            case .draft: .draft(acknowledged: Set(acknowledgements.keys))
            case .agreed: .agreed
            case .active: .active
            case .underReview: .underReview
            case .closed: .closed
            case .escalated:
                .escalated(procedure: try row.decode(String?.self, at: 12).orThrow("an escalated plan without its procedure"), outcome: try row.decode(at: 13))
            case .cancelled: .cancelled(reason: try row.decode(String?.self, at: 14).orThrow("a cancelled plan without its reason"))
            }
            let id: UUID = try row.decode(at: 0)
            return PlanRecord(
                id: id, enrolmentID: try row.decode(at: 1),
                machine: SupportAndActionPlan(state: state, extensions: try row.decode(at: 6), maximumExtensions: try row.decode(at: 7)),
                concernIDs: try row.decode(at: 3), support: try row.decode(at: 4), nextReviewOn: try row.decode(at: 5),
                acknowledgements: acknowledgements, nqswComments: try row.decode(at: 11), objectives: objectives[id] ?? [],
                closing: try row.decode(PlanClosing.Outcome?.self, at: 16).map { PlanClosing(outcome: $0, evidence: try row.decode(String?.self, at: 17) ?? "") },
                supportActions: try JSONDecoder().decode([AgreedAction].self, from: Data(try row.decode(PQJSON.self, at: 18).text.utf8)),
                openedOn: try row.decode(at: 19), contentVersion: try row.decode(at: 20), version: try row.decode(at: 15))
        }
    }

    /// Stores a new draft plan, opened on its `openedOn`, as its content's first version.
    public static func insert(_ plan: PlanRecord, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO support_plans (id, organisation_id, enrolment_id, state, concern_ids, support, next_review_on, maximum_extensions, created_by, opened_on,
                                       support_actions, content_version)
            VALUES (\(plan.id), \(organisation), \(plan.enrolmentID), 'draft', \(plan.concernIDs), \(plan.support), \(plan.nextReviewOn),
                    \(plan.machine.maximumExtensions), \(actor.personID), \(plan.openedOn), \(try json(plan.supportActions)), \(plan.contentVersion))
            """)
        try replaceObjectives(plan, on: connection)
        try keepContent(of: plan, organisation: organisation, recordedBy: actor.personID, on: connection)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .plan, entityID: plan.id,
            action: "plan.drafted", changes: [FieldChange(field: "objectives", before: nil, after: String(plan.objectives.count))],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// What one step writes besides the plan's row: its day, the audit entry's
    /// action, reason and changes, and the step's own records.
    public struct Step: Sendable {
        public var action: String
        public var reason: String?
        public var changes: [FieldChange]
        /// The day the step happened (a review's day, an acknowledgement's, the day the plan ended).
        public var occurredOn: CalendarDay
        /// The party who acknowledged the plan's current version in this step, and what they said.
        public var acknowledgement: PlanAcknowledgement?
        public var objectiveReviews: [ObjectiveReview]
        /// The draft's content was edited: its objectives are written anew, as the next content version.
        public var contentChanged: Bool

        public init(action: String, reason: String? = nil, changes: [FieldChange] = [], occurredOn: CalendarDay,
                    acknowledgement: PlanAcknowledgement? = nil, objectiveReviews: [ObjectiveReview] = [],
                    contentChanged: Bool = false) {
            self.contentChanged = contentChanged
            self.action = action
            self.reason = reason
            self.changes = changes
            self.occurredOn = occurredOn
            self.acknowledgement = acknowledgement
            self.objectiveReviews = objectiveReviews
        }
    }

    /// Writes the plan's state and content if the stored version is still
    /// `expectedVersion`. Content whose version moved on is kept as a new
    /// version; a plan that reaches an outcome ends on the step's day.
    public static func save(_ plan: PlanRecord, expectedVersion: Int, organisation: OrganisationID, step: Step, actor: Actor,
                            on connection: PQConnection) throws -> Bool {
        var procedure: String?
        var procedureOutcome: String?
        var cancelReason: String?
        switch plan.machine.state {
        case .escalated(let name, let outcome): procedure = name; procedureOutcome = outcome
        case .cancelled(let why): cancelReason = why
        case .draft, .agreed, .active, .underReview, .closed: break
        }
        let result = try connection.query("""
            UPDATE support_plans
               SET state = \(plan.machine.state.name), support = \(plan.support), next_review_on = \(plan.nextReviewOn),
                   extensions = \(plan.machine.extensions), nqsw_ack_on = \(plan.acknowledgements[.nqsw]),
                   assessor_ack_on = \(plan.acknowledgements[.assessor]), line_manager_ack_on = \(plan.acknowledgements[.lineManager]),
                   nqsw_comments = \(plan.nqswComments), procedure = \(procedure), procedure_outcome = \(procedureOutcome),
                   cancel_reason = \(cancelReason), version = version + 1,
                   closing_outcome = \(plan.closing?.outcome.rawValue), closing_evidence = \(plan.closing?.evidence),
                   support_actions = \(try json(plan.supportActions)), content_version = \(plan.contentVersion),
                   ended_on = CASE WHEN \(plan.machine.state.hasOutcome) THEN coalesce(ended_on, \(step.occurredOn)) END
             WHERE id = \(plan.id) AND organisation_id = \(organisation) AND version = \(expectedVersion)
            """)
        guard result.affectedRows == 1 else { return false }
        if step.contentChanged { try replaceObjectives(plan, on: connection) }
        // A new version is kept, as is the version an acknowledgement names (a plan a previous release drafted has none yet).
        if step.contentChanged || step.acknowledgement != nil {
            try keepContent(of: plan, organisation: organisation, recordedBy: actor.personID, on: connection)
        }
        if let acknowledgement = step.acknowledgement {
            try connection.query("""
                INSERT INTO plan_acknowledgements (plan_id, organisation_id, content_version, party, acknowledged_on, acknowledged_by, comments)
                VALUES (\(plan.id), \(organisation), \(plan.contentVersion), \(acknowledgement.party.rawValue), \(step.occurredOn),
                        \(acknowledgement.acknowledgedBy ?? actor.personID), \(acknowledgement.comments))
                """)
        }
        for review in step.objectiveReviews {
            try connection.query("""
                INSERT INTO plan_objective_reviews (plan_id, number, reviewed_on, outcome, note)
                VALUES (\(plan.id), \(review.number), \(step.occurredOn), \(review.outcome.rawValue), \(review.note))
                """)
        }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .plan, entityID: plan.id,
            action: step.action, reason: step.reason, changes: step.changes, requestID: actor.requestID, clientRequestID: actor.clientRequestID,
            occurredOn: step.occurredOn), on: connection)
        return true
    }

    /// Keeps the plan's content as its `contentVersion`: never rewritten afterwards.
    private static func keepContent(of plan: PlanRecord, organisation: OrganisationID, recordedBy: PersonID?, on connection: PQConnection) throws {
        let objectives = plan.objectives.map {
            PlanVersion.Objective(number: $0.number, description: $0.description, statements: $0.statements, targetDate: $0.targetDate.description)
        }
        try connection.query("""
            INSERT INTO plan_content_versions (plan_id, organisation_id, content_version, support, support_actions, next_review_on, objectives, recorded_by)
            VALUES (\(plan.id), \(organisation), \(plan.contentVersion), \(plan.support), \(try json(plan.supportActions)), \(plan.nextReviewOn),
                    \(try json(objectives)), \(recordedBy))
            ON CONFLICT (plan_id, content_version) DO NOTHING
            """)
    }

    private static func replaceObjectives(_ plan: PlanRecord, on connection: PQConnection) throws {
        try connection.query("DELETE FROM plan_objectives WHERE plan_id = \(plan.id)")
        for objective in plan.objectives {
            try connection.query("""
                INSERT INTO plan_objectives (plan_id, number, description, statements, target_date)
                VALUES (\(plan.id), \(objective.number), \(objective.description), \(objective.statements), \(objective.targetDate))
                """)
        }
    }

    static func json(_ value: some Encodable) throws -> PQJSON {
        PQJSON(text: String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
    }
}
