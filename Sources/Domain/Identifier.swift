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

    /// Lower-case, as PostgreSQL prints UUIDs.
    public var description: String { uuid.uuidString.lowercased() }
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
