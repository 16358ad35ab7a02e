public import Domain
public import PQ
public import Foundation

/// Walks every organisation's audit chain and names the first broken link.
///
/// An event is intact when its stored hash equals the digest of its content
/// and the previous event's hash, its `seq` follows the previous one, its
/// recorded time is not before the previous event's, the organisation's
/// recorded head matches the last event, and every anchor of the chain still
/// names an event with the hash it anchored. With the key, each anchor's MAC
/// is checked too: a database owner can re-hash a chain they rewrote, but not
/// make anchors for it. Anchors exported to a file outside the database are
/// checked the same way, so anchors deleted from the database do not hide a
/// rewrite.
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
        public var anchors: Int
        /// Whether anchors' MACs were checked (a key was given).
        public var keyChecked: Bool
        public var breaks: [Break]
        public var isIntact: Bool { breaks.isEmpty }
    }

    /// Verifies every chain, or one organisation's (read-only), against the
    /// anchors in the database and those `exported`, with `key` if given.
    public static func verify(organisation only: OrganisationID? = nil, key: AuditKey? = nil, exported: [AuditAnchor] = [],
                              on connection: PQConnection) throws -> Report {
        var headByOrganisation: [OrganisationID: (seq: Int, hash: PQBytes, serverTimeFrom: Int)] = [:]
        for row in try connection.query("""
            SELECT organisation_id, seq, hash, server_time_from FROM audit_chain_heads WHERE \(only) IS NULL OR organisation_id = \(only)
            """) {
            headByOrganisation[try row.decode(at: 0)] = (try row.decode(at: 1), try row.decode(at: 2), try row.decode(at: 3))
        }
        var breaks: [Break] = []
        var broken: Set<OrganisationID> = []
        func fail(_ organisation: OrganisationID, _ seq: Int, _ problem: String) {
            guard !broken.contains(organisation) else { return }
            breaks.append(Break(organisationID: organisation, seq: seq, problem: problem))
            broken.insert(organisation)
        }

        // The anchors, by organisation and seq; their MACs first (with the key).
        let stored = try AuditAnchors.all(organisation: only, on: connection)
        var anchored: [OrganisationID: [Int: (hash: [UInt8], source: String)]] = [:]
        for (organisation, anchors) in stored {
            var previous: [UInt8]?
            for anchor in anchors {
                if let key, anchor.keyID != key.id {
                    fail(organisation, anchor.seq, "anchored with key \(anchor.keyID), but verify was given key \(key.id)")
                } else if let key, key.mac(organisation: organisation, seq: anchor.seq, hash: anchor.hash, previous: previous) != anchor.mac {
                    fail(organisation, anchor.seq, "the anchor's MAC does not match: anchors were rewritten or removed before this one")
                }
                previous = anchor.mac
                anchored[organisation, default: [:]][anchor.seq] = (anchor.hash, "anchor")
            }
        }
        for anchor in exported where only == nil || anchor.organisationID == only {
            if let key, anchor.keyID == key.id, anchor.mac.count != 32 {
                fail(anchor.organisationID, anchor.seq, "an exported anchor is malformed")
            }
            if let existing = anchored[anchor.organisationID]?[anchor.seq], existing.hash != anchor.hash {
                fail(anchor.organisationID, anchor.seq, "the database's anchor differs from the exported one: anchors were rewritten")
            }
            anchored[anchor.organisationID, default: [:]][anchor.seq] = (anchor.hash, "exported anchor")
        }

        let rows = try connection.query("""
            SELECT e.organisation_id, e.seq, e.prev_hash, e.hash, audit_event_digest(e), e.occurred_at
              FROM audit_events e
             WHERE \(only) IS NULL OR e.organisation_id = \(only)
             ORDER BY e.organisation_id, e.seq, e.id
            """)
        var current: OrganisationID?
        var expectedSeq = 1
        var previousHash: PQBytes?
        var previousTime: Date?
        var lastGoodAnchor = 0
        var organisations = 0

        func closeChain() {
            guard let organisation = current else { return }
            let head = headByOrganisation.removeValue(forKey: organisation)
            guard !broken.contains(organisation) else { return }
            if head?.seq != expectedSeq - 1 || head?.hash != previousHash {
                fail(organisation, expectedSeq,
                     "the chain ends at event \(expectedSeq - 1) but its head records event \(head?.seq ?? 0): events are missing from the end")
            } else if let beyond = anchored[organisation]?.keys.filter({ $0 >= expectedSeq }).min() {
                fail(organisation, expectedSeq, "the chain ends at event \(expectedSeq - 1) but event \(beyond) was anchored: events after \(expectedSeq - 1) were removed")
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
                previousTime = nil
                lastGoodAnchor = 0
            }
            if broken.contains(organisation) { continue }
            let seq: Int = try row.decode(at: 1)
            let prev: PQBytes? = try row.decode(at: 2)
            let hash: PQBytes = try row.decode(at: 3)
            let digest: PQBytes = try row.decode(at: 4)
            let time: Date = try row.decode(at: 5)
            var problem: String?
            if seq != expectedSeq {
                problem = seq > expectedSeq ? "events \(expectedSeq)–\(seq - 1) are missing" : "sequence out of order"
            } else if prev != previousHash {
                problem = "does not link to the previous event (deleted, inserted or reordered)"
            } else if digest != hash {
                problem = "content does not match its hash (altered)"
            } else if let previousTime, time < previousTime, seq >= (headByOrganisation[organisation]?.serverTimeFrom ?? 1) {
                problem = "recorded at \(time.formatted(.iso8601)), before the event before it (\(previousTime.formatted(.iso8601))): back-dated"
            } else if let anchor = anchored[organisation]?[seq] {
                if anchor.hash != hash.bytes {
                    problem = "the chain was rewritten and re-hashed after it was anchored: its hash differs from the \(anchor.source) of event \(seq); "
                        + "the change lies after event \(lastGoodAnchor)"
                } else {
                    lastGoodAnchor = seq
                }
            }
            if let problem {
                fail(organisation, expectedSeq, problem)
                continue
            }
            expectedSeq += 1
            previousHash = hash
            previousTime = time
        }
        closeChain()
        // The read log: each seal's digest recomputed over the reads it covers.
        for row in try connection.query("""
            SELECT e.organisation_id, e.seq, e.changes->'digest'->>'after',
                   record_reads_digest(e.organisation_id, (e.changes->'after'->>'after')::int8, (e.changes->'upto'->>'after')::int8)
              FROM audit_events e
             WHERE e.action = 'reads.sealed' AND (\(only)::uuid IS NULL OR e.organisation_id = \(only))
             ORDER BY e.organisation_id, e.seq
            """) {
            let organisation: OrganisationID = try row.decode(at: 0)
            if try row.decode(String.self, at: 2) != row.decode(String.self, at: 3) {
                fail(organisation, try row.decode(at: 1), "the read log it seals was altered (reads deleted, changed or inserted)")
            }
        }
        for (organisation, head) in headByOrganisation where !broken.contains(organisation) {
            fail(organisation, 1, "its head records event \(head.seq) but no events remain")
        }
        return Report(organisations: organisations, events: rows.count, anchors: anchored.values.reduce(0) { $0 + $1.count },
                      keyChecked: key != nil, breaks: breaks)
    }
}
