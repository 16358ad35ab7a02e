/// A piece of SQL text known when the program was compiled: a column list, a
/// join, `FOR UPDATE`, a table name chosen by a `switch`. It can only be made
/// from string literals (and other fragments), so no value that arrives at
/// run time can ever become SQL text — values go through binds.
///
///     static let columns: PQFragment = "id, state, version"
///     let rows = try connection.query("SELECT \(columns) FROM panels WHERE id = \(id)")
public struct PQFragment: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The SQL text.
    public let text: String

    public init(stringLiteral value: StaticString) {
        text = value.description
    }

    private init(joined text: String) {
        self.text = text
    }

    /// Two fragments one after the other.
    public static func + (lhs: PQFragment, rhs: PQFragment) -> PQFragment {
        PQFragment(joined: lhs.text + rhs.text)
    }

    public var description: String { text }
}

extension PQQuery.StringInterpolation {
    /// Appends a fragment as SQL text (not as a bind).
    public mutating func appendInterpolation(_ fragment: PQFragment) {
        appendLiteral(fragment.text)
    }
}

extension PQQuery {
    /// Appends a fragment of constant SQL text.
    public mutating func append(_ fragment: PQFragment) {
        append(unsafeSQL: fragment.text)
    }
}

extension PQQuery {
    /// A statement whose whole text is a constant fragment with `$1`, `$2`…
    /// placeholders, and the values for them: for hot statements kept as one
    /// static fragment rather than interpolated on every call.
    public init(_ fragment: PQFragment, binds: [PQBind]) {
        self.init(unsafeSQL: fragment.text, binds: binds)
    }
}
