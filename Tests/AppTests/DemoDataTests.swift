import App
import Domain
import Foundation
import PQ
import Store
import Testing

/// The demo employer is complete, loads twice without duplicating, and its trail verifies.
@Suite(.serialized) struct DemoDataTests {
    @Test func demoData_loadsOnceWithPortfoliosAndIntactAudit() async throws {
        let services = try await TestEnvironment.services()
        let today = QuorumServices.todayInEngland()
        let first = try await services.pool.transaction { try DemoData.load(today: today, on: $0) }
        let second = try await services.pool.transaction { try DemoData.load(today: today, on: $0) }
        #expect(first.count == 23)
        #expect(second.count == 23)
        #expect(Set(first.map(\.token)).isDisjoint(with: second.map(\.token)), "tokens are issued afresh each run")
        let (enrolments, items, gap) = try await services.pool.withConnection { connection in
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
        let admin = try PQConnection.connect(try TestEnvironment.adminURL)
        let report = try AuditChainVerifier.verify(on: admin)
        #expect(report.breaks.filter { $0.organisationID == DemoData.organisationID }.isEmpty)
    }
}
