public import PQ
public import Domain
internal import Store
internal import Foundation

/// What handlers share: the database pool, metrics, and the clock.
///
/// Handlers reach the database only through ``read(_:_:)`` and
/// ``write(_:_:)``, which resolve the caller on the same connection as the
/// work — one checkout and one thread hop per request — and, for writes,
/// wrap everything in one transaction so a failed command leaves nothing.
public struct QuorumServices: Sendable {
    public let pool: PQPool
    public let metrics: RequestMetrics
    /// Sufficiency findings by exact portfolio revision.
    let sufficiencyCache = SufficiencyCache()
    /// Today's date in England, injectable for tests.
    public let today: @Sendable () -> CalendarDay
    /// Verifies bearer JWTs from the employer's identity provider, if one is configured.
    public let identityProvider: IdentityProvider?

    public init(pool: PQPool, metrics: RequestMetrics = RequestMetrics(), identityProvider: IdentityProvider? = nil,
                today: @escaping @Sendable () -> CalendarDay = QuorumServices.todayInEngland) {
        self.pool = pool
        self.metrics = metrics
        self.identityProvider = identityProvider
        self.today = today
    }

    /// The calendar date in Europe/London now (the calendar is built once; most requests ask).
    public static let todayInEngland: @Sendable () -> CalendarDay = {
        let parts = englishCalendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    private static let englishCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Runs read-only work for the authenticated caller, in one transaction:
    /// authenticating enters the caller's organisation for it (row-level security).
    func read<T: Sendable>(
        _ context: QuorumContext, _ body: @escaping @Sendable (PQConnection, Caller) throws -> T
    ) async throws -> T {
        let lookup = try Self.callerQuery(context)
        return try await pool.transaction { connection in
            try body(connection, try Self.caller(lookup, on: connection))
        }
    }

    /// A read whose one statement does not depend on the caller: it is sent
    /// with the caller lookup in one round trip, batched with other requests'
    /// reads (``PQPool/pipelined(_:)``). `body` decodes the rows and must check
    /// them against the caller before using them.
    func read<T: Sendable>(
        _ context: QuorumContext, prefetch: PQQuery, _ body: (Caller, PQResult) throws -> T
    ) async throws -> T {
        try await read(context, prefetch: [prefetch]) { caller, results in try body(caller, results[0]) }
    }

    /// Like ``read(_:prefetch:_:)`` with several statements in the same round trip.
    func read<T: Sendable>(
        _ context: QuorumContext, prefetch: [PQQuery], _ body: (Caller, [PQResult]) throws -> T
    ) async throws -> T {
        let results = try await pool.pipelined([try Self.callerQuery(context)] + prefetch)
        guard let caller = try Tokens.caller(from: results[0].get()) else {
            throw Problem.unauthenticated("The token is unknown, expired or revoked.")
        }
        return try body(caller, try results.dropFirst().map { try $0.get() })
    }

    /// Runs a command for the authenticated caller in one transaction.
    func write<T: Sendable>(
        _ context: QuorumContext, _ body: @escaping @Sendable (PQConnection, Caller, String) throws -> T
    ) async throws -> T {
        let lookup = try Self.callerQuery(context)
        let requestID = context.requestID
        return try await pool.transaction { connection in
            try body(connection, try Self.caller(lookup, on: connection), requestID)
        }
    }

    /// The statement that resolves the request's credential to a caller (and
    /// enters their organisation): a Quorum token, or a verified OIDC email.
    private static func callerQuery(_ context: QuorumContext) throws -> PQQuery {
        if let email = context.identityEmail { return Tokens.callerQuery(forEmail: email) }
        guard let bearer = context.bearer else { throw Problem.unauthenticated("Sign in first.") }
        return Tokens.callerQuery(forSecret: bearer)
    }

    private static func caller(_ lookup: PQQuery, on connection: PQConnection) throws -> Caller {
        guard let caller = try Tokens.caller(from: connection.query(lookup)) else {
            throw Problem.unauthenticated("The token is unknown, expired or revoked.")
        }
        return caller
    }
}
