public import Domain

/// The sufficiency check's findings as they are shown and as a
/// recommendation's snapshot keeps them (the stored document's shape: keep
/// its keys stable, old snapshots are read back as they were written).
public struct SufficiencyReport: Encodable, Sendable, Hashable {
    public struct Reason: Encodable, Sendable, Hashable {
        /// `statement`, `kind`, `period`, `item` or `portfolio`.
        public var about: String
        /// The statement code, kind, period name or item id.
        public var subject: String?
        public var text: String
    }

    public struct Finding: Encodable, Sendable, Hashable {
        public var criterion: String
        public var met: Bool
        public var reasons: [Reason]
    }

    public var asOf: String
    public var policyVersion: Int
    public var kssFramework: String
    public var pcfFramework: String
    public var findings: [Finding]

    public init(findings: [SufficiencyFinding], asOf: CalendarDay, policy: SufficiencyPolicy, frameworks: PinnedFrameworks) {
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
