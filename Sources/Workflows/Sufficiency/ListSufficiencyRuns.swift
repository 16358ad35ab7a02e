public import Domain
public import Store
public import Foundation

/// The checks kept for a year, newest first: when, by whom, why, at which
/// dates and how many criteria were met. Everyone who sees the year sees them.
public struct ListSufficiencyRuns: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var limit: Int
    public var offset: Int

    public init(_ enrolment: EnrolmentID, limit: Int = 50, offset: Int = 0) {
        self.enrolment = enrolment
        self.limit = limit
        self.offset = offset
    }

    public func run(in context: UseCaseContext) throws -> [SufficiencyRun] {
        _ = try context.visibleEnrolment(enrolment)
        return try SufficiencyRunRepository.list(of: enrolment, organisation: context.organisation, limit: limit, offset: offset,
                                                 on: context.connection)
    }
}

/// One kept check, read exactly as it was stored.
public struct GetSufficiencyRun: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var id: UUID

    public init(_ enrolment: EnrolmentID, _ id: UUID) {
        self.enrolment = enrolment
        self.id = id
    }

    public func run(in context: UseCaseContext) throws -> KeptSufficiencyRun {
        _ = try context.visibleEnrolment(enrolment)
        guard let run = try SufficiencyRunRepository.find(id, enrolment: enrolment, organisation: context.organisation, on: context.connection) else {
            throw Refusal.notFound("sufficiency run")
        }
        let report = try JSONDecoder().decode(SufficiencyReport.self, from: Data(run.report.utf8))
        return KeptSufficiencyRun(run: run, report: report)
    }
}
