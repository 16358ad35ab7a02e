internal import Foundation
internal import Domain
internal import Store
internal import Workflows

/// One criterion's finding as the pages show it: each reason with its
/// subject, what is wrong and what would put it right.
struct FindingRow: Sendable {
    struct Line: Sendable {
        var label: String?
        var text: String
        var remedy: String
    }

    var criterion: String
    var title: String
    var met: Bool
    var tag: StatusTag
    var reasons: [Line]
    var warnings: [Line]
    var hasWarnings: Bool

    static func rows(_ report: SufficiencyReport) -> [FindingRow] {
        report.findings.map { finding in
            let lines = { (reasons: [SufficiencyReport.Reason]) in reasons.map { Line(label: $0.label, text: $0.text, remedy: $0.remedy) } }
            return FindingRow(criterion: finding.criterion, title: finding.criterion.capitalized, met: finding.met,
                              tag: StatusTag(finding.met ? "met" : "not met"), reasons: lines(finding.reasons),
                              warnings: lines(finding.warnings), hasWarnings: !finding.warnings.isEmpty)
        }
    }
}

/// What the check counted: items by kind against minimums, the span of
/// practice dates, items per period, and coverage of every statement.
struct CountsView: Sendable {
    struct Kind: Sendable {
        var label: String
        var count: Int
        var minimum: String
    }

    struct Period: Sendable {
        var name: String
        var span: String
        var count: Int
    }

    struct Coverage: Sendable {
        var name: String
        var items: Int
        var meets: Int
        var below: Int
        var unjudged: Int
        var latest: String
    }

    var items: Int
    var verified: Int
    var span: String
    var kinds: [Kind]
    var periods: [Period]
    var coverage: [Coverage]

    init(_ counts: SufficiencyReport.Counts) {
        items = counts.items
        verified = counts.verified
        span = counts.earliestPractice.flatMap { first in counts.latestPractice.map { "practised from \(first) to \($0)" } } ?? "none practised yet"
        kinds = counts.byKind.filter { $0.count > 0 || $0.minimum != nil }.map {
            Kind(label: $0.kind.capitalisedKindLabel, count: $0.count, minimum: $0.minimum.map(String.init) ?? "None set")
        }
        periods = counts.periods.map { Period(name: $0.name, span: "\($0.start) to \($0.end)", count: $0.count) }
        coverage = counts.coverage.map {
            Coverage(name: "\($0.framework == "kss" ? "KSS" : "PCF") \($0.number) \($0.title)", items: $0.items, meets: $0.meets, below: $0.below,
                     unjudged: $0.unjudged + $0.contradictory, latest: $0.latestPractice ?? "None")
        }
    }
}

/// A kept check in a list.
struct RunRow: Sendable {
    var path: String
    var recordedOn: String
    var occasion: String
    var by: String
    var asOf: String
    var met: String

    init(_ run: SufficiencyRun, enrolment: EnrolmentID) {
        path = "/nqsws/\(enrolment)/sufficiency/runs/\(run.id.uuidString.lowercased())"
        recordedOn = run.recordedOn.description
        occasion = switch run.occasion {
        case .saved: run.note.map { "Kept: \($0)" } ?? "Kept"
        case .review: "With a review"
        case .recommendation: "With the recommendation (version \(run.source?.version ?? 1))"
        }
        by = run.recordedByName
        asOf = run.knownAt.map { "\(run.asOf), as recorded by \($0)" } ?? run.asOf.description
        met = "\(run.criteriaMet) of 4"
    }
}

extension String {
    /// An evidence kind's stored name as the pages label it.
    var capitalisedKindLabel: String {
        EvidenceKind(rawValue: self)?.label ?? self
    }
}
