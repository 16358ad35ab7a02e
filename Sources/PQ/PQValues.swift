/// A `jsonb` value as its JSON text. The wrapper does not parse JSON: the layer
/// that knows the shape decodes it, so no work is done for columns nobody reads.
public struct PQJSON: Sendable, Hashable {
    /// The JSON document as text.
    public var text: String

    /// Wraps JSON text; the server validates it when the statement runs.
    public init(text: String) {
        self.text = text
    }
}

/// A `bytea` value. A distinct type rather than `[UInt8]` so that a byte array
/// is never mistaken for an array of small integers.
public struct PQBytes: Sendable, Hashable {
    /// The raw bytes.
    public var bytes: [UInt8]

    /// Wraps raw bytes.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}
