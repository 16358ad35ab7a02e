public import PQ
internal import Domain
internal import Store

/// Runs use cases: resolves the caller on the connection that does the work
/// (one checkout and one thread hop per request), in one transaction, with
/// today's date from the one injected clock.
///
/// The same runner serves the JSON API, the pages and the tests, so a rule
/// written in a use case holds wherever the use case is called from.
public final class UseCaseRunner: Sendable {
    public let pool: PQPool
    /// Where every rule reads today from.
    public let clock: CalendarClock
    /// Sufficiency results by exact portfolio revision (``CheckSufficiency``).
    let sufficiencyCache = SufficiencyCache()

    public init(pool: PQPool, clock: CalendarClock = .europeLondon) {
        self.pool = pool
        self.clock = clock
    }

    /// Runs `useCase` for the caller `credential` names.
    /// Database errors come out as ``DatabaseFault``s.
    public func run<U: UseCase>(_ useCase: U, as credential: Credential, requestID: RequestIdentity) async throws -> U.Output {
        try await Self.classifying { try await useCase.perform(on: self, as: credential, requestID: requestID) }
    }

    /// Runs work that acts for no caller (readiness, the security log).
    public func run<U: SystemUseCase>(_ useCase: U) async throws -> U.Output {
        try await Self.classifying { try await useCase.perform(on: self) }
    }

    /// The pool's counts, for `/metrics`.
    public var databaseStatistics: DatabaseStatistics {
        let statistics = pool.statistics
        return DatabaseStatistics(open: statistics.open, inUse: statistics.inUse, waiting: statistics.waiting)
    }

    // MARK: - What use cases build on

    /// `body` in one transaction for the authenticated caller: authenticating
    /// enters the caller's organisation for it (row-level security), and a
    /// throw anywhere rolls back the change and its audit events together.
    func transaction<T: Sendable>(
        as credential: Credential, requestID: RequestIdentity, _ body: @escaping @Sendable (UseCaseContext) throws -> T
    ) async throws -> T {
        let lookup = credential.callerQuery
        let today = clock.today()
        return try await pool.transaction { connection in
            guard let caller = try Tokens.caller(from: connection.query(lookup)) else {
                throw Refusal.unauthenticated("The token is unknown, expired or revoked.")
            }
            return try body(UseCaseContext(connection: connection, caller: caller, today: today, requestID: requestID, runner: self))
        }
    }

    /// Statements that do not depend on the caller, sent with the caller
    /// lookup in one round trip and batched with other requests' reads
    /// (``PQPool/pipelined(_:)``). The caller must check the rows against the
    /// caller before using them.
    func pipelined(as credential: Credential, _ statements: [PQQuery]) async throws -> (Caller, [PQResult]) {
        let results = try await pool.pipelined([credential.callerQuery] + statements)
        guard let caller = try Tokens.caller(from: results[0].get()) else {
            throw Refusal.unauthenticated("The token is unknown, expired or revoked.")
        }
        return (caller, try results.dropFirst().map { try $0.get() })
    }

    /// `body` in one transaction that acts for no caller.
    func system<T: Sendable>(_ body: @escaping @Sendable (PQConnection) throws -> T) async throws -> T {
        try await pool.transaction(body)
    }
}

/// Work that acts for no caller: readiness, recording a failed sign-in.
public protocol SystemUseCase: Sendable {
    associatedtype Output: Sendable
    func perform(on runner: UseCaseRunner) async throws -> Output
}

/// The database pool's counts as `/metrics` shows them.
public struct DatabaseStatistics: Sendable, Equatable {
    public var open: Int
    public var inUse: Int
    public var waiting: Int
}

extension Credential {
    /// The statement that resolves the credential to a caller and enters their organisation.
    var callerQuery: PQQuery {
        switch self {
        case .token(let secret): Tokens.callerQuery(forSecret: secret)
        case .identity(let identity):
            Tokens.callerQuery(issuer: identity.issuer, subject: identity.subject, email: identity.email, organisations: identity.organisations)
        }
    }
}
