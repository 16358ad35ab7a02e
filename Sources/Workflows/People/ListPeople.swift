internal import Domain
public import Store

/// The organisation's directory, for coordinators choosing assessors, managers and panel members.
public struct ListPeople: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> [Person] {
        try Refusal.require(context.caller.holds(.coordinator), "Only ASYE coordinators see the organisation's directory.")
        return try PeopleRepository.people(in: context.organisation, on: context.connection)
    }
}
