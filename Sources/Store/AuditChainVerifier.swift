public import Domain
public import PQ
internal import Foundation

/// Walks every organisation's audit chain and names the first broken link.
///
/// An event is intact when its stored hash equals the digest of its content
/// and the previous event's hash, its `seq` follows the previous one, and the
/// organisation's recorded head matches the last event — so an altered,
/// deleted (even the last) or reordered event is found.
public enum AuditChainVerifier {
    /// What is wrong with one organisation's chain.
    public struct Break: Sendable, Hashable, CustomStringConvertible {
        public var organisationID: OrganisationID
        /// The sequence number where the chain first fails.
        public var seq: Int
        public var problem: String

        public var description: String {
            "organisation \(organisationID): event \(seq): \(problem)"
        }
    }

    /// The outcome of a walk.
    public struct Report: Sendable, Hashable {
        public var organisations: Int
        public var events: Int
        public var breaks: [Break]
        public var isIntact: Bool { breaks.isEmpty }
    }

    /// Verifies every chain, or one organisation's (read-only).
    public static func verify(organisation only: OrganisationID? = nil, on connection: PQConnection) throws -> Report {
        let heads = try connection.query("SELECT organisation_id, seq, hash FROM audit_chain_heads WHERE \(only) IS NULL OR organisation_id = \(only)")
        var headByOrganisation: [OrganisationID: (seq: Int, hash: PQBytes)] = [:]
        for row in heads {
            headByOrganisation[try row.decode(at: 0)] = (try row.decode(at: 1), try row.decode(at: 2))
        }
        let rows = try connection.query("""
            SELECT e.organisation_id, e.seq, e.prev_hash, e.hash, audit_event_digest(e)
              FROM audit_events e
             WHERE \(only) IS NULL OR e.organisation_id = \(only)
             ORDER BY e.organisation_id, e.seq, e.id
            """)
        var breaks: [Break] = []
        var broken: Set<OrganisationID> = []
        var current: OrganisationID?
        var expectedSeq = 1
        var previousHash: PQBytes?
        var organisations = 0

        func closeChain() {
            guard let organisation = current, !broken.contains(organisation) else { return }
            let head = headByOrganisation.removeValue(forKey: organisation)
            if head?.seq != expectedSeq - 1 || head?.hash != previousHash {
                breaks.append(Break(
                    organisationID: organisation, seq: expectedSeq,
                    problem: "the chain ends at event \(expectedSeq - 1) but its head records event \(head?.seq ?? 0): events are missing from the end"))
            }
        }

        for row in rows {
            let organisation: OrganisationID = try row.decode(at: 0)
            if organisation != current {
                closeChain()
                current = organisation
                organisations += 1
                expectedSeq = 1
                previousHash = nil
            }
            if broken.contains(organisation) { continue }
            let seq: Int = try row.decode(at: 1)
            let prev: PQBytes? = try row.decode(at: 2)
            let hash: PQBytes = try row.decode(at: 3)
            let digest: PQBytes = try row.decode(at: 4)
            var problem: String?
            if seq != expectedSeq {
                problem = seq > expectedSeq ? "events \(expectedSeq)–\(seq - 1) are missing" : "sequence out of order"
            } else if prev != previousHash {
                problem = "does not link to the previous event (deleted, inserted or reordered)"
            } else if digest != hash {
                problem = "content does not match its hash (altered)"
            }
            if let problem {
                breaks.append(Break(organisationID: organisation, seq: expectedSeq, problem: problem))
                broken.insert(organisation)
                continue
            }
            expectedSeq += 1
            previousHash = hash
        }
        closeChain()
        for (organisation, head) in headByOrganisation where !broken.contains(organisation) {
            breaks.append(Break(organisationID: organisation, seq: 1,
                                problem: "its head records event \(head.seq) but no events remain"))
        }
        let events = rows.count
        return Report(organisations: organisations, events: events, breaks: breaks)
    }
}
