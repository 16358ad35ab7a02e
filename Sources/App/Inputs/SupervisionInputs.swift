internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension RecordSupervision {
    /// `POST /v1/enrolments/{id}/supervision`: a held session (duration, topics,
    /// actions) or a cancelled one (reason, perhaps rescheduled to a later date).
    static func parse(_ fields: inout JSONFields, enrolment: EnrolmentID) throws -> RecordSupervision {
        let scheduledFor = fields.day("scheduledFor")
        let kind = fields.choice("kind", required: false, as: SupervisionSession.Kind.self) ?? .individual
        let startsAt = fields.clockTime("startsAt", required: false)
        let held = fields.bool("held")
        let agreed = AgreedAction.parse(&fields, field: "actions")
        let minutes = fields.int("durationMinutes", required: false, range: 5...480)
        let topics = fields.string("topics", required: false, maxLength: 8000)
        let actions = fields.string("agreedActions", required: false, maxLength: 8000)
        let reason = fields.string("cancellationReason", required: false, maxLength: 2000)
        let rescheduledTo = fields.day("rescheduledTo", required: false)
        var happening: SupervisionHappening?
        switch held {
        case true?:
            if minutes == nil { fields.add("durationMinutes", "Required for a session that was held.") }
            if (topics ?? "").trimmingWhitespace().isEmpty { fields.add("topics", "Record what was discussed.") }
            if reason != nil || rescheduledTo != nil { fields.add("cancellationReason", "A held session has no cancellation.") }
            if let minutes, let topics { happening = .held(durationMinutes: minutes, topics: topics, agreedActions: actions ?? "") }
        case false?:
            if (reason ?? "").trimmingWhitespace().isEmpty { fields.add("cancellationReason", "Say why the session was cancelled.") }
            if minutes != nil || topics != nil || actions != nil { fields.add("held", "A cancelled session has no duration, topics or actions.") }
            if let rescheduledTo, let scheduledFor, rescheduledTo <= scheduledFor { fields.add("rescheduledTo", "Reschedule to a later date.") }
            if let reason { happening = .cancelled(reason: reason, rescheduledTo: rescheduledTo) }
        case nil:
            break
        }
        let (day, what) = try fields.finish(scheduledFor, happening)
        return RecordSupervision(enrolment, scheduledFor: day, kind: kind, startsAt: startsAt, happening: what, actions: agreed)
    }
}

extension AgreedAction {
    /// An optional array of actions under `field`, each with a description, an owner and a date.
    static func parse(_ fields: inout JSONFields, field: String) -> [AgreedAction] {
        var agreed: [AgreedAction] = []
        guard var readers = fields.objects(field, required: false) else { return [] }
        for index in readers.indices {
            let description = readers[index].string("description", maxLength: 2000)
            let owner = readers[index].id("ownerId", as: PersonID.self)
            let due = readers[index].day("dueOn")
            fields.absorb(&readers[index], prefix: "\(field)/\(index)")
            if let description, let owner, let due { agreed.append(AgreedAction(description: description, ownerID: owner, dueOn: due)) }
        }
        return agreed
    }
}
