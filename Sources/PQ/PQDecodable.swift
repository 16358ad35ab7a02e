public import Foundation

/// A Swift type a result column can be decoded into.
///
/// Results arrive in text format. A conformance parses the text; the default
/// ``pqNull()`` refuses NULL, and `Optional` overrides it, so a nullable column
/// must be read as an optional — a NULL never turns into an empty string.
public protocol PQDecodable: Sendable {
    /// Parses the column's text; `nil` means the text is not of this type.
    static func pqDecode(text: Substring) -> Self?
    /// The value for SQL NULL; throws for non-optional types.
    static func pqNull() throws -> Self
}

extension PQDecodable {
    public static func pqNull() throws -> Self {
        throw PQError(code: .decoding, message: "unexpected NULL for \(Self.self)")
    }
}

extension Optional: PQDecodable where Wrapped: PQDecodable {
    public static func pqDecode(text: Substring) -> Self? { Wrapped.pqDecode(text: text).map { .some($0) } }
    public static func pqNull() throws -> Self { .none }
}

extension String: PQDecodable {
    public static func pqDecode(text: Substring) -> String? { String(text) }
}

extension Int: PQDecodable {
    public static func pqDecode(text: Substring) -> Int? { Int(text) }
}

extension Int64: PQDecodable {
    public static func pqDecode(text: Substring) -> Int64? { Int64(text) }
}

extension Int32: PQDecodable {
    public static func pqDecode(text: Substring) -> Int32? { Int32(text) }
}

extension Double: PQDecodable {
    public static func pqDecode(text: Substring) -> Double? { Double(text) }
}

extension Bool: PQDecodable {
    public static func pqDecode(text: Substring) -> Bool? {
        switch text {
        case "t": true
        case "f": false
        default: nil
        }
    }
}

extension UUID: PQDecodable {
    public static func pqDecode(text: Substring) -> UUID? { UUID(uuidString: String(text)) }
}

extension Date: PQDecodable {
    public static func pqDecode(text: Substring) -> Date? { PQTimestamp.parse(text) }
}

extension PQDate: PQDecodable {
    public static func pqDecode(text: Substring) -> PQDate? { PQDate(iso: text) }
}

extension PQJSON: PQDecodable {
    public static func pqDecode(text: Substring) -> PQJSON? { PQJSON(text: String(text)) }
}

/// `bytea` is printed as `\x` followed by hex digits (`bytea_output = hex`).
extension PQBytes: PQDecodable {
    public static func pqDecode(text: Substring) -> PQBytes? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == 0x5C, utf8[1] == 0x78, utf8.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return PQBytes(bytes)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}

extension Array: PQDecodable where Element: PQDecodable {
    public static func pqDecode(text: Substring) -> [Element]? {
        guard let parts = PQArrayLiteral.parse(String(text)) else { return nil }
        var result: [Element] = []
        result.reserveCapacity(parts.count)
        for part in parts {
            if let part {
                guard let element = Element.pqDecode(text: Substring(part)) else { return nil }
                result.append(element)
            } else {
                guard let null = try? Element.pqNull() else { return nil }
                result.append(null)
            }
        }
        return result
    }
}
