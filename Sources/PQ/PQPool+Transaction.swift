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
    /// short random pause; `body` must therefore have no effects outside the
    /// database.
    public func transaction<T: Sendable>(
        isolation: PQIsolation = .readCommitted,
        _ body: @escaping @Sendable (PQConnection) throws -> T
    ) async throws -> T {
        let attempts = configuration.transactionAttempts
        let begin = isolation == .readCommitted ? "BEGIN" : "BEGIN ISOLATION LEVEL \(isolation.rawValue)"
        return try await withConnection { connection in
            var attempt = 1
            while true {
                try connection.execute(unsafeSQL: begin)
                do {
                    let value = try body(connection)
                    try connection.execute(unsafeSQL: "COMMIT")
                    return value
                } catch {
                    if connection.isOpen { try? connection.execute(unsafeSQL: "ROLLBACK") }
                    guard let pqError = error as? PQError, pqError.isTransactionRetryable, attempt < attempts else {
                        throw error
                    }
                    attempt += 1
                    usleep(UInt32.random(in: 1_000...(10_000 * UInt32(attempt))))
                }
            }
        }
    }
}
