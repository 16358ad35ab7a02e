public import Domain
public import Foundation

/// One state change as the audit trail records it: who, acting as what, did
/// what to which record, why, and the fields before and after.
public struct AuditEntry: Sendable, Hashable {
    /// The kinds of record the trail names.
    public enum EntityType: String, Sendable, Hashable, Codable, CaseIterable {
        case organisation
        case person
        case enrolment
        case evidence
        case review
        case supervision
        case concern
        case plan
        case escalation
        case recommendation
        case panel
        case panelCase = "panel_case"
        case moderation
        case token
        case reconciliation
        case sufficiencyRun = "sufficiency_run"
    }

    public var organisationID: OrganisationID
    /// `nil` for the system itself (CLI, demo data).
    public var actorID: PersonID?
    /// The role the actor acted in, or `system`.
    public var actorRole: String
    public var entityType: EntityType
    public var entityID: UUID
    /// A verb in the past tense (`enrolment.created`).
    public var action: String
    public var reason: String?
    public var changes: [FieldChange]
    /// The request that caused it (the server's own id), to join the trail to the logs.
    public var requestID: String?
    /// The id the client sent in `X-Request-Id`, kept apart: a client may reuse anyone's.
    public var clientRequestID: String?
    /// The day the recorded event happened, where it is a past event entered later (a review held, a step taken).
    public var occurredOn: CalendarDay?

    public init(
        organisationID: OrganisationID, actorID: PersonID?, actorRole: String, entityType: EntityType,
        entityID: UUID, action: String, reason: String? = nil, changes: [FieldChange] = [], requestID: String? = nil, clientRequestID: String? = nil,
        occurredOn: CalendarDay? = nil
    ) {
        self.organisationID = organisationID
        self.actorID = actorID
        self.actorRole = actorRole
        self.entityType = entityType
        self.entityID = entityID
        self.action = action
        self.reason = reason
        self.changes = changes
        self.requestID = requestID
        self.clientRequestID = clientRequestID
        self.occurredOn = occurredOn
    }
}

/// Who is acting, with the request id, as repositories need it for the trail.
public struct Actor: Sendable, Hashable {
    public var personID: PersonID?
    public var role: String
    public var requestID: String?
    /// The client's own `X-Request-Id`, if it sent one.
    public var clientRequestID: String?

    public init(personID: PersonID?, role: String, requestID: String?, clientRequestID: String? = nil) {
        self.personID = personID
        self.role = role
        self.requestID = requestID
        self.clientRequestID = clientRequestID
    }

    /// The system itself: the CLI, migrations, demo data.
    public static let system = Actor(personID: nil, role: "system", requestID: nil)
}

/// An event as read back from the trail.
public struct AuditRecord: Sendable, Hashable {
    public var seq: Int
    public var organisationID: OrganisationID
    /// When the database recorded it, and that day in Europe/London.
    public var occurredAt: Date
    public var recordedOn: CalendarDay
    /// The day the recorded event happened, where it was entered later.
    public var occurredOn: CalendarDay?
    public var actorID: PersonID?
    /// The actor's name now (nil for the system).
    public var actorName: String?
    public var actorRole: String
    public var entityType: AuditEntry.EntityType
    public var entityID: UUID
    /// The enrolment the record belongs to, if it is one of a year's records.
    public var enrolmentID: EnrolmentID?
    public var action: AuditAction
    public var reason: String?
    public var changes: [FieldChange]
    public var requestID: String?
    public var clientRequestID: String?
}
