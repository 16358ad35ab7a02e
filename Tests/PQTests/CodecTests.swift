import Foundation
import PQ
import Testing

/// Values go through the real server and back unchanged.
@Suite struct CodecTests {
    let connection: PQConnection

    init() throws {
        connection = try TestDatabase.connect()
    }

    func roundTrip<T: PQEncodable & PQDecodable>(_ value: T, as sqlType: String) throws -> T {
        try connection.query(PQQuery(unsafeSQL: "SELECT $1::\(sqlType)", binds: [value.pqBind]))[0].decode(T.self, at: 0)
    }

    /// Unicode, the empty string and NULL stay distinct.
    @Test func text_keepsUnicodeEmptyAndNull() throws {
        for text in ["", "plain", "Zoë Ødegård — 社会福祉士 🧑🏽‍⚕️", "quote ' and \" and \\ and $1", String(repeating: "x", count: 10_000)] {
            #expect(try roundTrip(text, as: "text") == text)
        }
        let row = try connection.query("SELECT \(String?.none)::text, \("")::text")[0]
        #expect(try row.decode(String?.self, at: 0) == nil)
        #expect(try row.decode(String?.self, at: 1) == "")
        #expect(throws: PQError.self) { try row.decode(String.self, at: 0) }
    }

    /// A NUL inside a string is refused with SQLSTATE 22021, never truncated.
    @Test func text_withNUL_isRefusedNotTruncated() throws {
        #expect {
            try connection.query("SELECT \("before\u{0}after")::text")
        } throws: { error in
            (error as? PQError)?.sqlState == SQLState.characterNotInRepertoire
        }
    }

    /// Integers at their limits, booleans and doubles.
    @Test func numbers_andBooleans_roundTrip() throws {
        #expect(try roundTrip(Int.max, as: "int8") == Int.max)
        #expect(try roundTrip(Int.min, as: "int8") == Int.min)
        #expect(try roundTrip(Int32.min, as: "int4") == Int32.min)
        #expect(try roundTrip(true, as: "bool") == true)
        #expect(try roundTrip(false, as: "bool") == false)
        #expect(try roundTrip(0.1, as: "float8") == 0.1)
    }

    /// UUIDs come back equal (PostgreSQL prints them lower-case).
    @Test func uuid_roundTrips() throws {
        let id = UUID()
        #expect(try roundTrip(id, as: "uuid") == id)
    }

    /// Dates have no zone; timestamps keep the instant to the microsecond whatever zone they were written in.
    @Test func dates_andTimestamps_respectZones() throws {
        #expect(try roundTrip(PQDate(year: 2024, month: 2, day: 29), as: "date") == PQDate(year: 2024, month: 2, day: 29))
        let instant = Date(timeIntervalSince1970: 1_774_747_800.123456)
        let back = try roundTrip(instant, as: "timestamptz")
        #expect(abs(back.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
        // Written with an offset, read back in UTC: the same instant.
        let row = try connection.query("SELECT '2026-03-29 01:30:00+01'::timestamptz, '2026-03-29 00:30:00Z'::timestamptz")[0]
        #expect(try row.decode(Date.self, at: 0) == row.decode(Date.self, at: 1))
        #expect(PQTimestamp.parse("2026-03-29 00:30:00+05:30")?.timeIntervalSince1970 == 1_774_724_400)
        #expect(PQTimestamp.parse("2026-02-30 00:00:00+00") == nil)
    }

    /// JSON text goes in as jsonb and comes back normalised.
    @Test func jsonb_roundTrips() throws {
        let value = try roundTrip(PQJSON(text: #"{"b": [1, 2], "a": "é"}"#), as: "jsonb")
        #expect(value.text == #"{"a": "é", "b": [1, 2]}"#)
    }

    /// Every byte value survives bytea, and so does a 1 MB blob; a 1 MB text too.
    @Test func bytea_andLargeValues_roundTrip() throws {
        let all = PQBytes((0...255).map(UInt8.init))
        #expect(try roundTrip(all, as: "bytea") == all)
        let big = PQBytes((0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        #expect(try roundTrip(big, as: "bytea") == big)
        let text = String(repeating: "ASYE ", count: 209_716)
        #expect(try roundTrip(text, as: "text") == text)
    }

    /// Arrays keep NULLs, quotes, commas and braces.
    @Test func arrays_keepAwkwardElements() throws {
        let texts = ["a", "", "NULL", "with,comma", "with \"quote\"", "{brace}", "back\\slash"]
        #expect(try roundTrip(texts, as: "text[]") == texts)
        let row = try connection.query("SELECT ARRAY['x', NULL]::text[], ARRAY[]::int8[], ARRAY[1,2,3]::int8[]")[0]
        #expect(try row.decode([String?].self, at: 0) == ["x", nil])
        #expect(try row.decode([Int].self, at: 1) == [])
        #expect(try row.decode([Int].self, at: 2) == [1, 2, 3])
        #expect(throws: PQError.self) { try row.decode([String].self, at: 0) }
        let ids = [UUID(), UUID()]
        #expect(try roundTrip(ids, as: "uuid[]") == ids)
    }

    /// A value of the wrong type is a decoding error naming the column, not the value.
    @Test func decoding_wrongType_namesColumnNotValue() throws {
        let row = try connection.query("SELECT 'secret-name'::text")[0]
        #expect {
            try row.decode(Int.self, at: 0)
        } throws: { error in
            let pq = error as? PQError
            return pq?.code == .decoding && pq?.message.contains("secret-name") == false
        }
    }
}
