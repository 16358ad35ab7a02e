public import Domain
internal import Store

/// Evidence per KSS statement and PCF domain, per period of the year, as of a date.
public struct GetEvidenceMatrix: TransactionalUseCase {
    public var enrolment: EnrolmentID
    /// Counts what had happened by this date; nil means today.
    public var asOf: CalendarDay?

    public init(_ enrolment: EnrolmentID, asOf: CalendarDay?) {
        self.enrolment = enrolment
        self.asOf = asOf
    }

    public func run(in context: UseCaseContext) throws -> DatedMatrix {
        let portfolio = try context.portfolio(enrolment)
        let day = asOf ?? context.today
        return DatedMatrix(matrix: EvidenceMatrix.build(items: portfolio.items, frameworks: portfolio.frameworks, clock: portfolio.clock, asOf: day),
                           asOf: day)
    }
}

/// An evidence matrix and the date it counts to.
public struct DatedMatrix: Sendable {
    public var matrix: EvidenceMatrix
    public var asOf: CalendarDay
}
