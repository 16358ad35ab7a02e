public import Foundation

/// A typed identifier: a `PersonID` cannot be passed where an `EnrolmentID` is
/// expected, though both are UUIDs on the wire and in the database.
public struct Identifier<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(_ uuid: UUID) {
        self.uuid = uuid
    }

    /// A new random identifier.
    public static func random() -> Self {
        Self(UUID())
    }

    public init(from decoder: any Decoder) throws {
        uuid = try decoder.singleValueContainer().decode(UUID.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(uuid)
    }

    /// Lower-case, as PostgreSQL prints UUIDs. Written by hand: Foundation's
    /// `uuidString` plus `lowercased()` costs two allocations and a `sprintf`
    /// on a path every response takes.
    public var description: String { UUIDText.lowercase(uuid) }
}

/// Phantom tags for ``Identifier``.
public enum OrganisationTag {}
public enum PersonTag {}
public enum EnrolmentTag {}
public enum TokenTag {}

public typealias OrganisationID = Identifier<OrganisationTag>
public typealias PersonID = Identifier<PersonTag>
public typealias EnrolmentID = Identifier<EnrolmentTag>
public typealias TokenID = Identifier<TokenTag>

/// Fast UUID text conversions for hot paths (responses, row decoding).
public enum UUIDText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower case.
    public static func lowercase(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var index = 0
                for (position, byte) in bytes.enumerated() {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        out[index] = 0x2D
                        index += 1
                    }
                    out[index] = hex[Int(byte >> 4)]
                    out[index + 1] = hex[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }

    /// Parses the 36-character form in either case; `nil` for anything else.
    /// No allocation: the hex digits accumulate into two 64-bit halves.
    public static func parse(_ text: Substring) -> UUID? {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var position = 0
        var digits = 0
        for character in text.utf8 {
            defer { position += 1 }
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard character == 0x2D else { return nil }
                continue
            }
            guard position < 36, let value = nibble(character) else { return nil }
            if digits < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
            digits += 1
        }
        guard position == 36, digits == 32 else { return nil }
        let h = high.bigEndian
        let l = low.bigEndian
        return withUnsafeBytes(of: (h, l)) { raw in
            UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                        raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
        }
    }

    /// Parses a whole string.
    public static func parse(_ text: String) -> UUID? {
        parse(text[...])
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case 0x30...0x39: character - 0x30
        case 0x61...0x66: character - 0x61 + 10
        case 0x41...0x46: character - 0x41 + 10
        default: nil
        }
    }
}
