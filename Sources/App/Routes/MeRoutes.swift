internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Who the caller is, and signing out.
struct MeRoutes {
    let services: QuorumServices

    struct MeBody: Encodable, Sendable {
        var id: String
        var name: String
        var email: String
        var organisationId: String
        var roles: [String]
    }

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "me", operationID: "getMe") { _, context in
            let me = try await services.run(GetMe(), context)
            return try JSONResponse.make(MeBody(id: me.id.description, name: me.name, email: me.email,
                                                organisationId: me.organisationID.description, roles: me.roles.map(\.rawValue)))
        }
        table.add(group, prefix: prefix, .delete, "me/token", operationID: "revokeCurrentToken") { _, context in
            // A provider's token is the provider's to end: saying 204 while it keeps working would be a lie.
            if context.identity != nil {
                throw Problem.conflict("This request used your identity provider's token, which Quorum cannot revoke; sign out at the provider, "
                    + "or let the token expire.", kind: "provider-token")
            }
            _ = try await services.run(SignOut(secret: String(context.bearer ?? "")), context)
            return Response(status: .noContent)
        }
    }
}
