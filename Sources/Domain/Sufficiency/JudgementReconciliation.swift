public import Foundation

/// The assessor's note that reconciles an item judged below the expected
/// level on a statement with later evidence judged to meet it. Without one, a
/// below-level judgement followed by a met one is an inconsistency the robust
/// criterion names; with one, a panel can see why the later judgement stands.
public struct JudgementReconciliation: Sendable, Hashable {
    public var id: UUID
    /// The KSS statement or PCF domain code.
    public var statement: String
    /// The item judged below the expected level.
    public var belowItem: EvidenceID
    /// The later items, judged to meet the level, that show the gap closed.
    public var laterItems: [EvidenceID]
    public var note: String
    public var recordedBy: PersonID
    public var recordedOn: CalendarDay

    public init(id: UUID, statement: String, belowItem: EvidenceID, laterItems: [EvidenceID], note: String,
                recordedBy: PersonID, recordedOn: CalendarDay) {
        self.id = id
        self.statement = statement
        self.belowItem = belowItem
        self.laterItems = laterItems
        self.note = note
        self.recordedBy = recordedBy
        self.recordedOn = recordedOn
    }

    /// Checks a reconciliation against the year's portfolio as it stands on
    /// `today`: the statement is one of the pinned frameworks', the below item
    /// and each later item belong to this year and are mapped to the
    /// statement, the below item's judgement is below the expected level, and
    /// each later item was practised after it and is judged to meet it.
    public static func validate(
        statement: String, belowItem: EvidenceID, laterItems: [EvidenceID], note: String,
        portfolio: [EvidenceItem], frameworks: PinnedFrameworks
    ) throws(ValidationFailure) {
        var issues = FieldIssues()
        let trimmed = note.trimmingWhitespace()
        if trimmed.isEmpty || trimmed.count > 4000 {
            issues.add("note", "Say, in up to 4,000 characters, how the later evidence reconciles the earlier judgement.")
        }
        guard frameworks.kss.statement(statement) != nil || frameworks.pcf.statement(statement) != nil else {
            issues.add("statement", "\(statement) is not a statement or domain of this year's frameworks (\(frameworks.kss.id), \(frameworks.pcf.id)).")
            try issues.throwIfAny()
            return
        }
        let byID = Dictionary(portfolio.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if let below = byID[belowItem] {
            if !below.statements.contains(statement) {
                issues.add("belowEvidenceId", "That item is not mapped to \(statement).")
            } else if below.standing.level == .meets || below.standing.level == nil {
                issues.add("belowEvidenceId", "That item is not judged below the expected level; there is nothing to reconcile.")
            }
        } else {
            issues.add("belowEvidenceId", "That item is not evidence of this year: reconcile only this NQSW's own evidence.")
        }
        if laterItems.isEmpty { issues.add("laterEvidenceIds", "Name at least one later item that shows the gap closed.") }
        if Set(laterItems).count != laterItems.count { issues.add("laterEvidenceIds", "Name each later item once.") }
        for (index, id) in laterItems.enumerated() {
            let field = "laterEvidenceIds/\(index)"
            guard let later = byID[id] else {
                issues.add(field, "That item is not evidence of this year: link only this NQSW's own evidence.")
                continue
            }
            if !later.statements.contains(statement) { issues.add(field, "That item is not mapped to \(statement).") }
            if later.standing.level != .meets { issues.add(field, "That item is not judged to meet the expected level.") }
            if let below = byID[belowItem], later.practiceDate <= below.practiceDate {
                issues.add(field, "That item was practised on \(later.practiceDate), not after the below-level item (\(below.practiceDate)).")
            }
        }
        try issues.throwIfAny()
    }
}
