/// A SQL statement and its parameters, kept apart.
///
/// String interpolation never splices a value into the text: each `\(value)`
/// appends a placeholder (`$1`, `$2`, …) and a bind. Raw SQL text can only be
/// built with ``init(unsafeSQL:)``, whose name makes the risk visible at the
/// call site (migrations, constant statements).
public struct PQQuery: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement text with `$n` placeholders.
    public private(set) var sql: String
    /// The values, in placeholder order.
    public private(set) var binds: [PQBind]

    /// A statement from trusted text; values must still go through ``bind(_:)``.
    public init(unsafeSQL sql: String, binds: [PQBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.sql = value
        self.binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// Appends a bind and returns its placeholder, for statements assembled in code
    /// (optional filters). The text to put around it is the caller's constant SQL.
    public mutating func bind(_ value: some PQEncodable) -> String {
        binds.append(value.pqBind)
        return "$\(binds.count)"
    }

    /// Appends trusted SQL text.
    public mutating func append(unsafeSQL text: String) {
        sql += text
    }

    /// The SQL text only: parameter values never appear in descriptions or logs.
    public var description: String { sql }

    /// Collects text and binds from an interpolated literal.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String = ""
        var binds: [PQBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds a value as the next parameter.
        public mutating func appendInterpolation(_ value: some PQEncodable) {
            binds.append(value.pqBind)
            sql += "$\(binds.count)"
        }

        /// Binds an optional value; `nil` is sent as NULL of the wrapped type.
        public mutating func appendInterpolation<Value: PQEncodable>(_ value: Value?) {
            binds.append(value.pqBind)
            sql += "$\(binds.count)"
        }
    }
}
