internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension RecordAbsence {
    /// `POST /v1/enrolments/{id}/absences`: the domain checks the kind and dates together.
    static func parse(_ fields: inout JSONFields, enrolment: EnrolmentID) throws -> RecordAbsence {
        let kind = fields.string("kind", maxLength: 40)
        let start = fields.day("start")
        let end = fields.day("end")
        let reason = fields.string("reason", maxLength: 2000)
        let (chosen, from, to, why) = try fields.finish(kind, start, end, reason)
        return RecordAbsence(enrolment, kind: chosen, start: from, end: to, reason: why)
    }
}

extension RecordExtension {
    /// `POST /v1/enrolments/{id}/extensions`.
    static func parse(_ fields: inout JSONFields, enrolment: EnrolmentID) throws -> RecordExtension {
        let days = fields.int("days", range: 1...365)
        let agreedOn = fields.day("agreedOn")
        let category = fields.string("category", maxLength: 40)
        let reason = fields.string("reason", maxLength: 2000)
        let (count, agreed, kind, why) = try fields.finish(days, agreedOn, category, reason)
        return RecordExtension(enrolment, days: count, agreedOn: agreed, category: kind, reason: why)
    }
}

extension TickTrackerItem {
    /// `POST /v1/enrolments/{id}/tracker/{item}`.
    static func parse(_ fields: inout JSONFields, enrolment: EnrolmentID, item: Tracker.ChecklistItem) throws -> TickTrackerItem {
        let completedOn = fields.day("completedOn")
        return TickTrackerItem(enrolment, item: item, completedOn: try fields.finish(completedOn))
    }
}
