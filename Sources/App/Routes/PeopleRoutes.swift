internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// The organisation's directory, for coordinators choosing assessors and managers.
struct PeopleRoutes {
    let services: QuorumServices

    struct PersonBody: Encodable, Sendable {
        var id: String
        var name: String
        var email: String
        var roles: [String]
    }

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "people", operationID: "listPeople") { _, context in
            let people = try await services.run(ListPeople(), context)
            return try JSONResponse.make(["items": people.map {
                PersonBody(id: $0.id.description, name: $0.name, email: $0.email, roles: $0.roles.map(\.rawValue))
            }])
        }
    }
}
