internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// A framework version with its statements.
struct FrameworkBody: Encodable, Sendable {
    struct Statement: Encodable, Sendable {
        var code: String
        var number: Int
        var title: String
    }

    var id: String
    var kind: String
    var setting: String?
    var version: String
    var title: String
    var statements: [Statement]

    init(_ framework: Framework) {
        id = framework.id
        kind = framework.kind.rawValue
        setting = framework.setting?.rawValue
        version = framework.version
        title = framework.title
        statements = framework.statements.map { Statement(code: $0.code, number: $0.number, title: $0.title) }
    }
}

/// An evidence item as the API shows it: the same document a recommendation's snapshot keeps.
typealias EvidenceBody = EvidenceDocument

/// The review schedule.
struct ScheduleBody: Encodable, Sendable {
    struct Milestone: Encodable, Sendable {
        var months: Int
        var due: String
        var final: Bool
    }

    struct Flag: Encodable, Sendable {
        var kind: String
        var limit: String
    }

    struct AbsenceBody: Encodable, Sendable {
        var kind: String
        var start: String
        var end: String
        var reason: String
    }

    struct ExtensionBody: Encodable, Sendable {
        var days: Int
        var agreedOn: String
        var category: String
        var reason: String
    }

    var asOf: String
    var start: String
    var fte: Double
    var milestones: [Milestone]
    var finalReviewDue: String
    var limit: String
    var flags: [Flag]
    var absences: [AbsenceBody]
    var extensions: [ExtensionBody]

    init(_ dated: DatedClock) {
        let clock = dated.clock
        let asOf = dated.asOf
        let schedule = clock.schedule(asOf: asOf)
        self.asOf = asOf.description
        start = schedule.start.description
        fte = clock.fte.fraction
        milestones = schedule.milestones.map { Milestone(months: $0.months, due: $0.due.description, final: $0.isFinal) }
        finalReviewDue = schedule.finalReviewDue.description
        limit = schedule.limit.description
        flags = schedule.flags.map { flag in
            switch flag {
            case .approachingLimit(let limit): Flag(kind: "approaching_limit", limit: limit.description)
            case .exceedsLimit(let limit): Flag(kind: "exceeds_limit", limit: limit.description)
            }
        }
        absences = clock.absences.map { AbsenceBody(kind: $0.kind.rawValue, start: $0.start.description, end: $0.end.description, reason: $0.reason) }
        extensions = clock.extensions.map { ExtensionBody(days: $0.days, agreedOn: $0.agreedOn.description, category: $0.category.rawValue, reason: $0.reason) }
    }
}

/// The evidence matrix as JSON.
struct MatrixBody: Encodable, Sendable {
    struct Cell: Encodable, Sendable {
        var period: String
        var count: Int
        var meets: Int
        var partlyMeets: Int
        var doesNotYetMeet: Int
        var unjudged: Int
        var contradictory: Int
    }

    struct Row: Encodable, Sendable {
        var framework: String
        var code: String
        var number: Int
        var title: String
        var cells: [Cell]
    }

    var asOf: String
    var rows: [Row]

    init(_ dated: DatedMatrix) {
        self.init(dated.matrix, asOf: dated.asOf)
    }

    init(_ matrix: EvidenceMatrix, asOf: CalendarDay) {
        self.asOf = asOf.description
        rows = matrix.rows.map { row in
            Row(framework: row.framework.rawValue, code: row.statement.code, number: row.statement.number, title: row.statement.title,
                cells: row.cells.map {
                    Cell(period: SufficiencyCheck.periodNames[$0.period], count: $0.count, meets: $0.meets, partlyMeets: $0.partlyMeets,
                         doesNotYetMeet: $0.doesNotYetMeet, unjudged: $0.unjudged, contradictory: $0.contradictory)
                })
        }
    }
}

/// A page of a year's evidence and where the next begins (absent on the last).
struct EvidencePageBody: Encodable, Sendable {
    var items: [EvidenceBody]
    var nextCursor: String?
}
