public import Domain
public import PQ
internal import Foundation

/// Review records. Content changes and signatures are conditional on the
/// version the caller read; the schema itself refuses to change a signed review.
public enum ReviewRepository {
    static let columns: PQFragment = """
        id, enrolment_id, milestone, held_on, progress, statements, assessor_comments, line_manager_comments, nqsw_comments,
        agreed_actions, assessor_change_circumstances, amends_review_id, amendment_reason,
        nqsw_signed_on, assessor_signed_on, line_manager_signed_on, version
        """

    /// Every review of an enrolment, by milestone then creation.
    public static func reviews(of enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> [Review] {
        try connection.query("""
            SELECT \(columns) FROM reviews WHERE enrolment_id = \(enrolment) AND organisation_id = \(organisation) ORDER BY milestone, created_at, id
            """).map(review)
    }

    /// One review of an enrolment, if it is there.
    public static func find(_ id: ReviewID, enrolment: EnrolmentID, organisation: OrganisationID, on connection: PQConnection) throws -> Review? {
        try connection.query("""
            SELECT \(columns) FROM reviews WHERE id = \(id) AND enrolment_id = \(enrolment) AND organisation_id = \(organisation)
            """).first.map(review)
    }

    public static func insert(_ review: Review, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws {
        try connection.query("""
            INSERT INTO reviews (id, organisation_id, enrolment_id, milestone, held_on, progress, statements, assessor_comments,
                                 line_manager_comments, nqsw_comments, agreed_actions, assessor_change_circumstances,
                                 amends_review_id, amendment_reason, created_by)
            VALUES (\(review.id), \(organisation), \(review.enrolmentID), \(review.milestone), \(review.heldOn), \(review.progress),
                    \(review.statements), \(review.assessorComments), \(review.lineManagerComments), \(review.nqswComments),
                    \(review.agreedActions), \(review.assessorChangeCircumstances), \(review.amends), \(review.amendmentReason), \(actor.personID))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .review, entityID: review.id.uuid,
            action: review.amends == nil ? "review.created" : "review.amended", reason: review.amendmentReason,
            changes: [FieldChange(field: "milestone", before: nil, after: String(review.milestone))], requestID: actor.requestID, clientRequestID: actor.clientRequestID,
            occurredOn: review.heldOn), on: connection)
    }

    /// Writes new content if the stored version is still `expectedVersion`.
    public static func updateContent(_ review: Review, expectedVersion: Int, organisation: OrganisationID, changes: [FieldChange], actor: Actor, on connection: PQConnection) throws -> Bool {
        let result = try connection.query("""
            UPDATE reviews SET held_on = \(review.heldOn), progress = \(review.progress), statements = \(review.statements),
                   assessor_comments = \(review.assessorComments), line_manager_comments = \(review.lineManagerComments),
                   nqsw_comments = \(review.nqswComments), agreed_actions = \(review.agreedActions),
                   assessor_change_circumstances = \(review.assessorChangeCircumstances), version = version + 1
             WHERE id = \(review.id) AND organisation_id = \(organisation) AND version = \(expectedVersion)
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .review, entityID: review.id.uuid,
            action: "review.edited", changes: changes, requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }

    /// Adds one signature if the stored version is still `expectedVersion`.
    public static func sign(
        _ review: ReviewID, as signer: ReviewSigner, by person: PersonID, on day: CalendarDay, expectedVersion: Int,
        organisation: OrganisationID, completes: Bool, actor: Actor, on connection: PQConnection
    ) throws -> Bool {
        // Each signer's own columns: constant text chosen by the switch, values bound.
        let (signedOn, signedBy): (PQFragment, PQFragment) = switch signer {
        case .nqsw: ("nqsw_signed_on", "nqsw_signed_by")
        case .assessor: ("assessor_signed_on", "assessor_signed_by")
        case .lineManager: ("line_manager_signed_on", "line_manager_signed_by")
        }
        let result = try connection.query("""
            UPDATE reviews SET \(signedOn) = \(day), \(signedBy) = \(person), version = version + 1
             WHERE id = \(review) AND organisation_id = \(organisation) AND version = \(expectedVersion) AND \(signedOn) IS NULL
            """)
        guard result.affectedRows == 1 else { return false }
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .review, entityID: review.uuid,
            action: completes ? "review.signed_off" : "review.signed",
            changes: [FieldChange(field: "\(signer.rawValue)SignedOn", before: nil, after: day.description)], requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }

    static func review(_ row: PQRow) throws -> Review {
        var signatures: [ReviewSigner: CalendarDay] = [:]
        if let day: CalendarDay = try row.decode(at: 13) { signatures[.nqsw] = day }
        if let day: CalendarDay = try row.decode(at: 14) { signatures[.assessor] = day }
        if let day: CalendarDay = try row.decode(at: 15) { signatures[.lineManager] = day }
        return Review(
            id: try row.decode(at: 0), enrolmentID: try row.decode(at: 1), milestone: try row.decode(at: 2), heldOn: try row.decode(at: 3),
            progress: try row.decode(at: 4), statements: try row.decode(at: 5), assessorComments: try row.decode(at: 6),
            lineManagerComments: try row.decode(at: 7), nqswComments: try row.decode(at: 8), agreedActions: try row.decode(at: 9),
            assessorChangeCircumstances: try row.decode(at: 10), amends: try row.decode(at: 11), amendmentReason: try row.decode(at: 12),
            signatures: signatures, version: try row.decode(at: 16))
    }
}

/// The formal change of an NQSW's assessor.
public enum AssessorChangeRepository {
    /// A change as recorded.
    public struct Change: Sendable, Hashable {
        public var fromAssessor: PersonID
        public var toAssessor: PersonID
        public var changedOn: CalendarDay
        public var circumstances: String
        public var handover: Handover

        public init(fromAssessor: PersonID, toAssessor: PersonID, changedOn: CalendarDay, circumstances: String, handover: Handover) {
            self.fromAssessor = fromAssessor
            self.toAssessor = toAssessor
            self.changedOn = changedOn
            self.circumstances = circumstances
            self.handover = handover
        }
    }

    public static func insert(_ change: Change, enrolment: Enrolment, actor: Actor, on connection: PQConnection) throws {
        var (heldOn, attendees, support, note, category, reason): (CalendarDay?, [PersonID], String?, String?, String?, String?) = (nil, [], nil, nil, nil, nil)
        switch change.handover {
        case .held(let held): (heldOn, attendees, support, note) = (held.heldOn, held.attendees, held.continuingSupport, held.note)
        case .none(let none): (category, reason) = (none.exception.rawValue, none.explanation)
        }
        try connection.query("""
            INSERT INTO enrolment_assessor_changes (id, organisation_id, enrolment_id, from_assessor_id, to_assessor_id, changed_on,
                                                    circumstances, handover_note, no_handover_reason, recorded_by,
                                                    handover_on, handover_attendees, continuing_support, no_handover_category)
            VALUES (\(UUID()), \(enrolment.organisationID), \(enrolment.id), \(change.fromAssessor), \(change.toAssessor), \(change.changedOn),
                    \(change.circumstances), \(note), \(reason), \(actor.personID), \(heldOn), \(attendees.map(\.uuid)), \(support), \(category))
            """)
    }

    /// The changes after `after` (exclusive) and on or before `through`, with
    /// names, as the next review must account for them.
    public static func changes(_ enrolment: EnrolmentID, after: CalendarDay, through: CalendarDay, on connection: PQConnection) throws -> [AssessorChangeSummary] {
        try connection.query("""
            SELECT c.changed_on, f.name, t.name, c.handover_on,
                   coalesce((SELECT array_agg(p.name ORDER BY p.name) FROM people p WHERE p.id = ANY (c.handover_attendees)), '{}'),
                   coalesce(replace(c.no_handover_category, '_', ' '), c.no_handover_reason)
              FROM enrolment_assessor_changes c
              JOIN people f ON f.id = c.from_assessor_id JOIN people t ON t.id = c.to_assessor_id
             WHERE c.enrolment_id = \(enrolment) AND c.changed_on > \(after) AND c.changed_on <= \(through)
             ORDER BY c.changed_on, c.created_at
            """).map { row in
            AssessorChangeSummary(changedOn: try row.decode(at: 0), from: try row.decode(at: 1), to: try row.decode(at: 2), handoverOn: try row.decode(at: 3),
                                  attendees: try row.decode(at: 4), noHandover: try row.decode(at: 5))
        }
    }
}
