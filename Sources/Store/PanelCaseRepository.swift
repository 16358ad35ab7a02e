public import Domain
public import PQ
public import Foundation

public enum PanelCaseTag {}
/// A case listed at a panel.
public typealias PanelCaseID = Identifier<PanelCaseTag>

/// A recommendation listed at a panel, with the conflicts declared for it and
/// the panel's decision once recorded.
public struct PanelCaseRecord: Sendable, Hashable {
    /// The decision as recorded, with any corrections, oldest first.
    public struct Decision: Sendable, Hashable {
        public struct Correction: Sendable, Hashable {
            public var outcome: PanelDecision.Outcome
            public var reason: String
            public var correctedBy: PersonID
            public var correctedAt: Date
        }

        public var id: UUID
        public var decision: PanelDecision
        public var recordedBy: PersonID
        public var recordedOn: CalendarDay
        /// The chair's sign-off; until then the decision has no effect.
        public var signedBy: PersonID?
        public var signedOn: CalendarDay?
        public var corrections: [Correction]
        /// The members who took part (empty for decisions recorded before Quorum kept them).
        public var participants: [PersonID] = []

        /// The outcome now on record.
        public var outcome: PanelDecision.Outcome { corrections.last?.outcome ?? decision.outcome }
    }

    public var id: PanelCaseID
    public var panelID: PanelID
    public var enrolmentID: EnrolmentID
    public var recommendationID: UUID
    public var caseNumber: Int
    public var machine: PanelDecisionMachine
    public var releasedReason: String?
    /// The deadline a deferral or referral back set for this listing.
    public var caseDeadline: CalendarDay?
    public var listedOn: CalendarDay
    /// Members who declared a conflict, with their reasons.
    public var conflicts: [PersonID: String]
    public var decision: Decision?
    public var version: Int
}

public enum PanelCaseRepository {
    /// Cases at the given panels, or of the given enrolment, by panel and number.
    public static func cases(panels: [PanelID] = [], enrolment: EnrolmentID? = nil, organisation: OrganisationID, on connection: PQConnection) throws -> [PanelCaseRecord] {
        let filter: PQQuery = if let enrolment {
            "SELECT c.id FROM panel_cases c WHERE c.enrolment_id = \(enrolment) AND c.organisation_id = \(organisation)"
        } else {
            "SELECT c.id FROM panel_cases c WHERE c.panel_id = ANY(\(panels)) AND c.organisation_id = \(organisation)"
        }
        let ids: [PanelCaseID] = try connection.query(filter).map { try $0.decode(at: 0) }
        return try load(ids, on: connection)
    }

    /// Cases by id (any organisation: callers filter first).
    public static func load(_ ids: [PanelCaseID], on connection: PQConnection) throws -> [PanelCaseRecord] {
        guard !ids.isEmpty else { return [] }
        let results = try connection.pipeline([
            """
            SELECT c.id, c.panel_id, c.enrolment_id, c.recommendation_id, c.case_number, c.state, c.released_reason, c.case_deadline, c.listed_on, c.version
              FROM panel_cases c JOIN panels p ON p.id = c.panel_id
             WHERE c.id = ANY(\(ids)) ORDER BY p.sits_on, c.panel_id, c.case_number
            """,
            "SELECT case_id, person_id, reason FROM panel_conflicts WHERE case_id = ANY(\(ids))",
            """
            SELECT d.id, d.case_id, d.kind, d.outcome, d.reasons, d.evidence_required, d.deadline, d.recommendation_version,
                   d.recorded_by, d.recorded_on, s.signed_by, s.signed_on, d.participant_ids
              FROM panel_decisions d LEFT JOIN decision_signatures s ON s.decision_id = d.id
             WHERE d.case_id = ANY(\(ids))
            """,
            """
            SELECT d.case_id, k.outcome, k.reason, k.corrected_by, k.corrected_at
              FROM decision_corrections k JOIN panel_decisions d ON d.id = k.decision_id
             WHERE d.case_id = ANY(\(ids)) ORDER BY k.corrected_at, k.id
            """,
        ]).map { try $0.get() }
        var conflicts: [PanelCaseID: [PersonID: String]] = [:]
        for row in results[1] { conflicts[try row.decode(at: 0), default: [:]][try row.decode(at: 1)] = try row.decode(at: 2) }
        var corrections: [PanelCaseID: [PanelCaseRecord.Decision.Correction]] = [:]
        for row in results[3] {
            corrections[try row.decode(at: 0), default: []].append(.init(
                outcome: try row.decode(at: 1), reason: try row.decode(at: 2), correctedBy: try row.decode(at: 3), correctedAt: try row.decode(at: 4)))
        }
        var decisions: [PanelCaseID: PanelCaseRecord.Decision] = [:]
        for row in results[2] {
            let caseID: PanelCaseID = try row.decode(at: 1)
            let decision = PanelDecision(kind: try row.decode(at: 2), outcome: try row.decode(at: 3), reasons: try row.decode(at: 4),
                                         evidenceRequired: try row.decode(at: 5), deadline: try row.decode(at: 6), recommendationVersion: try row.decode(at: 7))
            decisions[caseID] = .init(id: try row.decode(at: 0), decision: decision, recordedBy: try row.decode(at: 8), recordedOn: try row.decode(at: 9),
                                      signedBy: try row.decode(at: 10), signedOn: try row.decode(at: 11), corrections: corrections[caseID] ?? [],
                                      participants: try row.decode(at: 12))
        }
        return try results[0].map { row in
            let id: PanelCaseID = try row.decode(at: 0)
            let decision = decisions[id]
            let state: PanelDecisionMachine.State = switch try row.decode(PanelDecisionMachine.State.Kind.self, at: 5) {
            case .listed: .listed
            case .released: .released
            case .recorded: .recorded(try decision.orThrow("a recorded case without its decision").decision)
            case .decided: .decided(try decision.orThrow("a decided case without its decision").outcome)
            }
            return PanelCaseRecord(
                id: id, panelID: try row.decode(at: 1), enrolmentID: try row.decode(at: 2), recommendationID: try row.decode(at: 3),
                caseNumber: try row.decode(at: 4), machine: PanelDecisionMachine(state: state), releasedReason: try row.decode(at: 6),
                caseDeadline: try row.decode(at: 7), listedOn: try row.decode(at: 8), conflicts: conflicts[id] ?? [:], decision: decision,
                version: try row.decode(at: 9))
        }
    }

    /// Lists a recommendation at a panel under the next case number.
    public static func list(
        panel: PanelID, enrolment: EnrolmentID, recommendation: UUID, caseDeadline: CalendarDay?, on day: CalendarDay,
        organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws -> PanelCaseID {
        let id = PanelCaseID.random()
        try connection.query("""
            INSERT INTO panel_cases (id, organisation_id, panel_id, enrolment_id, recommendation_id, case_number, state, case_deadline, listed_on)
            SELECT \(id), \(organisation), \(panel), \(enrolment), \(recommendation), coalesce(max(case_number), 0) + 1, 'listed', \(caseDeadline), \(day)
              FROM panel_cases WHERE panel_id = \(panel)
            """)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .panelCase, entityID: id.uuid,
            action: "panel_case.listed",
            changes: [FieldChange(field: "panel", before: nil, after: panel.description), FieldChange(field: "enrolment", before: nil, after: enrolment.description)],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return id
    }

    /// Writes the case's state if it is still at its version, with one audit
    /// event for the command: the new state plus `changes`, what the decision,
    /// signature or correction written beside it recorded.
    public static func save(
        _ record: PanelCaseRecord, organisation: OrganisationID, action: String, reason: String?, changes: [FieldChange] = [],
        actor: Actor, on connection: PQConnection
    ) throws -> Bool {
        let result = try connection.query("""
            UPDATE panel_cases SET state = \(record.machine.state.name), released_reason = \(record.releasedReason), version = version + 1
             WHERE id = \(record.id) AND organisation_id = \(organisation) AND version = \(record.version)
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .panelCase, entityID: record.id.uuid,
            action: action, reason: reason, changes: [FieldChange(field: "state", before: nil, after: record.machine.state.name)] + changes,
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }

    public static func declareConflict(
        _ person: PersonID, case record: PanelCaseRecord, reason: String, organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws {
        try connection.query("""
            INSERT INTO panel_conflicts (case_id, organisation_id, panel_id, person_id, reason)
            VALUES (\(record.id), \(organisation), \(record.panelID), \(person), \(reason))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .panelCase, entityID: record.id.uuid,
            action: "panel_case.conflict_declared", reason: reason, changes: [FieldChange(field: "conflicted", before: nil, after: person.description)],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// Stores the decision; a second decision for the case fails on the unique key (409).
    /// Returns what the case's audit event (written by `save`) records of it.
    public static func insertDecision(
        _ decision: PanelDecision, case record: PanelCaseRecord, participants: Set<PersonID> = [], recordedBy: PersonID, on day: CalendarDay,
        organisation: OrganisationID, on connection: PQConnection
    ) throws -> [FieldChange] {
        let id = UUID()
        let taking = participants.sorted { $0.description < $1.description }
        try connection.query("""
            INSERT INTO panel_decisions (id, organisation_id, case_id, recommendation_id, recommendation_version, kind, outcome, reasons,
                                         evidence_required, deadline, recorded_by, recorded_on, participant_ids)
            VALUES (\(id), \(organisation), \(record.id), \(record.recommendationID), \(decision.recommendationVersion), \(decision.kind.rawValue),
                    \(decision.outcome.rawValue), \(decision.reasons), \(decision.evidenceRequired), \(decision.deadline), \(recordedBy), \(day), \(taking))
            """)
        return [FieldChange(field: "kind", before: nil, after: decision.kind.rawValue), FieldChange(field: "outcome", before: nil, after: decision.outcome.rawValue),
                FieldChange(field: "recommendationVersion", before: nil, after: String(decision.recommendationVersion)),
                FieldChange(field: "participants", before: nil, after: taking.map(\.description).joined(separator: ", "))]
    }

    /// The chair's signature; the primary key makes it once only. Returns what
    /// the case's audit event (written by `save`) records of it.
    public static func sign(
        _ decision: PanelCaseRecord.Decision, case record: PanelCaseRecord, on day: CalendarDay, organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws -> [FieldChange] {
        try connection.query("""
            INSERT INTO decision_signatures (decision_id, organisation_id, signed_by, signed_on)
            VALUES (\(decision.id), \(organisation), \(actor.personID), \(day))
            """)
        return [FieldChange(field: "outcome", before: nil, after: decision.decision.outcome.rawValue), FieldChange(field: "signedBy", before: nil, after: actor.personID?.description)]
    }

    /// Stores a coordinator's correction of a signed decision. Returns what
    /// the case's audit event (written by `save`) records of it.
    public static func insertCorrection(
        of decision: PanelCaseRecord.Decision, case record: PanelCaseRecord, to outcome: PanelDecision.Outcome, reason: String,
        organisation: OrganisationID, actor: Actor, on connection: PQConnection
    ) throws -> [FieldChange] {
        try connection.query("""
            INSERT INTO decision_corrections (id, organisation_id, decision_id, outcome, reason, corrected_by)
            VALUES (\(UUID()), \(organisation), \(decision.id), \(outcome.rawValue), \(reason), \(actor.personID))
            """)
        return [FieldChange(field: "outcome", before: decision.outcome.rawValue, after: outcome.rawValue)]
    }

    /// Ends (or, after a correction, re-ends) the enrolment's year with the panel's outcome.
    public static func closeYear(_ enrolment: EnrolmentID, outcome: RecommendedOutcome, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        let status = outcome == .pass ? "passed" : "failed"
        guard let row = try connection.query("""
            UPDATE enrolments e SET status = \(status), version = e.version + 1, updated_at = now()
              FROM enrolments old WHERE e.id = old.id AND e.id = \(enrolment) AND e.organisation_id = \(organisation)
            RETURNING old.status
            """).first else { throw PQError.decoding("enrolment \(enrolment)") }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .enrolment, entityID: enrolment.uuid,
            action: "enrolment.year_closed", changes: [FieldChange(field: "status", before: try row.decode(at: 0), after: status)],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
    }

    /// The day the year's PASS was signed, if its latest signed decision
    /// (after any correction) is a PASS: what "certificate seen" waits for.
    public static func passSignedOn(_ enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> CalendarDay? {
        guard let row = try connection.query("""
            SELECT s.signed_on,
                   coalesce((SELECT k.outcome FROM decision_corrections k WHERE k.decision_id = d.id ORDER BY k.corrected_at DESC LIMIT 1), d.outcome)
              FROM panel_decisions d JOIN panel_cases c ON c.id = d.case_id JOIN decision_signatures s ON s.decision_id = d.id
             WHERE c.enrolment_id = \(enrolment) AND c.organisation_id = \(organisation)
             ORDER BY s.signed_on DESC, d.created_at DESC LIMIT 1
            """).first else { return nil }
        return try row.decode(String.self, at: 1) == "PASS" ? try row.decode(CalendarDay.self, at: 0) : nil
    }

    /// How many times the panel has deferred (or referred back) this enrolment's case.
    public static func deferrals(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> Int {
        try connection.query("""
            SELECT count(*) FROM panel_decisions d JOIN panel_cases c ON c.id = d.case_id
             WHERE c.enrolment_id = \(enrolment) AND c.organisation_id = \(organisation) AND d.outcome = 'DEFER'
            """).first?.decode(Int.self, at: 0) ?? 0
    }
}
