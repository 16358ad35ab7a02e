internal import Foundation
internal import Domain
internal import Workflows

extension JSONText {
    /// An instant as ISO 8601 UTC with milliseconds: `2026-11-24T13:27:26.123Z`.
    mutating func instant(_ date: Date) {
        string(ISO8601.format(date))
    }
}

/// A body that writes itself as JSON text, bypassing `JSONEncoder`.
protocol JSONTextWritable: Encodable {
    func write(to json: inout JSONText)
}

extension EnrolmentBody: JSONTextWritable {
    func write(to json: inout JSONText) {
        func person(_ ref: PersonRef) -> Void {
            json.raw("{\"id\":"); json.string(ref.id); json.raw(",\"name\":"); json.string(ref.name); json.raw("}")
        }
        json.raw("{\"assessor\":"); person(assessor)
        json.raw(",\"createdAt\":"); json.instant(createdAt)
        json.raw(",\"fte\":"); json.number(fte)
        json.raw(",\"id\":"); json.string(id)
        json.raw(",\"lineManager\":"); person(lineManager)
        json.raw(",\"nqsw\":"); person(nqsw)
        json.raw(",\"organisationId\":"); json.string(organisationId)
        json.raw(",\"setting\":"); json.string(setting)
        json.raw(",\"startDate\":"); json.string(startDate)
        json.raw(",\"status\":"); json.string(status)
        json.raw(",\"updatedAt\":"); json.instant(updatedAt)
        json.raw(",\"version\":"); json.int(version)
        json.raw("}")
    }
}

extension EnrolmentPage: JSONTextWritable {
    func write(to json: inout JSONText) {
        json.raw("{\"items\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { json.raw(",") }
            item.write(to: &json)
        }
        json.raw("],\"limit\":"); json.int(limit)
        json.raw(",\"offset\":"); json.int(offset)
        json.raw("}")
    }
}
