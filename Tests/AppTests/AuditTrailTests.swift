@testable import App
import Domain
import Foundation
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

    /// A hundred random tamperings of a hundred-event chain — a field altered,
    /// an event deleted, two events swapped — each detected.
    @Test func hundredTamperings_allDetected() async throws {
        let services = try await TestEnvironment.services()
        let org = try await TestOrganisation.make(services: services)
        try await services.pool.transaction { connection in
            for index in 0..<100 {
                _ = try Tokens.issue(for: org.nqsw.id, organisation: org.id, label: "trial \(index)", validFor: 60, actor: .system, on: connection)
            }
        }
        let admin = try PQConnection.connect(try TestEnvironment.adminURL)
        let count: Int = try admin.query("SELECT count(*)::int8 FROM audit_events WHERE organisation_id = \(org.id)")[0].decode(at: 0)
        #expect(count >= 100)
        #expect(try AuditChainVerifier.verify(organisation: org.id, on: admin).isIntact)
        var generator = SplitMix64(seed: 7)
        var detected = 0
        for trial in 0..<100 {
            let seq = 1 + Int(generator.next() % UInt64(count))
            let other = 1 + (seq + Int(generator.next() % UInt64(count - 1))) % count
            let statements: [String] = switch trial % 3 {
            case 0: ["UPDATE audit_events SET \(["action = action || 'x'", "reason = coalesce(reason, '') || 'x'", "actor_role = 'coordinator'", "occurred_at = occurred_at + interval '1 second'", "changes = '{\"x\": 1}'"][Int(generator.next() % 5)]) WHERE organisation_id = $1 AND seq = \(seq)"]
            case 1: ["DELETE FROM audit_events WHERE organisation_id = $1 AND seq = \(seq)"]
            default: ["UPDATE audit_events SET seq = -1 WHERE organisation_id = $1 AND seq = \(seq)",
                      "UPDATE audit_events SET seq = \(seq) WHERE organisation_id = $1 AND seq = \(other)",
                      "UPDATE audit_events SET seq = \(other) WHERE organisation_id = $1 AND seq = -1"]
            }
            try admin.execute(unsafeSQL: "BEGIN; SET LOCAL session_replication_role = replica")
            for statement in statements { try admin.query(PQQuery(unsafeSQL: statement, binds: [org.id.pqBind])) }
            if !(try AuditChainVerifier.verify(organisation: org.id, on: admin).isIntact) { detected += 1 }
            try admin.execute(unsafeSQL: "ROLLBACK")
        }
        print("FIGURE audit_tamper_detected \(detected) of 100")
        #expect(detected == 100)
    }
}
