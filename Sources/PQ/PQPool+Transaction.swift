internal import Foundation

/// The isolation level a transaction asks for.
public enum PQIsolation: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension PQPool {
    /// Runs `body` in one transaction: it commits if `body` returns and rolls
    /// back if it throws, so a failed command leaves no partial state.
    ///
    /// A serialization failure or deadlock (SQLSTATE 40001 / 40P01) re-runs the
    /// whole body, up to ``Configuration/transactionAttempts`` times, after a
    /// short random pause taken off the pool's threads (the connection goes
    /// back meanwhile); `body` must therefore have no effects outside the
    /// database.
    public func transaction<T: Sendable>(
        isolation: PQIsolation = .readCommitted,
        _ body: @escaping @Sendable (PQConnection) throws -> T
    ) async throws -> T {
        let begin = isolation == .readCommitted ? "BEGIN" : "BEGIN ISOLATION LEVEL \(isolation.rawValue)"
        var attempt = 1
        while true {
            do {
                return try await withConnection { connection in
                    try connection.execute(unsafeSQL: begin)
                    do {
                        let value = try body(connection)
                        try connection.execute(unsafeSQL: "COMMIT")
                        return value
                    } catch {
                        if connection.isOpen { try? connection.execute(unsafeSQL: "ROLLBACK") }
                        throw error
                    }
                }
            } catch let error as PQError where error.isTransactionRetryable && attempt < configuration.transactionAttempts {
                attempt += 1
                try await configuration.clock.sleep(for: .microseconds(Int.random(in: 1_000...(10_000 * attempt))))
            }
        }
    }
}
