public import Domain
public import PQ
public import Foundation
internal import Crypto

/// Bearer tokens: a random secret shown once; only its SHA-256 is stored, so
/// a copy of the database does not yield working credentials.
public enum Tokens {
    /// The prefix makes a leaked token easy to recognise (and to scan for).
    public static let prefix = "qrm_"

    /// A new random secret: the prefix and 32 random bytes, base64url.
    public static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// Whether `text` has a token's shape; anything else is refused before the database is asked.
    public static func isWellFormed(_ text: Substring) -> Bool {
        text.hasPrefix(prefix) && text.utf8.count == prefix.utf8.count + 43
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F
            }
    }

    /// The stored digest of a secret.
    public static func digest(_ secret: some StringProtocol) -> PQBytes {
        PQBytes(Array(SHA256.hash(data: Data(secret.utf8))))
    }

    /// Stores a new token for `person` and returns its id and secret.
    public static func issue(
        for person: PersonID, organisation: OrganisationID, label: String, validFor: TimeInterval,
        now: Date = Date(), actor: Actor, on connection: PQConnection
    ) throws -> (id: TokenID, secret: String) {
        let id = TokenID.random()
        let secret = generateSecret()
        try Tenancy.enter(organisation, on: connection)
        try connection.query("""
            INSERT INTO api_tokens (id, organisation_id, person_id, token_hash, label, created_at, expires_at)
            VALUES (\(id), \(organisation), \(person), \(digest(secret)), \(label), \(now), \(now.addingTimeInterval(validFor)))
            """)
        try AuditLog.append(AuditEntry(
            organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .token,
            entityID: id.uuid, action: "token.issued", changes: [FieldChange(field: "personId", before: nil, after: person.description)],
            requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return (id, secret)
    }

    /// The caller a secret belongs to, if it is known, unrevoked and unexpired.
    public static func caller(forSecret secret: some StringProtocol, on connection: PQConnection) throws -> Caller? {
        try caller(from: connection.query(callerQuery(forSecret: secret)))
    }

    /// The lookup as a statement, so it can share a round trip with a handler's read (pipelining).
    public static func callerQuery(forSecret secret: some StringProtocol) -> PQQuery {
        // Also enters the caller's organisation for the rest of the transaction (row-level security).
        "SELECT person_id, organisation_id, roles FROM quorum_authenticate(\(digest(secret)))"
    }

    /// The lookup for a person the employer's identity provider vouched for
    /// (a verified OIDC token's email); it also enters their organisation.
    public static func callerQuery(forEmail email: String) -> PQQuery {
        "SELECT person_id, organisation_id, roles FROM quorum_authenticate_email(\(email))"
    }

    /// The lookup for a person a verified identity token names: by the
    /// issuer's subject once bound, else by email (binding them), only in the
    /// organisations the issuer signs into; it also enters their organisation.
    public static func callerQuery(issuer: String, subject: String?, email: String, organisations: [OrganisationID]) -> PQQuery {
        "SELECT person_id, organisation_id, roles FROM quorum_authenticate_identity(\(issuer), \(subject), \(email), \(organisations))"
    }

    /// Decodes ``callerQuery(forSecret:)``'s result.
    public static func caller(from rows: PQResult) throws -> Caller? {
        guard let row = rows.first else { return nil }
        let roles: [String] = try row.decode(at: 2)
        return Caller(
            personID: try row.decode(at: 0), organisationID: try row.decode(at: 1),
            roles: Set(try Role.decode(roles)))
    }

    /// Revokes the token with this secret (signing out); returns whether one was live.
    public static func revoke(secret: some StringProtocol, caller: Caller, actor: Actor, on connection: PQConnection) throws -> Bool {
        let rows = try connection.query("""
            UPDATE api_tokens SET revoked_at = now()
             WHERE token_hash = \(digest(secret)) AND person_id = \(caller.personID) AND revoked_at IS NULL
            RETURNING id
            """)
        guard let row = rows.first else { return false }
        let id: TokenID = try row.decode(at: 0)
        try AuditLog.append(AuditEntry(
            organisationID: caller.organisationID, actorID: actor.personID, actorRole: actor.role, entityType: .token,
            entityID: id.uuid, action: "token.revoked", requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        return true
    }

    /// Revokes every live token of a person (CLI, when someone leaves); returns how many.
    public static func revokeAll(of person: PersonID, organisation: OrganisationID, actor: Actor, on connection: PQConnection) throws -> Int {
        let rows = try connection.query("""
            UPDATE api_tokens SET revoked_at = now()
             WHERE person_id = \(person) AND revoked_at IS NULL
            RETURNING id
            """)
        for row in rows {
            let id: TokenID = try row.decode(at: 0)
            try AuditLog.append(AuditEntry(
                organisationID: organisation, actorID: actor.personID, actorRole: actor.role, entityType: .token,
                entityID: id.uuid, action: "token.revoked", requestID: actor.requestID, clientRequestID: actor.clientRequestID), on: connection)
        }
        return rows.count
    }
}
