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

/// Fast UUID text for hot paths (every response prints several).
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
}

extension Identifier {
    /// A total order on identifiers (by their bytes), to break ties the same
    /// way in every process without formatting them.
    public func precedes(_ other: Self) -> Bool {
        withUnsafeBytes(of: uuid.uuid) { lhs in
            withUnsafeBytes(of: other.uuid.uuid) { rhs in lhs.lexicographicallyPrecedes(rhs) }
        }
    }
}
