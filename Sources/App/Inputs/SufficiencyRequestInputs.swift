internal import Foundation
internal import Domain
internal import Workflows

extension SaveSufficiencyRun {
    /// `POST /v1/enrolments/{id}/sufficiency/runs`: every field optional; the
    /// dates are checked against the year and today by the use case.
    static func parse(_ fields: inout JSONFields, enrolment: EnrolmentID) throws -> SaveSufficiencyRun {
        let asOf = fields.day("asOf", required: false)
        let knownAt = fields.day("knownAt", required: false)
        let note = fields.string("note", required: false, maxLength: 2000)
        try fields.finish()
        return SaveSufficiencyRun(enrolment, asOf: asOf, knownAt: knownAt, note: note)
    }
}

extension RecordReconciliation {
    /// `POST /v1/enrolments/{id}/reconciliations`: the domain checks the items against the year.
    static func parse(_ fields: inout JSONFields, enrolment: EnrolmentID) throws -> RecordReconciliation {
        let statement = fields.string("statement", maxLength: 40)
        let below = fields.id("belowEvidenceId", as: EvidenceID.self)
        let later = fields.ids("laterEvidenceIds", required: true, as: EvidenceID.self, message: "Expected evidence ids (UUIDs).")
        let note = fields.string("note", maxLength: 4000)
        let (code, belowItem, text) = try fields.finish(statement, below, note)
        return RecordReconciliation(enrolment, statement: code, belowItem: belowItem, laterItems: later, note: text)
    }
}
