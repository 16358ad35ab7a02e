public import Domain
public import Store

/// The assessor or a coordinator keeps the check as it stands, so what they
/// relied on can be shown later exactly as it was.
public struct SaveSufficiencyRun: TransactionalUseCase {
    public var enrolment: EnrolmentID
    /// Nil means today.
    public var asOf: CalendarDay?
    public var knownAt: CalendarDay?
    public var note: String?

    public init(_ enrolment: EnrolmentID, asOf: CalendarDay?, knownAt: CalendarDay?, note: String?) {
        self.enrolment = enrolment
        self.asOf = asOf
        self.knownAt = knownAt
        self.note = note
    }

    public func run(in context: UseCaseContext) throws -> KeptSufficiencyRun {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canKeepSufficiencyRun(context.caller, record.enrolment),
                            "A check is kept by the NQSW's assessor or an ASYE coordinator.")
        let note = self.note?.trimmingWhitespace()
        if let note, note.isEmpty || note.count > 2000 {
            throw ValidationFailure(field: "note", message: "Say in up to 2,000 characters why the check is kept, or leave the note out.")
        }
        let dates = CheckDates(asOf: asOf ?? context.today, knownAt: knownAt)
        try CheckDates.validate(asOf: dates.asOf, knownAt: dates.knownAt, yearStart: record.enrolment.startDate, today: context.today)
        let checked = try context.sufficiency(of: record, dates: dates)
        let run = try checked.run(occasion: .saved, source: nil, note: note, by: context.caller.personID, on: context.today)
        try SufficiencyRunRepository.insert(run, organisation: context.organisation, actor: context.actor(on: record.enrolment), on: context.connection)
        guard let kept = try SufficiencyRunRepository.find(run.id, enrolment: enrolment, organisation: context.organisation, on: context.connection) else {
            throw Inconsistency("a kept sufficiency run was not found in the transaction that kept it")
        }
        return KeptSufficiencyRun(run: kept, report: checked.report)
    }
}

/// A kept run with its report read back as it was stored.
public struct KeptSufficiencyRun: Sendable {
    public var run: SufficiencyRun
    /// `nil` in lists (reports are read one at a time).
    public var report: SufficiencyReport?
}
