public import Domain
public import PQ
internal import Foundation

/// Organisations, people and their roles.
public enum PeopleRepository {
    /// Creates an organisation (CLI and demo data; there is no API for it).
    public static func createOrganisation(
        id: OrganisationID = .random(), name: String, actor: Actor, on connection: PQConnection
    ) throws -> OrganisationID {
        try Tenancy.enter(id, on: connection)
        try connection.query("INSERT INTO organisations (id, name) VALUES (\(id), \(name))")
        try AuditLog.append(AuditEntry(
            organisationID: id, actorID: actor.personID, actorRole: actor.role, entityType: .organisation,
            entityID: id.uuid, action: "organisation.created",
            changes: [FieldChange(field: "name", before: nil, after: name)], requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return id
    }

    /// Adds a person with their roles.
    public static func createPerson(
        id: PersonID = .random(), organisation: OrganisationID, email: String, name: String, roles: [Role],
        actor: Actor, on connection: PQConnection
    ) throws -> Person {
        try Tenancy.enter(organisation, on: connection)
        try connection.query("""
            INSERT INTO people (id, organisation_id, email, name) VALUES (\(id), \(organisation), \(email), \(name))
            """)
        for role in Set(roles).sorted() {
            try connection.query("""
                INSERT INTO role_assignments (person_id, organisation_id, role) VALUES (\(id), \(organisation), \(role))
                """)
        }
        let sortedRoles = Set(roles).sorted()
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .person,
            entityID: id.uuid, action: "person.created",
            changes: [FieldChange(field: "roles", before: nil, after: sortedRoles.map(\.rawValue).joined(separator: ","))],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return Person(id: id, organisationID: organisation, email: email, name: name, roles: sortedRoles)
    }

    /// The person with this email, in any organisation (token issue, OIDC mapping).
    /// Finds a person by email across organisations and enters their
    /// organisation for the rest of the transaction (call it inside one).
    public static func person(email: String, on connection: PQConnection) throws -> Person? {
        guard let row = try connection.query("SELECT person_id FROM quorum_authenticate_email(\(email))").first else { return nil }
        let id: PersonID = try row.decode(at: 0)
        return try people(connection.query("""
            SELECT p.id, p.organisation_id, p.email, p.name,
                   ARRAY(SELECT r.role FROM role_assignments r WHERE r.person_id = p.id ORDER BY r.role)
              FROM people p WHERE p.id = \(id)
            """)).first
    }

    /// One person of the organisation, if they are in it.
    public static func find(_ id: PersonID, in organisation: OrganisationID, on connection: PQConnection) throws -> Person? {
        try people(connection.query("""
            SELECT p.id, p.organisation_id, p.email, p.name,
                   ARRAY(SELECT r.role FROM role_assignments r WHERE r.person_id = p.id ORDER BY r.role)
              FROM people p WHERE p.id = \(id) AND p.organisation_id = \(organisation)
            """)).first
    }

    /// Everyone in an organisation, by name.
    public static func people(in organisation: OrganisationID, on connection: PQConnection) throws -> [Person] {
        try people(connection.query("""
            SELECT p.id, p.organisation_id, p.email, p.name,
                   ARRAY(SELECT r.role FROM role_assignments r WHERE r.person_id = p.id ORDER BY r.role)
              FROM people p WHERE p.organisation_id = \(organisation) ORDER BY p.name, p.id
            """))
    }

    /// The roles of each named person who belongs to `organisation`; people
    /// elsewhere are absent, exactly as if they did not exist.
    public static func roles(of people: [PersonID], in organisation: OrganisationID, on connection: PQConnection) throws -> [PersonID: Set<Role>] {
        let rows = try connection.query("""
            SELECT p.id, ARRAY(SELECT r.role FROM role_assignments r WHERE r.person_id = p.id)
              FROM people p WHERE p.organisation_id = \(organisation) AND p.id = ANY(\(people))
            """)
        var result: [PersonID: Set<Role>] = [:]
        for row in rows {
            let roles: [String] = try row.decode(at: 1)
            result[try row.decode(at: 0)] = Set(try Role.decode(roles))
        }
        return result
    }

    private static func people(_ rows: PQResult) throws -> [Person] {
        try rows.map { row in
            let roles: [String] = try row.decode(at: 4)
            return Person(
                id: try row.decode(at: 0), organisationID: try row.decode(at: 1), email: try row.decode(at: 2),
                name: try row.decode(at: 3), roles: try Role.decode(roles))
        }
    }
}
