internal import Domain
internal import Store

/// Revokes the token the caller presented (signing out of the API or a web
/// session), so a copy of it is worthless. Answers whether one was live.
public struct SignOut: TransactionalUseCase {
    /// The secret presented: a Quorum token or a web session's token.
    public var secret: String

    public init(secret: String) {
        self.secret = secret
    }

    public func run(in context: UseCaseContext) throws -> Bool {
        let role = context.caller.roles.min()?.rawValue ?? "person"
        return try Tokens.revoke(secret: secret, caller: context.caller, actor: context.actor(named: role), on: context.connection)
    }
}
