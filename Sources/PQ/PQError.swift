/// An error from the database layer.
///
/// A struct rather than an enum so that it can carry everything PostgreSQL says
/// (SQLSTATE, constraint, column) while the ``Code`` stays a small, stable set
/// callers can switch on. Its `description` is deliberately bland: the query and
/// the server's message may contain personal data and must not reach logs by
/// accident. `String(reflecting:)` gives the full detail for debugging.
public struct PQError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, at the level a caller decides on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The connection could not be opened.
        public static let connectionFailed = Code("connectionFailed")
        /// The connection was lost while a statement ran.
        public static let connectionLost = Code("connectionLost")
        /// The server rejected a statement; see ``PQError/sqlState``.
        public static let server = Code("server")
        /// A parameter could not be sent (for example a string holding NUL).
        public static let invalidParameter = Code("invalidParameter")
        /// A column could not be decoded as the requested Swift type.
        public static let decoding = Code("decoding")
        /// No connection became free within the pool's wait limit.
        public static let poolTimeout = Code("poolTimeout")
        /// The pool has been shut down.
        public static let poolClosed = Code("poolClosed")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The five-character SQLSTATE, when the server (or we, for parameters) set one.
    public var sqlState: String?
    /// The constraint at fault, for integrity violations.
    public var constraint: String?
    /// The table at fault, when the server names one.
    public var table: String?
    /// The column at fault, when the server names one.
    public var column: String?
    /// The server's (or our) primary message. May contain data: never log it at info level.
    public var message: String
    /// The server's detail line, if any.
    public var detail: String?
    /// The SQL text that failed, if any (text only, never parameter values).
    public var query: String?
    /// Whether any statement had succeeded on the connection before this failure;
    /// work that ran nothing may safely move to another connection.
    public var ranStatements = true

    /// Creates an error; `message` is for debugging and is not shown by `description`.
    public init(
        code: Code, message: String, sqlState: String? = nil, constraint: String? = nil,
        table: String? = nil, column: String? = nil, detail: String? = nil, query: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.constraint = constraint
        self.table = table
        self.column = column
        self.detail = detail
        self.query = query
    }

    public var description: String {
        "PQError(code: \(code), sqlState: \(sqlState ?? "-"), constraint: \(constraint ?? "-"))"
    }

    public var debugDescription: String {
        var parts = ["code: \(code)", "message: \(message)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let table { parts.append("table: \(table)") }
        if let column { parts.append("column: \(column)") }
        if let detail { parts.append("detail: \(detail)") }
        if let query { parts.append("query: \(query)") }
        return "PQError(\(parts.joined(separator: ", ")))"
    }
}

extension PQError {
    /// Serialization failure or deadlock: the whole transaction may be run again.
    public var isTransactionRetryable: Bool {
        sqlState == SQLState.serializationFailure || sqlState == SQLState.deadlockDetected
    }

    /// The connection is gone (network, server restart, backend terminated):
    /// the connection must be discarded; the work may succeed on another one.
    public var isConnectionLoss: Bool {
        if code == .connectionLost || code == .connectionFailed { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || sqlState == SQLState.adminShutdown
            || sqlState == SQLState.crashShutdown || sqlState == SQLState.cannotConnectNow
    }
}

/// SQLSTATE codes the layers above act on, named so that code reads as intent.
public enum SQLState {
    public static let uniqueViolation = "23505"
    public static let foreignKeyViolation = "23503"
    public static let checkViolation = "23514"
    public static let notNullViolation = "23502"
    public static let exclusionViolation = "23P01"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    public static let queryCanceled = "57014"
    public static let adminShutdown = "57P01"
    public static let crashShutdown = "57P02"
    public static let cannotConnectNow = "57P03"
    public static let characterNotInRepertoire = "22021"
    public static let insufficientPrivilege = "42501"
    public static let raiseException = "P0001"
    public static let lockNotAvailable = "55P03"
}
