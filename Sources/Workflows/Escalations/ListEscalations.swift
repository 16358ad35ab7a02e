internal import Domain
internal import Store

/// The escalations the caller may read; each read is audited.
public struct ListEscalations: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> [EscalationStatus] {
        let visible = try context.readableEscalations(try EscalationRepository.escalations(in: context.organisation, on: context.connection))
        try context.recordEscalationReads(visible.map(\.id))
        let calendar = try SupervisionRepository.calendar(on: context.connection)
        return visible.map { EscalationStatus($0, calendar: calendar, asOf: context.today) }
    }
}
