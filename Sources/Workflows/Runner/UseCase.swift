/// One thing a person does with Quorum (a command) or asks of it (a query),
/// named after what they do: `SubmitRecommendation`, `ListEnrolments`.
///
/// A use case holds its typed, already-parsed input. ``UseCaseRunner`` gives
/// it the caller; it decides access from the caller's current relations,
/// runs the domain machine, performs the machine's effects (on other records
/// too) and writes the audit trail — all in one transaction. HTTP handlers
/// and pages only parse, call a use case and present its typed result.
public protocol UseCase: Sendable {
    associatedtype Output: Sendable

    /// Runs on `runner` for the caller `credential` names.
    func perform(on runner: UseCaseRunner, as credential: Credential, requestID: RequestIdentity) async throws -> Output
}

/// The usual shape: all the work in one transaction, on one connection,
/// after the caller is resolved on that same connection.
public protocol TransactionalUseCase: UseCase where Output == Answer {
    /// What `run` answers: the use case's ``UseCase/Output``.
    associatedtype Answer: Sendable

    /// The work; throws ``Refusal``, `ValidationFailure` or a database error,
    /// any of which rolls the whole transaction back.
    func run(in context: UseCaseContext) throws -> Answer
}

extension TransactionalUseCase {
    public func perform(on runner: UseCaseRunner, as credential: Credential, requestID: RequestIdentity) async throws -> Output {
        try await runner.transaction(as: credential, requestID: requestID) { context in try run(in: context) }
    }
}
