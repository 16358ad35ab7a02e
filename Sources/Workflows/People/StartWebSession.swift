internal import Foundation
internal import Domain
internal import Store

/// A session token for a browser, issued to the caller their credential (a
/// Quorum token, or an identity provider's verified email) names, and audited
/// like any token. The cookie carries it; signing out revokes it.
public struct StartWebSession: TransactionalUseCase {
    /// How long a session lasts without signing in again, in seconds.
    public var lifetime: Double

    public init(lifetime: Double) {
        self.lifetime = lifetime
    }

    public func run(in context: UseCaseContext) throws -> String {
        let role = context.caller.roles.min()?.rawValue ?? "person"
        return try Tokens.issue(for: context.caller.personID, organisation: context.organisation, label: "web session",
                                validFor: lifetime, actor: context.actor(named: role), on: context.connection).secret
    }
}
