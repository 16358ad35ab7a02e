internal import Foundation
internal import Domain
internal import Store

/// A page of the audit history as the API shows it.
struct AuditPageBody: Encodable, Sendable {
    struct Entry: Encodable, Sendable {
        var seq: Int
        var organisationId: String
        var recordKind: String
        var recordId: String
        var enrolmentId: String?
        var action: String
        var actorId: String?
        var actorName: String?
        var actorRole: String
        /// When it happened: the day entered for a past event, else the day it was recorded (Europe/London).
        var occurredOn: String
        var recordedAt: Date
        var reason: String?
        var changes: [FieldChange]
        var requestId: String?
        var clientRequestId: String?

        init(_ record: AuditRecord) {
            seq = record.seq
            organisationId = record.organisationID.description
            recordKind = record.entityType.rawValue
            recordId = record.entityID.uuidString.lowercased()
            enrolmentId = record.enrolmentID?.description
            action = record.action.rawValue
            actorId = record.actorID?.description
            actorName = record.actorName
            actorRole = record.actorRole
            occurredOn = (record.occurredOn ?? record.recordedOn).description
            recordedAt = record.occurredAt
            reason = record.reason
            changes = record.changes
            requestId = record.requestID
            clientRequestId = record.clientRequestID
        }
    }

    var items: [Entry]
    var nextCursor: String?

    init(_ page: AuditPage) {
        items = page.items.map(Entry.init)
        nextCursor = page.nextBefore.map(AuditCursor.make)
    }

    var csv: String {
        CSVText.document(
            header: ["seq", "recorded_at", "occurred_on", "record_kind", "record_id", "enrolment_id", "action", "actor", "actor_role", "reason", "changes",
                     "request_id"],
            rows: items.map { entry in
                [String(entry.seq), entry.recordedAt.formatted(.iso8601), entry.occurredOn, entry.recordKind, entry.recordId, entry.enrolmentId ?? "",
                 entry.action, entry.actorName ?? entry.actorId ?? "system", entry.actorRole, entry.reason ?? "",
                 entry.changes.map { "\($0.field): \($0.before ?? "–") → \($0.after ?? "–")" }.joined(separator: "; "), entry.requestId ?? ""]
            })
    }
}
