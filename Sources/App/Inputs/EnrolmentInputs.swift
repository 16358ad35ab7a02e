internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension NewEnrolment {
    /// `POST /v1/enrolments`.
    static func parse(_ fields: inout JSONFields) throws -> NewEnrolment {
        let nqsw = fields.id("nqswId", as: PersonID.self)
        let setting = fields.choice("setting", as: Enrolment.Setting.self)
        let start = fields.day("startDate")
        let fte = fields.contractedTime("fte")
        let assessor = fields.id("assessorId", as: PersonID.self)
        let manager = fields.id("lineManagerId", as: PersonID.self)
        let (nqswID, chosen, startDate, time, assessorID, managerID) = try fields.finish(nqsw, setting, start, fte, assessor, manager)
        return NewEnrolment(nqswID: nqswID, setting: chosen, startDate: startDate, fte: time, assessorID: assessorID, lineManagerID: managerID)
    }
}

extension EnrolmentChange {
    /// `PATCH /v1/enrolments/{id}`: hours, line manager, start date, with a reason.
    static func parse(_ fields: inout JSONFields) throws -> EnrolmentChange {
        let change = EnrolmentChange(
            fte: fields.contractedTime("fte", required: false),
            assessorID: nil,
            lineManagerID: fields.id("lineManagerId", required: false, as: PersonID.self),
            startDate: fields.day("startDate", required: false),
            reason: fields.string("reason", required: false))
        if fields.string("assessorId", required: false) != nil {
            fields.add("assessorId", "Change the assessor with POST /v1/enrolments/{id}/assessor-changes: it records the circumstances and the handover.")
        }
        try fields.finish()
        return change
    }
}

extension ChangeAssessor {
    /// `POST /v1/enrolments/{id}/assessor-changes`.
    static func parse(_ fields: inout JSONFields, enrolment: EnrolmentID, expectedVersion: Int?) throws -> ChangeAssessor {
        let assessor = fields.id("assessorId", as: PersonID.self)
        let changedOn = fields.day("changedOn")
        let circumstances = fields.string("circumstances", maxLength: 4000)
        let handoverOn = fields.day("handoverOn", required: false)
        let attendeeTexts = fields.strings("handoverAttendeeIds", required: false, maxCount: 20) ?? []
        let attendees = attendeeTexts.compactMap { UUID(uuidString: $0).map(PersonID.init) }
        if attendees.count != attendeeTexts.count { fields.add("handoverAttendeeIds", "Expected people's ids.") }
        let continuingSupport = fields.string("continuingSupport", required: false, maxLength: 8000)
        let handoverNote = fields.string("handoverNote", required: false, maxLength: 8000)
        let category = fields.string("noHandoverCategory", required: false, maxLength: 60)
        let noHandoverReason = fields.string("noHandoverReason", required: false, maxLength: 4000)
        if let circumstances, circumstances.trimmingWhitespace().isEmpty {
            fields.add("circumstances", "Record the circumstances of the change.")
        }
        let (person, day, why) = try fields.finish(assessor, changedOn, circumstances)
        return ChangeAssessor(enrolment, expectedVersion: expectedVersion, assessor: person, changedOn: day, circumstances: why,
                              handover: Handover.Request(heldOn: handoverOn, attendees: attendees, continuingSupport: continuingSupport, note: handoverNote,
                                                         exception: category, explanation: noHandoverReason))
    }
}
