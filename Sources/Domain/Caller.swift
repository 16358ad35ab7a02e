/// The person a request acts for, resolved from their credential.
///
/// Every rule about who may see or change what starts from a caller; there is
/// no anonymous access to any record.
public struct Caller: Sendable, Hashable {
    /// Who.
    public var personID: PersonID
    /// Their employer: they never see another organisation's records.
    public var organisationID: OrganisationID
    /// Everything they may act as.
    public var roles: Set<Role>

    public init(personID: PersonID, organisationID: OrganisationID, roles: Set<Role>) {
        self.personID = personID
        self.organisationID = organisationID
        self.roles = roles
    }

    /// Whether the caller holds `role`.
    public func holds(_ role: Role) -> Bool {
        roles.contains(role)
    }

    /// The role an audit event names: the most specific one relevant to `record`.
    public func actingRole(preferring preferred: [Role]) -> Role? {
        preferred.first(where: holds)
    }
}
