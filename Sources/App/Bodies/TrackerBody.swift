internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// One enrolment's tracker.
struct TrackerBody: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        var key: String
        var label: String
        var status: String
        var due: String?
        var doneOn: String?
        var detail: String
    }

    var enrolmentId: String
    var nqswName: String
    var asOf: String
    var overdue: Int
    var lines: [Line]

    init(_ year: TrackedYear) {
        self.init(record: year.record, tracker: year.tracker, asOf: year.asOf)
    }

    init(record: EnrolmentRecord, tracker: Tracker, asOf: CalendarDay) {
        enrolmentId = record.enrolment.id.description
        nqswName = record.nqswName
        self.asOf = asOf.description
        overdue = tracker.overdue
        lines = tracker.lines.map {
            Line(key: $0.key, label: $0.label, status: $0.status.rawValue, due: $0.due?.description, doneOn: $0.doneOn?.description, detail: $0.detail)
        }
    }
}
