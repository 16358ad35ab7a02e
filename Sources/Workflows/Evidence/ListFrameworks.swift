public import Domain
internal import Store

/// Every framework version loaded (KSS statement sets and the PCF), for mapping evidence.
public struct ListFrameworks: TransactionalUseCase {
    public init() {}

    public func run(in context: UseCaseContext) throws -> [Framework] {
        try FrameworkRepository.all(on: context.connection)
    }
}
