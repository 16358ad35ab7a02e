public import Foundation

/// A Swift value that can be sent as a statement parameter.
///
/// Every conformance states the PostgreSQL type it declares, so that a prepared
/// statement's parameter types are stable across calls, and `nil` of an
/// `Optional` still declares its wrapped type.
public protocol PQEncodable: Sendable {
    /// The type OID declared for this Swift type.
    static var pqTypeOID: UInt32 { get }
    /// The parameter as sent.
    var pqBind: PQBind { get }
}

extension String: PQEncodable {
    /// Declared as unknown so the server types it from context (`uuid = $1` works).
    public static var pqTypeOID: UInt32 { PQType.unknown }
    public var pqBind: PQBind { .text(self, oid: Self.pqTypeOID) }
}

extension Substring: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.unknown }
    public var pqBind: PQBind { .text(String(self), oid: Self.pqTypeOID) }
}

extension Int: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.int8 }
    public var pqBind: PQBind { .text(String(self), oid: Self.pqTypeOID) }
}

extension Int64: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.int8 }
    public var pqBind: PQBind { .text(String(self), oid: Self.pqTypeOID) }
}

extension Int32: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.int4 }
    public var pqBind: PQBind { .text(String(self), oid: Self.pqTypeOID) }
}

extension Double: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.float8 }
    public var pqBind: PQBind {
        if isNaN { return .text("NaN", oid: Self.pqTypeOID) }
        if isInfinite { return .text(self > 0 ? "Infinity" : "-Infinity", oid: Self.pqTypeOID) }
        return .text(String(self), oid: Self.pqTypeOID)
    }
}

extension Bool: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.bool }
    public var pqBind: PQBind { PQBind(.text(self ? [0x74, 0] : [0x66, 0]), oid: Self.pqTypeOID) }
}

extension UUID: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.uuid }
    public var pqBind: PQBind { .text(uuidString, oid: Self.pqTypeOID) }
}

extension Date: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.timestamptz }
    public var pqBind: PQBind { .text(PQTimestamp.format(self), oid: Self.pqTypeOID) }
}

extension PQDate: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.date }
    public var pqBind: PQBind { .text(description, oid: Self.pqTypeOID) }
}

extension PQJSON: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.jsonb }
    public var pqBind: PQBind { .text(text, oid: Self.pqTypeOID) }
}

/// `bytea` travels in binary format: exact length, no escaping, no NUL concerns.
extension PQBytes: PQEncodable {
    public static var pqTypeOID: UInt32 { PQType.bytea }
    public var pqBind: PQBind { PQBind(.binary(bytes), oid: Self.pqTypeOID) }
}

extension Optional: PQEncodable where Wrapped: PQEncodable {
    public static var pqTypeOID: UInt32 { Wrapped.pqTypeOID }
    public var pqBind: PQBind {
        switch self {
        case .none: PQBind(.null, oid: Wrapped.pqTypeOID)
        case .some(let value): value.pqBind
        }
    }
}

/// Arrays are sent as PostgreSQL array literals of their elements' text forms.
extension Array: PQEncodable where Element: PQArrayElement {
    public static var pqTypeOID: UInt32 { Element.pqArrayTypeOID }
    public var pqBind: PQBind {
        var literal = "{"
        for (index, element) in enumerated() {
            if index > 0 { literal += "," }
            guard let text = element.pqArrayText else {
                literal += "NULL"
                continue
            }
            if text.contains("\0") { return PQBind(.invalid("array element holds a NUL character"), oid: Self.pqTypeOID) }
            literal += PQArrayLiteral.quote(text)
        }
        literal += "}"
        return .text(literal, oid: Self.pqTypeOID)
    }
}

/// A type that can be an element of a bound array.
public protocol PQArrayElement: Sendable {
    /// The OID of the array type (`text[]`, `int8[]`, …).
    static var pqArrayTypeOID: UInt32 { get }
    /// The element's text form, `nil` for NULL.
    var pqArrayText: String? { get }
}

extension String: PQArrayElement {
    public static var pqArrayTypeOID: UInt32 { PQType.textArray }
    public var pqArrayText: String? { self }
}

extension Int: PQArrayElement {
    public static var pqArrayTypeOID: UInt32 { PQType.int8Array }
    public var pqArrayText: String? { String(self) }
}

extension UUID: PQArrayElement {
    public static var pqArrayTypeOID: UInt32 { PQType.uuidArray }
    public var pqArrayText: String? { uuidString }
}
