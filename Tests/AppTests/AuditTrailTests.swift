@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Store
import Testing
import Workflows

/// The audit trail is append-only for the server and tamper-evident for everyone.
@Suite(.serialized) struct AuditTrailTests {
    /// The server's role can neither update nor delete audit events.
    @Test func appRole_cannotRewriteAudit() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        for statement in ["UPDATE audit_events SET action = 'x' WHERE organisation_id = $1", "DELETE FROM audit_events WHERE organisation_id = $1"] {
            await #expect {
                try await services.pool.inOrganisation(org.id) { connection in
                    try connection.query(PQQuery(unsafeSQL: statement, binds: [org.id.pqBind]))
                }
            } throws: { ($0 as? PQError)?.sqlState == SQLState.insufficientPrivilege }
        }
    }

    /// The server serves only as the application role: the owner (migrations) and
    /// a superuser are refused at start, and the application role cannot write people or roles.
    @Test func servingRole_isTheApplicationRoleOnly() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        #expect(try SystemRepository.servingRoleProblems(on: PQConnection.connect(try TestEnvironment.appURL)).isEmpty)
        #expect(try SystemRepository.servingRoleProblems(on: PQConnection.connect(try TestEnvironment.ownerURL)).contains { $0.contains("BYPASSRLS") })
        #expect(try SystemRepository.servingRoleProblems(on: PQConnection.connect(try TestEnvironment.adminURL)).contains { $0.contains("superuser") })
        for statement in ["UPDATE people SET name = 'x' WHERE organisation_id = $1", "DELETE FROM role_assignments WHERE organisation_id = $1",
                          "UPDATE api_tokens SET expires_at = expires_at + interval '1 year' WHERE organisation_id = $1"] {
            await #expect {
                try await services.pool.inOrganisation(org.id) { connection in try connection.query(PQQuery(unsafeSQL: statement, binds: [org.id.pqBind])) }
            } throws: { ($0 as? PQError)?.sqlState == SQLState.insufficientPrivilege }
        }
    }

    /// Even the schema owner is stopped by the trigger.
    @Test func owner_isStoppedByTrigger() async throws {
        try await TestEnvironment.ensureMigrated()
        let connection = try PQConnection.connect(try TestEnvironment.ownerURL)
        #expect { try connection.execute(unsafeSQL: "UPDATE audit_events SET action = 'x'") } throws: {
            ($0 as? PQError)?.sqlState == SQLState.insufficientPrivilege
        }
        #expect { try connection.execute(unsafeSQL: "TRUNCATE audit_events CASCADE") } throws: { $0 is PQError }
    }

    /// Altering, deleting or reordering any event — as a superuser who bypasses the trigger — is detected.
    @Test func tampering_isDetected() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let admin = try PQConnection.connect(try TestEnvironment.adminURL)
        #expect(try AuditChainVerifier.verify(on: admin).breaks.filter { $0.organisationID == org.id }.isEmpty)
        let count: Int = try admin.query("SELECT count(*)::int8 FROM audit_events WHERE organisation_id = \(org.id)")[0].decode(at: 0)
        #expect(count >= 8)
        let tampers: [[String]] = [
            ["UPDATE audit_events SET reason = 'edited' WHERE organisation_id = $1 AND seq = 3"],
            ["DELETE FROM audit_events WHERE organisation_id = $1 AND seq = 2"],
            ["DELETE FROM audit_events WHERE organisation_id = $1 AND seq = (SELECT max(seq) FROM audit_events WHERE organisation_id = $1)"],
            ["UPDATE audit_events SET seq = -1 WHERE organisation_id = $1 AND seq = 4",
             "UPDATE audit_events SET seq = 4 WHERE organisation_id = $1 AND seq = 5",
             "UPDATE audit_events SET seq = 5 WHERE organisation_id = $1 AND seq = -1"],
        ]
        for tamper in tampers {
            try admin.execute(unsafeSQL: "BEGIN; SET LOCAL session_replication_role = replica")
            for statement in tamper { try admin.query(PQQuery(unsafeSQL: statement, binds: [org.id.pqBind])) }
            let breaks = try AuditChainVerifier.verify(on: admin).breaks.filter { $0.organisationID == org.id }
            try admin.execute(unsafeSQL: "ROLLBACK")
            #expect(breaks.count == 1, "not detected: \(tamper)")
        }
    }

    /// The key the tests anchor with (the server's comes from QUORUM_AUDIT_KEY_FILE).
    static let key = try! AuditKey(secret: Array("a test key that is at least thirty-two bytes".utf8))

    /// Re-hashes `organisation`'s chain from event `seq` on and moves its head: what an
    /// owner who rewrote event `seq` does to make the keyless chain whole again.
    static func rehash(_ organisation: OrganisationID, from seq: Int) -> String {
        """
        DO $$
        DECLARE r audit_events; previous bytea;
        BEGIN
            SELECT hash INTO previous FROM audit_events WHERE organisation_id = '\(organisation)' AND seq = \(seq) - 1;
            FOR r IN SELECT * FROM audit_events WHERE organisation_id = '\(organisation)' AND seq >= \(seq) ORDER BY seq LOOP
                r.prev_hash := previous;
                r.hash := audit_event_digest(r);
                UPDATE audit_events SET prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
                previous := r.hash;
            END LOOP;
            UPDATE audit_chain_heads SET hash = previous WHERE organisation_id = '\(organisation)';
        END $$
        """
    }

    /// A hundred random tamperings of a hundred-event chain — a field altered,
    /// an event deleted, two events swapped as a superuser, and twenty as the
    /// schema owner who disables the trigger, rewrites an event and re-hashes
    /// the chain — each detected (the last through the anchors and the key).
    @Test func hundredTamperings_allDetected() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await services.pool.transaction { connection in
            for index in 0..<100 {
                _ = try Tokens.issue(for: org.nqsw.id, organisation: org.id, label: "trial \(index)", validFor: 60, actor: .system, on: connection)
            }
            _ = try AuditAnchors.anchorHeads(with: Self.key, on: connection)
        }
        let admin = try PQConnection.connect(try TestEnvironment.adminURL)
        let owner = try PQConnection.connect(try TestEnvironment.ownerURL)
        let count: Int = try admin.query("SELECT count(*)::int8 FROM audit_events WHERE organisation_id = \(org.id)")[0].decode(at: 0)
        #expect(count >= 100)
        #expect(try AuditChainVerifier.verify(organisation: org.id, key: Self.key, on: admin).isIntact)
        var generator = SplitMix64(seed: 7)
        var detected = 0, rehashed = 0
        for trial in 0..<100 {
            let seq = 1 + Int(generator.next() % UInt64(count))
            let other = 1 + (seq + Int(generator.next() % UInt64(count - 1))) % count
            if trial % 5 == 4 {
                // The schema owner: no superuser, but owns the table and its triggers.
                try owner.execute(unsafeSQL: "BEGIN; ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
                try owner.query(PQQuery(unsafeSQL: "UPDATE audit_events SET reason = 'rewritten' WHERE organisation_id = $1 AND seq = \(seq)", binds: [org.id.pqBind]))
                try owner.execute(unsafeSQL: Self.rehash(org.id, from: seq))
                let keyless = try AuditChainVerifier.verify(organisation: org.id, on: owner)
                #expect(keyless.breaks.allSatisfy { $0.problem.contains("anchored") || $0.problem.contains("rewritten") },
                        "a re-hashed chain passes the hash checks; only the anchors can tell")
                if !(try AuditChainVerifier.verify(organisation: org.id, key: Self.key, on: owner).isIntact) { detected += 1 }
                rehashed += 1
                try owner.execute(unsafeSQL: "ROLLBACK")
                continue
            }
            let statements: [String] = switch trial % 3 {
            case 0: ["UPDATE audit_events SET \(["action = action || 'x'", "reason = coalesce(reason, '') || 'x'", "actor_role = 'coordinator'", "occurred_at = occurred_at + interval '1 second'", "changes = '{\"x\": 1}'"][Int(generator.next() % 5)]) WHERE organisation_id = $1 AND seq = \(seq)"]
            case 1: ["DELETE FROM audit_events WHERE organisation_id = $1 AND seq = \(seq)"]
            default: ["UPDATE audit_events SET seq = -1 WHERE organisation_id = $1 AND seq = \(seq)",
                      "UPDATE audit_events SET seq = \(seq) WHERE organisation_id = $1 AND seq = \(other)",
                      "UPDATE audit_events SET seq = \(other) WHERE organisation_id = $1 AND seq = -1"]
            }
            try admin.execute(unsafeSQL: "BEGIN; SET LOCAL session_replication_role = replica")
            for statement in statements { try admin.query(PQQuery(unsafeSQL: statement, binds: [org.id.pqBind])) }
            if !(try AuditChainVerifier.verify(organisation: org.id, key: Self.key, on: admin).isIntact) { detected += 1 }
            try admin.execute(unsafeSQL: "ROLLBACK")
        }
        print("FIGURE audit_tamper_detected \(detected) of 100 (\(rehashed) re-hashed as the schema owner)")
        #expect(detected == 100 && rehashed == 20)
    }

    /// An event dated earlier than the one before it: the application role's
    /// date is ignored (the database sets the time under the chain's lock), and
    /// an owner who bypasses the trigger and links a back-dated event into the
    /// chain is found by verify, which checks that times never go backwards.
    @Test func backdatedEvents_areRefusedOrDetected() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let owner = try PQConnection.connect(try TestEnvironment.ownerURL)
        var detected = 0
        for trial in 0..<20 {
            if trial % 2 == 0 {
                let stored: Date = try await services.pool.inOrganisation(org.id) { connection in
                    try connection.query("""
                        INSERT INTO audit_events (organisation_id, actor_role, entity_type, entity_id, action, occurred_at)
                        VALUES (\(org.id), 'system', 'organisation', \(org.id.uuid), 'organisation.backdated', now() - interval '1 year')
                        RETURNING occurred_at
                        """)[0].decode(at: 0)
                }
                let intact = try AuditChainVerifier.verify(organisation: org.id, on: owner).isIntact
                if stored > Date().addingTimeInterval(-3600) && intact { detected += 1 }
            } else {
                try owner.execute(unsafeSQL: "BEGIN; ALTER TABLE audit_events DISABLE TRIGGER audit_events_link, DISABLE TRIGGER audit_events_append_only")
                try owner.execute(unsafeSQL: """
                    WITH head AS (SELECT seq, hash FROM audit_chain_heads WHERE organisation_id = '\(org.id)'),
                         made AS (
                             SELECT (SELECT max(id) + 1000 FROM audit_events) AS id, '\(org.id)'::uuid AS organisation_id, head.seq + 1 AS seq,
                                    now() - interval '\(trial) days' - interval '1 year' AS occurred_at, head.hash AS prev_hash FROM head)
                    INSERT INTO audit_events (id, organisation_id, seq, occurred_at, actor_role, entity_type, entity_id, action, prev_hash, hash)
                    SELECT id, organisation_id, seq, date_trunc('microseconds', occurred_at), 'system', 'organisation', organisation_id, 'organisation.backdated',
                           prev_hash, decode(repeat('00', 32), 'hex') FROM made;
                    UPDATE audit_events e SET hash = audit_event_digest(e)
                     WHERE organisation_id = '\(org.id)' AND seq = (SELECT seq + 1 FROM audit_chain_heads WHERE organisation_id = '\(org.id)');
                    UPDATE audit_chain_heads h SET seq = e.seq, hash = e.hash FROM audit_events e
                     WHERE h.organisation_id = '\(org.id)' AND e.organisation_id = h.organisation_id AND e.seq = h.seq + 1;
                    """)
                let report = try AuditChainVerifier.verify(organisation: org.id, on: owner)
                if report.breaks.contains(where: { $0.problem.contains("back-dated") }) { detected += 1 }
                try owner.execute(unsafeSQL: "ROLLBACK")
            }
        }
        print("FIGURE audit_backdated_detected \(detected) of 20")
        #expect(detected == 20)
    }

    /// Anchors made with the key find what the keyless chain cannot: a wrong
    /// key, anchors rewritten, and anchors deleted from the database while the
    /// exported copy keeps them.
    @Test func anchors_needTheKey_andTheExportKeepsThem() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let anchors = try await services.pool.transaction { try AuditAnchors.anchorHeads(with: Self.key, on: $0) }
        #expect(anchors.contains { $0.organisationID == org.id })
        let exported = anchors.compactMap { AuditAnchor(line: Substring($0.line)) }
        #expect(exported == anchors, "an exported line reads back as the anchor")
        let again = try await services.pool.transaction { try AuditAnchors.anchorHeads(with: Self.key, on: $0) }
        #expect(!again.contains { $0.organisationID == org.id }, "an unmoved head is not anchored twice")
        let owner = try PQConnection.connect(try TestEnvironment.ownerURL)
        #expect(try AuditChainVerifier.verify(organisation: org.id, key: Self.key, exported: exported, on: owner).isIntact)
        let otherKey = try AuditKey(secret: Array("another key that is also thirty-two bytes long".utf8))
        #expect(!(try AuditChainVerifier.verify(organisation: org.id, key: otherKey, on: owner).isIntact), "the wrong key is named")
        // The owner rewrites an event, re-hashes, and removes the anchors from the database: the export still finds it.
        try owner.execute(unsafeSQL: """
            BEGIN; ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only; ALTER TABLE audit_anchors DISABLE TRIGGER audit_anchors_append_only;
            DELETE FROM audit_anchors WHERE organisation_id = '\(org.id)';
            UPDATE audit_events SET reason = 'rewritten' WHERE organisation_id = '\(org.id)' AND seq = 1
            """)
        try owner.execute(unsafeSQL: Self.rehash(org.id, from: 1))
        #expect(try AuditChainVerifier.verify(organisation: org.id, key: Self.key, on: owner).isIntact, "without the export, nothing is left to compare")
        let found = try AuditChainVerifier.verify(organisation: org.id, key: Self.key, exported: exported, on: owner)
        #expect(found.breaks.first?.problem.contains("exported anchor") == true)
        try owner.execute(unsafeSQL: "ROLLBACK")
    }

    /// The request id on an event is the server's own; a client's id, even one
    /// another person used, is kept beside it and never joins two people's events.
    @Test func clientRequestIds_neverStandForTheRequest() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await withQuorum(services) { client in
            for token in [org.nqsw.token, org.nqsw.token] {
                let made = try await client.call(.post, "/v1/enrolments/\(org.enrolmentID)/evidence", token: token, headers: [.init("X-Request-Id")!: "shared-request-0001"],
                                                 body: #"{"kind": "direct_observation", "practiceDate": "\#(TestEnvironment.today)", "description": "A visit", "statements": ["KSS-CF-1"]}"#)
                #expect(made.status == 201 && made.headers[.init("X-Request-Id")!] != "shared-request-0001")
            }
        }
        let rows = try await services.pool.inOrganisation(org.id) { connection in
            try connection.query("SELECT request_id, client_request_id FROM audit_events WHERE organisation_id = \(org.id) AND client_request_id IS NOT NULL")
                .map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
        }
        #expect(rows.count >= 2 && rows.allSatisfy { $0.1 == "shared-request-0001" && $0.0 != "shared-request-0001" })
        #expect(Set(rows.map(\.0)).count == rows.count, "each request its own id")
    }
}

/// Reads of sensitive records are recorded once per person and records in a
/// window, in the read log (no chain lock), and sealed into the chain: a read
/// deleted from the log afterwards is found by verify.
@Suite struct ReadLogTests {
    @Test func reads_recordedOnce_sealed_andTamperEvident() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        let before = try await services.pool.inOrganisation(org.id) { connection in
            try connection.query("SELECT count(*)::int8 FROM audit_events WHERE organisation_id = \(org.id)")[0].decode(Int.self, at: 0)
        }
        try await withQuorum(services) { (client) async throws -> Void in
            for _ in 0..<20 {
                #expect(try await client.call(.get, "/v1/enrolments/\(org.enrolmentID)/concerns", token: org.assessor.token).status == 200)
            }
            #expect(try await client.call(.get, "/v1/audit", token: org.coordinator.token).status == 200)
        }
        let (reads, chain) = try await services.pool.inOrganisation(org.id) { connection in
            (try connection.query("SELECT action, person_id FROM record_reads WHERE organisation_id = \(org.id) ORDER BY id")
                .map { (try $0.decode(String.self, at: 0), try $0.decode(PersonID.self, at: 1)) },
             try connection.query("SELECT count(*)::int8 FROM audit_events WHERE organisation_id = \(org.id)")[0].decode(Int.self, at: 0))
        }
        #expect(reads.map(\.0) == ["concern.list_read", "audit.read"], "twenty polls of one list are one read")
        #expect(reads.first?.1 == org.assessor.id && chain == before, "reads never touch the chain until sealed")
        let owner = try PQConnection.connect(try TestEnvironment.ownerURL)
        #expect(try owner.query("SELECT audit_seal_reads(interval '0 seconds', \(org.id))")[0].decode(Int.self, at: 0) >= 1)
        let sealed = try owner.query("SELECT changes->'reads'->>'after' FROM audit_events WHERE organisation_id = \(org.id) AND action = 'reads.sealed'")
        let sealedCount: String? = try sealed.first?.decode(at: 0)
        #expect(sealedCount == "2")
        #expect(try AuditChainVerifier.verify(organisation: org.id, on: owner).isIntact)
        try owner.execute(unsafeSQL: """
            BEGIN; ALTER TABLE record_reads DISABLE TRIGGER record_reads_append_only;
            DELETE FROM record_reads WHERE organisation_id = '\(org.id)' AND action = 'audit.read'
            """)
        let report = try AuditChainVerifier.verify(organisation: org.id, on: owner)
        #expect(report.breaks.first?.problem.contains("read log") == true, "a read removed after sealing is found")
        try owner.execute(unsafeSQL: "ROLLBACK")
    }
}
