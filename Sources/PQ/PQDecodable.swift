public import Foundation

/// A Swift type a result column can be decoded into.
///
/// Results arrive in text format. A conformance parses the cell's bytes in
/// place (valid only during the call), so numbers, UUIDs, timestamps and
/// booleans never allocate a `String`; the default
/// ``pqNull()`` refuses NULL, and `Optional` overrides it, so a nullable column
/// must be read as an optional — a NULL never turns into an empty string.
public protocol PQDecodable: Sendable {
    /// Parses the column's UTF-8 text; `nil` means the text is not of this type.
    static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Self?
    /// The value for SQL NULL; throws for non-optional types.
    static func pqNull() throws -> Self
}

extension PQDecodable {
    public static func pqNull() throws -> Self {
        throw PQError(code: .decoding, message: "unexpected NULL for \(Self.self)")
    }
}

extension Optional: PQDecodable where Wrapped: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Self? { Wrapped.pqDecode(bytes: bytes).map { .some($0) } }
    public static func pqNull() throws -> Self { .none }
}

extension String: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> String? { String(decoding: bytes, as: UTF8.self) }
}

extension Int: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Int? { PQDigits.integer(bytes).map(Int.init) }
}

extension Int64: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Int64? { PQDigits.integer(bytes) }
}

extension Int32: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Int32? { PQDigits.integer(bytes).flatMap { Int32(exactly: $0) } }
}

extension Double: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Double? { Double(String(decoding: bytes, as: UTF8.self)) }
}

extension Bool: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count == 1 else { return nil }
        switch bytes[0] {
        case 0x74: return true
        case 0x66: return false
        default: return nil
        }
    }
}

extension UUID: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> UUID? { PQUUID.parse(bytes) }
}

extension Date: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Date? { PQTimestamp.parse(bytes: bytes) }
}

extension PQDate: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> PQDate? { PQDate(iso: String(decoding: bytes, as: UTF8.self)) }
}

extension PQJSON: PQDecodable {
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> PQJSON? { PQJSON(text: String(decoding: bytes, as: UTF8.self)) }
}

/// `bytea` is printed as `\x` followed by hex digits (`bytea_output = hex`).
extension PQBytes: PQDecodable {
    public static func pqDecode(bytes utf8: UnsafeBufferPointer<UInt8>) -> PQBytes? {
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
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> [Element]? {
        guard let parts = PQArrayLiteral.parse(bytes: bytes) else { return nil }
        var result: [Element] = []
        result.reserveCapacity(parts.count)
        for part in parts {
            if var part {
                guard let element = part.withUTF8({ Element.pqDecode(bytes: $0) }) else { return nil }
                result.append(element)
            } else {
                guard let null = try? Element.pqNull() else { return nil }
                result.append(null)
            }
        }
        return result
    }
}

/// Integer text without a `String`.
enum PQDigits {
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == 0x2D || bytes[0] == 0x2B {
            negative = bytes[0] == 0x2D
            index = 1
            guard bytes.count > 1 else { return nil }
        }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        return value
    }
}

/// UUID text (as PostgreSQL prints it) without `sscanf`.
public enum PQUUID {
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard bytes.count == 36 else { return nil }
        var out = (UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0),
                   UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0))
        let ok = withUnsafeMutableBytes(of: &out) { target -> Bool in
            var index = 0
            var written = 0
            while index < 36 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard bytes[index] == 0x2D else { return false }
                    index += 1
                    continue
                }
                guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return false }
                target[written] = high << 4 | low
                written += 1
                index += 2
            }
            return written == 16
        }
        return ok ? UUID(uuid: out) : nil
    }

    static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
