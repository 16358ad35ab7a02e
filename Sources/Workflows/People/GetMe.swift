internal import Domain
public import Store

/// Who the caller is: name, email and roles.
public struct GetMe: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> Person {
        guard let me = try PeopleRepository.find(context.caller.personID, in: context.organisation, on: context.connection) else {
            throw Refusal.unauthenticated("The token's owner no longer exists.")
        }
        return me
    }
}
