internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// An enrolment as the API returns it.
struct EnrolmentBody: Encodable, Sendable {
    struct PersonRef: Encodable, Sendable {
        var id: String
        var name: String
    }

    var id: String
    var organisationId: String
    var nqsw: PersonRef
    var setting: String
    var startDate: String
    var fte: Double
    var assessor: PersonRef
    var lineManager: PersonRef
    var status: String
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ record: EnrolmentRecord) {
        let enrolment = record.enrolment
        id = enrolment.id.description
        organisationId = enrolment.organisationID.description
        nqsw = PersonRef(id: enrolment.nqswID.description, name: record.nqswName)
        setting = enrolment.setting.rawValue
        startDate = enrolment.startDate.description
        fte = enrolment.fte.fraction
        assessor = PersonRef(id: enrolment.assessorID.description, name: record.assessorName)
        lineManager = PersonRef(id: enrolment.lineManagerID.description, name: record.lineManagerName)
        status = enrolment.status.rawValue
        version = enrolment.version
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }
}

/// A page of enrolments.
struct EnrolmentPage: Encodable, Sendable {
    var items: [EnrolmentBody]
    var limit: Int
    var offset: Int
}

/// An entity's audit history.
struct AuditHistoryBody: Encodable, Sendable {
    var entityType: String
    var entityId: String
    var events: [AuditEventBody]
}

/// One audit event as the API shows it.
struct AuditEventBody: Encodable, Sendable {
    var seq: Int
    var occurredAt: Date
    var actorId: String?
    var actorRole: String
    var action: String
    var reason: String?
    var changes: [FieldChange]
    var requestId: String?

    init(_ record: AuditRecord) {
        seq = record.seq
        occurredAt = record.occurredAt
        actorId = record.actorID?.description
        actorRole = record.actorRole
        action = record.action.rawValue
        reason = record.reason
        changes = record.changes
        requestId = record.requestID
    }
}
