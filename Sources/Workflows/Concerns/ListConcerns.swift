public import Domain
internal import Store

/// The concerns about an NQSW, to those who may see them, as of a date.
public struct ListConcerns: TransactionalUseCase {
    public var enrolment: EnrolmentID
    public var asOf: CalendarDay?

    public init(_ enrolment: EnrolmentID, asOf: CalendarDay?) {
        self.enrolment = enrolment
        self.asOf = asOf
    }

    public func run(in context: UseCaseContext) throws -> [ConcernStatus] {
        _ = try context.enrolmentForConcerns(enrolment)
        let calendar = try SupervisionRepository.calendar(on: context.connection)
        let escalations = Dictionary(
            try EscalationRepository.escalations(in: context.organisation, enrolment: enrolment, on: context.connection).map { ($0.concernID, $0) },
            uniquingKeysWith: { _, latest in latest })
        let concerns = try ConcernRepository.concerns(of: enrolment, organisation: context.organisation, on: context.connection)
        try context.recordRead(.concern, concerns.map(\.id.uuid), .concernListRead)
        return concerns.map { ConcernStatus($0, calendar: calendar, asOf: asOf ?? context.today, escalation: escalations[$0.id]) }
    }
}
