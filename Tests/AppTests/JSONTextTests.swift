@testable import App
import Domain
import Foundation
import PQ
import Store
import Testing
import Workflows

/// The hand-written JSON writer produces exactly what JSONEncoder would.
@Suite struct JSONTextTests {
    func viaEncoder(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder.quorum.encode(value), as: UTF8.self)
    }

    func viaText(_ value: some JSONTextWritable) -> String {
        var json = JSONText()
        value.write(to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Awkward names, fractions and instants come out identical.
    @Test(arguments: [
        ("Zoë \"Zed\" O'Neil \\ tab\there\nline", 0.6, 1_774_747_800.123_456),
        ("", 1, 0), ("\u{1}control", 0.125, -1.5), ("emoji 🧑🏽‍⚕️ name/slash", 0.8, 4_102_444_800.999),
    ])
    func enrolmentBody_matchesJSONEncoder(name: String, fte: Double, instant: Double) throws {
        let enrolment = Enrolment(
            id: .random(), organisationID: .random(), nqswID: .random(), setting: .adults,
            startDate: CalendarDay(year: 2026, month: 2, day: 28)!, fte: ContractedTime(fraction: fte)!,
            assessorID: .random(), lineManagerID: .random(), version: 7)
        let record = EnrolmentRecord(
            enrolment: enrolment, nqswName: name, assessorName: "A", lineManagerName: name,
            createdAt: Date(timeIntervalSince1970: instant), updatedAt: Date(timeIntervalSince1970: instant + 1))
        let body = EnrolmentBody(record)
        #expect(viaText(body) == (try viaEncoder(body)))
        let page = EnrolmentPage(items: [body, body], limit: 10, offset: 0)
        #expect(viaText(page) == (try viaEncoder(page)))
    }

    /// Instants print as UTC with milliseconds, truncated, before and after 1970.
    @Test func instants_formatAsISO8601() {
        #expect(ISO8601.format(Date(timeIntervalSince1970: 1_774_747_800.123_456)) == "2026-03-29T01:30:00.123Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
    }

    /// Identifiers print lower-case; PostgreSQL's UUID text parses back without Foundation.
    @Test func uuidText_roundTrips() {
        for _ in 0..<1000 {
            let uuid = UUID()
            let text = UUIDText.lowercase(uuid)
            #expect(text == uuid.uuidString.lowercased())
            #expect(Array(text.utf8).withUnsafeBufferPointer { PQUUID.parse($0) } == uuid)
            #expect(Array(uuid.uuidString.utf8).withUnsafeBufferPointer { PQUUID.parse($0) } == uuid)
        }
        for bad in ["", "not-a-uuid", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
                    "123e4567e89b12d3a456426614174000", "g23e4567-e89b-12d3-a456-426614174000"] {
            #expect(Array(bad.utf8).withUnsafeBufferPointer { PQUUID.parse($0) } == nil, "\(bad)")
        }
    }
}
