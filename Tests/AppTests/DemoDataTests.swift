import App
import Domain
import Foundation
import PQ
import Store
import Testing
import Workflows

/// The demo employer is complete, loads twice without duplicating, and its trail verifies.
@Suite(.serialized) struct DemoDataTests {
    @Test func demoData_loadsOnceWithPortfoliosAndIntactAudit() async throws {
        let services = try await TestEnvironment.services()
        let today = TestEnvironment.today
        let first = try await services.pool.transaction { try DemoData.load(today: today, on: $0) }
        let second = try await services.pool.transaction { try DemoData.load(today: today, on: $0) }
        #expect(first.count == 23)
        #expect(second.count == 23)
        #expect(Set(first.map(\.token)).isDisjoint(with: second.map(\.token)), "tokens are issued afresh each run")
        let (enrolments, items, gap) = try await services.pool.inOrganisation(DemoData.organisationID) { connection in
            (try connection.query("SELECT count(*)::int8 FROM enrolments WHERE organisation_id = \(DemoData.organisationID)")[0].decode(Int.self, at: 0),
             try connection.query("SELECT count(*)::int8 FROM evidence_items WHERE organisation_id = \(DemoData.organisationID)")[0].decode(Int.self, at: 0),
             try connection.query("""
                SELECT count(*)::int8 FROM evidence_mappings m JOIN evidence_items i ON i.id = m.evidence_id
                  JOIN enrolments e ON e.id = i.enrolment_id JOIN people p ON p.id = e.nqsw_id
                 WHERE p.email = 'nqsw6@northshire.example' AND m.code = 'KSS-AD-5'
                """)[0].decode(Int.self, at: 0))
        }
        #expect(enrolments == 12)
        #expect(items > 100)
        #expect(gap == 0, "one NQSW's year leaves a KSS statement unevidenced")
        let (scheduled, outcomes, relisted, disputes) = try await services.pool.inOrganisation(DemoData.organisationID) { connection in
            (try connection.query("SELECT count(*)::int8 FROM panels WHERE organisation_id = \(DemoData.organisationID) AND state = 'scheduled'")[0].decode(Int.self, at: 0),
             try connection.query("""
                SELECT string_agg(d.outcome, ',' ORDER BY d.outcome) FROM panel_decisions d JOIN decision_signatures s ON s.decision_id = d.id
                 WHERE d.organisation_id = \(DemoData.organisationID)
                """)[0].decode(String.self, at: 0),
             try connection.query("""
                SELECT count(*)::int8 FROM panel_cases c JOIN panels p ON p.id = c.panel_id
                 WHERE c.organisation_id = \(DemoData.organisationID) AND c.state = 'listed' AND p.state = 'scheduled' AND c.case_deadline IS NOT NULL
                """)[0].decode(Int.self, at: 0),
             try connection.query("SELECT count(*)::int8 FROM moderation_disputes WHERE organisation_id = \(DemoData.organisationID) AND state = 'open'")[0].decode(Int.self, at: 0))
        }
        #expect(scheduled == 3)
        #expect(outcomes == "DEFER,FAIL,PASS", "a past panel with decisions")
        #expect(relisted == 1, "the deferred case is re-listed at the panel sitting today")
        #expect(disputes == 1, "a sample with a dispute")
        let admin = try PQConnection.connect(try TestEnvironment.adminURL)
        let report = try AuditChainVerifier.verify(on: admin)
        #expect(report.breaks.filter { $0.organisationID == DemoData.organisationID }.isEmpty)
    }
}
