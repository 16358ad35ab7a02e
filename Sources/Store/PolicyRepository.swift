public import Domain
public import PQ
internal import Foundation

/// Each organisation's sufficiency policy; the shipped default until one is set.
public enum PolicyRepository {
    /// The latest version, or the default (version 0 = never changed).
    public static func current(for organisation: OrganisationID, on connection: PQConnection) throws -> SufficiencyPolicy {
        guard let row = try connection.query("""
            SELECT version, policy FROM sufficiency_policies WHERE organisation_id = \(organisation) ORDER BY version DESC LIMIT 1
            """).first
        else {
            var policy = SufficiencyPolicy.standard
            policy.version = 0
            return policy
        }
        var policy = try JSONDecoder().decode(SufficiencyPolicy.self, from: Data(try row.decode(PQJSON.self, at: 1).text.utf8))
        policy.version = try row.decode(at: 0)
        return policy
    }
}
