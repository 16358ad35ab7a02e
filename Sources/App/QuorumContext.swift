public import Hummingbird
public import NIOCore
internal import Logging
public import Workflows

/// The per-request context: Hummingbird's core storage plus the request id
/// (for log lines and audit events) and the credential, which is resolved to
/// a caller only when a use case runs, on the connection that does the work.
public struct QuorumContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer, for throttling failed sign-ins per source.
    public let remoteAddress: SocketAddress?
    /// Joins log lines and audit events of one request: always the server's own.
    public var requestID: String = ""
    /// The `X-Request-Id` the client sent, if short and plain: logged and
    /// audited beside the server's id, never in its place.
    public var clientRequestID: String?
    /// The bearer secret, shape-checked but not yet resolved to a caller.
    public var bearer: Substring?
    /// For an OIDC bearer JWT that verified: the email it names, resolved to a caller like a secret.
    public var identity: VerifiedIdentity?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// JSON bodies are small; anything larger is refused with 413 before it is parsed.
    public var maxUploadSize: Int { 256 * 1024 }

    /// The request as use cases and the audit trail know it.
    var requestIdentity: RequestIdentity { RequestIdentity(server: requestID, client: clientRequestID) }

    /// What the request presents to say who it acts for.
    func credential() throws -> Credential {
        if let identity { return .identity(identity) }
        guard let bearer else { throw Problem.unauthenticated("Sign in first.") }
        return .token(String(bearer))
    }
}
