internal import Domain
internal import Foundation

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

/// An evidence item as the API shows it.
struct EvidenceBody: Encodable, Sendable {
    struct JudgementBody: Encodable, Sendable {
        var judgeId: String
        var level: String
        var feedback: String
        var recordedOn: String
        var resolution: Bool
    }

    struct FileBody: Encodable, Sendable {
        var name: String
        var mediaType: String
        var sizeBytes: Int
        var sha256: String
    }

    var id: String
    var kind: String
    var practiceDate: String
    var addedOn: String
    var authorId: String
    var description: String
    var file: FileBody?
    var statements: [String]
    var judgements: [JudgementBody]
    /// `judged:<level>`, `unjudged` or `contradictory`.
    var standing: String
    var verifiedBy: String?
    var verifiedOn: String?
    var aiUseSuspected: Bool
    var version: Int

    init(_ item: EvidenceItem) {
        id = item.id.description
        kind = item.kind.rawValue
        practiceDate = item.practiceDate.description
        addedOn = item.addedOn.description
        authorId = item.authorID.description
        description = item.description
        file = item.file.map { FileBody(name: $0.name, mediaType: $0.mediaType, sizeBytes: $0.sizeBytes, sha256: $0.sha256) }
        statements = item.statements
        judgements = item.judgements.map {
            JudgementBody(judgeId: $0.judgeID.description, level: $0.level.rawValue, feedback: $0.feedback,
                          recordedOn: $0.recordedOn.description, resolution: $0.isResolution)
        }
        standing = switch item.standing {
        case .unjudged: "unjudged"
        case .contradictory: "contradictory"
        case .judged(let judgement): judgement.level.rawValue
        }
        verifiedBy = item.verification?.verifierID.description
        verifiedOn = item.verification?.verifiedOn.description
        aiUseSuspected = item.aiUseSuspected
        version = item.version
    }
}

/// The review schedule.
struct ScheduleBody: Encodable, Sendable {
    struct Milestone: Encodable, Sendable {
        var months: Int
        var due: String
        var final: Bool
        var optional: Bool
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

    init(clock: YearClock, asOf: CalendarDay) {
        let schedule = clock.schedule(asOf: asOf)
        self.asOf = asOf.description
        start = schedule.start.description
        fte = clock.fte.fraction
        milestones = schedule.milestones.map { Milestone(months: $0.months, due: $0.due.description, final: $0.isFinal, optional: $0.isOptional) }
        finalReviewDue = schedule.finalReviewDue.description
        limit = schedule.limit.description
        flags = schedule.flags.map { flag in
            switch flag {
            case .approachingLimit(let limit): Flag(kind: "approaching_limit", limit: limit.description)
            case .exceedsLimit(let limit): Flag(kind: "exceeds_limit", limit: limit.description)
            }
        }
        absences = clock.absences.map { AbsenceBody(kind: $0.kind.rawValue, start: $0.start.description, end: $0.end.description, reason: $0.reason) }
        extensions = clock.extensions.map { ExtensionBody(days: $0.days, agreedOn: $0.agreedOn.description, reason: $0.reason) }
    }
}

/// The sufficiency check's findings.
struct SufficiencyBody: Encodable, Sendable {
    struct Reason: Encodable, Sendable {
        /// `statement`, `kind`, `period`, `item` or `portfolio`.
        var about: String
        /// The statement code, kind, period name or item id.
        var subject: String?
        var text: String
    }

    struct Finding: Encodable, Sendable {
        var criterion: String
        var met: Bool
        var reasons: [Reason]
    }

    var asOf: String
    var policyVersion: Int
    var kssFramework: String
    var pcfFramework: String
    var findings: [Finding]

    init(findings: [SufficiencyFinding], asOf: CalendarDay, policy: SufficiencyPolicy, frameworks: PinnedFrameworks) {
        self.asOf = asOf.description
        policyVersion = policy.version
        kssFramework = frameworks.kss.id
        pcfFramework = frameworks.pcf.id
        self.findings = findings.map { finding in
            Finding(criterion: finding.criterion.rawValue, met: finding.met, reasons: finding.reasons.map { reason in
                switch reason.subject {
                case .statement(let code): Reason(about: "statement", subject: code, text: reason.text)
                case .kind(let kind): Reason(about: "kind", subject: kind.rawValue, text: reason.text)
                case .period(let index): Reason(about: "period", subject: SufficiencyCheck.periodNames[index], text: reason.text)
                case .item(let id): Reason(about: "item", subject: id.description, text: reason.text)
                case .portfolio: Reason(about: "portfolio", subject: nil, text: reason.text)
                }
            })
        }
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
