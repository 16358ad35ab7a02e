internal import PQ

/// A database error as the layers above need to know it: what kind of
/// trouble, the constraint that refused (to name the field at fault), and
/// the SQLSTATE for the log — never the statement or its values.
public struct DatabaseFault: Error, Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Every connection is busy: try again shortly.
        case busy
        /// The database is down, restarting or cancelled the statement.
        case unavailable
        /// A unique constraint refused a second copy.
        case duplicate
        /// A foreign key refused a reference to something that does not exist here.
        case missingReference
        /// A CHECK or NOT NULL constraint refused the value.
        case notAllowed
        /// Text with a NUL character.
        case nulCharacter
        /// A serialization failure, deadlock or lock timeout survived the retries.
        case concurrentChange
        /// A value out of range or malformed (SQLSTATE class 22).
        case malformedValue
        /// Anything else: a fault of ours.
        case other
    }

    public var kind: Kind
    public var constraint: String?
    public var sqlState: String?

    init(_ error: PQError) {
        constraint = error.constraint
        sqlState = error.sqlState
        if error.code == .poolTimeout {
            kind = .busy
        } else if error.isConnectionLoss || error.code == .poolClosed || error.sqlState == SQLState.queryCanceled {
            kind = .unavailable
        } else {
            kind = switch error.sqlState {
            case SQLState.uniqueViolation: .duplicate
            case SQLState.foreignKeyViolation: .missingReference
            case SQLState.checkViolation, SQLState.notNullViolation: .notAllowed
            case SQLState.characterNotInRepertoire: .nulCharacter
            case SQLState.serializationFailure, SQLState.deadlockDetected, SQLState.lockNotAvailable: .concurrentChange
            case let state? where state.hasPrefix("22"): .malformedValue
            default: .other
            }
        }
    }
}

extension UseCaseRunner {
    /// Runs `work`, turning a `PQError` into a ``DatabaseFault``.
    static func classifying<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as PQError {
            throw DatabaseFault(error)
        }
    }
}
