public import Domain

/// A person as the directory holds them: enough to show a name beside a record.
public struct Person: Sendable, Hashable, Codable {
    public var id: PersonID
    public var organisationID: OrganisationID
    public var email: String
    public var name: String
    public var roles: [Role]

    public init(id: PersonID, organisationID: OrganisationID, email: String, name: String, roles: [Role]) {
        self.id = id
        self.organisationID = organisationID
        self.email = email
        self.name = name
        self.roles = roles
    }
}
