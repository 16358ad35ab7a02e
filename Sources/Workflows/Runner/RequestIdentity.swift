/// The request a use case runs for: the server's own id, unique and what the
/// audit trail and logs join on, and the id the client sent, kept apart (a
/// client may send anyone's id, so it never stands for the request).
public struct RequestIdentity: Sendable, Hashable, ExpressibleByStringLiteral {
    public var server: String
    public var client: String?

    public init(server: String, client: String? = nil) {
        self.server = server
        self.client = client
    }

    public init(stringLiteral value: String) {
        self.init(server: value)
    }
}
