public import Domain
internal import Foundation

/// The sufficiency check as it is shown, kept in a run and in a
/// recommendation's snapshot (the stored document's shape: keep its keys
/// stable, kept runs are read back as they were written).
public struct SufficiencyReport: Codable, Sendable, Hashable {
    public struct Reason: Codable, Sendable, Hashable {
        /// `statement`, `kind`, `period`, `reflection`, `item`, `concern`,
        /// `plan`, `escalation`, `recommendation` or `portfolio`.
        public var about: String
        /// The statement code, kind, period name, months, or record id.
        public var subject: String?
        /// The subject as a person reads it.
        public var label: String?
        /// What is wrong.
        public var text: String
        /// What would put it right.
        public var remedy: String
        /// Ids of the evidence items the reason names.
        public var evidence: [String]
    }

    public struct Finding: Codable, Sendable, Hashable {
        public var criterion: String
        public var met: Bool
        public var reasons: [Reason]
        /// Shown, but not enough to leave the criterion unmet.
        public var warnings: [Reason]
    }

    public struct KindCount: Codable, Sendable, Hashable {
        public var kind: String
        public var label: String
        public var count: Int
        public var minimum: Int?
    }

    public struct PeriodCount: Codable, Sendable, Hashable {
        public var name: String
        public var start: String
        public var end: String
        public var count: Int
    }

    public struct Coverage: Codable, Sendable, Hashable {
        public var framework: String
        public var code: String
        public var number: Int
        public var title: String
        public var items: Int
        public var meets: Int
        public var below: Int
        public var unjudged: Int
        public var contradictory: Int
        public var latestPractice: String?
    }

    public struct Counts: Codable, Sendable, Hashable {
        public var items: Int
        public var verified: Int
        public var earliestPractice: String?
        public var latestPractice: String?
        public var beforeStart: Int
        public var byKind: [KindCount]
        public var periods: [PeriodCount]
        public var coverage: [Coverage]
    }

    public var asOf: String
    public var knownAt: String?
    public var policyVersion: Int
    public var kssFramework: String
    public var pcfFramework: String
    public var findings: [Finding]
    public var counts: Counts

    public init(_ result: SufficiencyResult, policy: SufficiencyPolicy, frameworks: PinnedFrameworks) {
        asOf = result.dates.asOf.description
        knownAt = result.dates.knownAt?.description
        policyVersion = policy.version
        kssFramework = frameworks.kss.id
        pcfFramework = frameworks.pcf.id
        findings = result.findings.map { finding in
            Finding(criterion: finding.criterion.rawValue, met: finding.met, reasons: finding.reasons.map(Reason.init),
                    warnings: finding.warnings.map(Reason.init))
        }
        let counts = result.counts
        self.counts = Counts(
            items: counts.items, verified: counts.verified, earliestPractice: counts.earliestPractice?.description,
            latestPractice: counts.latestPractice?.description, beforeStart: counts.beforeStart,
            byKind: counts.byKind.map { KindCount(kind: $0.kind.rawValue, label: $0.kind.label, count: $0.count, minimum: $0.minimum) },
            periods: counts.periods.map {
                PeriodCount(name: SufficiencyCheck.periodNames[$0.period], start: $0.start.description, end: $0.end.description, count: $0.count)
            },
            coverage: counts.coverage.map {
                Coverage(framework: $0.framework.rawValue, code: $0.statement.code, number: $0.statement.number, title: $0.statement.title,
                         items: $0.items, meets: $0.meets, below: $0.below, unjudged: $0.unjudged, contradictory: $0.contradictory,
                         latestPractice: $0.latestPractice?.description)
            })
    }

    /// How many of the four criteria are met.
    public var criteriaMet: Int { findings.filter(\.met).count }
}

extension SufficiencyReport.Reason {
    init(_ reason: SufficiencyFinding.Reason) {
        let evidence = reason.evidence.map(\.description)
        let (about, subject): (String, String?) = switch reason.subject {
        case .statement(let code): ("statement", code)
        case .kind(let kind): ("kind", kind.rawValue)
        case .period(let index): ("period", SufficiencyCheck.periodNames[index])
        case .reflection(let months): ("reflection", String(months))
        case .item(let id): ("item", reason.evidence.first == id ? evidence[0] : id.description)
        case .concern(let id): ("concern", id.description)
        case .plan(let id): ("plan", id.uuidString.lowercased())
        case .escalation(let id): ("escalation", id.uuidString.lowercased())
        case .recommendation: ("recommendation", nil)
        case .portfolio: ("portfolio", nil)
        }
        self.init(about: about, subject: subject, label: reason.label, text: reason.text, remedy: reason.remedy,
                  evidence: evidence)
    }
}
