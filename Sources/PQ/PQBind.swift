/// One parameter as libpq will send it: bytes, format and declared type.
///
/// Text-format values carry their trailing NUL because libpq reads them as C
/// strings; a string that itself holds NUL cannot be sent as text and becomes an
/// ``PQBind/Payload/invalid(_:)`` bind, which fails the statement with SQLSTATE
/// 22021 instead of being silently truncated.
public struct PQBind: Sendable, Hashable {
    /// What is sent for the parameter.
    public enum Payload: Sendable, Hashable {
        /// SQL NULL.
        case null
        /// Text format, NUL-terminated.
        case text([UInt8])
        /// Binary format (used for `bytea`), exact length.
        case binary([UInt8])
        /// A value that cannot be represented; the reason names the type, never the value.
        case invalid(String)
    }

    /// The bytes and format.
    public var payload: Payload
    /// The declared type OID; 0 lets the server infer it from context.
    public var oid: UInt32

    /// Creates a bind from a payload and type.
    public init(_ payload: Payload, oid: UInt32) {
        self.payload = payload
        self.oid = oid
    }

    /// A text-format bind from a Swift string, refusing embedded NUL.
    public static func text(_ string: String, oid: UInt32) -> PQBind {
        var bytes = Array(string.utf8)
        if bytes.contains(0) {
            return PQBind(.invalid("text holds a NUL character"), oid: oid)
        }
        bytes.append(0)
        return PQBind(.text(bytes), oid: oid)
    }
}

/// Type OIDs the wrapper declares for its binds.
public enum PQType {
    public static let unknown: UInt32 = 0
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let float8: UInt32 = 701
    public static let date: UInt32 = 1082
    public static let timestamptz: UInt32 = 1184
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
    public static let textArray: UInt32 = 1009
    public static let int8Array: UInt32 = 1016
    public static let uuidArray: UInt32 = 2951
}
