internal import Hummingbird
internal import Domain
internal import Store
internal import PQ

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
            let body = try await services.read(context) { connection, caller -> MeBody in
                let people = try PeopleRepository.people(in: caller.organisationID, on: connection)
                guard let me = people.first(where: { $0.id == caller.personID }) else {
                    throw Problem.unauthenticated("The token's owner no longer exists.")
                }
                return MeBody(id: me.id.description, name: me.name, email: me.email,
                              organisationId: caller.organisationID.description, roles: me.roles.map(\.rawValue))
            }
            return try JSONResponse.make(body)
        }
        table.add(group, prefix: prefix, .delete, "me/token", operationID: "revokeCurrentToken") { _, context in
            let secret = String(context.bearer ?? "")
            _ = try await services.write(context) { connection, caller, requestID in
                let actor = Actor(personID: caller.personID, role: caller.roles.min()?.rawValue ?? "person", requestID: requestID)
                return try Tokens.revoke(secret: secret, caller: caller, actor: actor, on: connection)
            }
            return Response(status: .noContent)
        }
    }
}
