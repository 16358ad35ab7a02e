internal import Foundation
internal import Domain

/// A hand-written JSON writer for the hottest responses.
///
/// Foundation's `JSONEncoder` was the largest single cost of a read request
/// in profiles (boxing every value, sorting keys, formatting dates through
/// `FormatStyle`). Bodies that conform to ``JSONTextWritable`` are written
/// directly instead; their output is the same JSON, keys in sorted order, and
/// a test compares the two.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        bytes.append(0x22)
        for byte in value.utf8 {
            switch byte {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
            case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
            case 0x00..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }

    mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A number as `JSONEncoder` writes it (shortest round-trip form, no `.0` for integers).
    mutating func number(_ value: Double) {
        if value.rounded() == value, abs(value) < 1e15 {
            int(Int(value))
        } else {
            bytes.append(contentsOf: "\(value)".utf8)
        }
    }

    /// An instant as ISO 8601 UTC with milliseconds: `2026-11-24T13:27:26.123Z`.
    mutating func instant(_ date: Date) {
        string(ISO8601.format(date))
    }
}

/// A body that writes itself as JSON text, bypassing `JSONEncoder`.
protocol JSONTextWritable: Encodable {
    func write(to json: inout JSONText)
}

extension EnrolmentBody: JSONTextWritable {
    func write(to json: inout JSONText) {
        func person(_ ref: PersonRef) -> Void {
            json.raw("{\"id\":"); json.string(ref.id); json.raw(",\"name\":"); json.string(ref.name); json.raw("}")
        }
        json.raw("{\"assessor\":"); person(assessor)
        json.raw(",\"createdAt\":"); json.instant(createdAt)
        json.raw(",\"fte\":"); json.number(fte)
        json.raw(",\"id\":"); json.string(id)
        json.raw(",\"lineManager\":"); person(lineManager)
        json.raw(",\"nqsw\":"); person(nqsw)
        json.raw(",\"organisationId\":"); json.string(organisationId)
        json.raw(",\"setting\":"); json.string(setting)
        json.raw(",\"startDate\":"); json.string(startDate)
        json.raw(",\"status\":"); json.string(status)
        json.raw(",\"updatedAt\":"); json.instant(updatedAt)
        json.raw(",\"version\":"); json.int(version)
        json.raw("}")
    }
}

extension EnrolmentPage: JSONTextWritable {
    func write(to json: inout JSONText) {
        json.raw("{\"items\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { json.raw(",") }
            item.write(to: &json)
        }
        json.raw("],\"limit\":"); json.int(limit)
        json.raw(",\"offset\":"); json.int(offset)
        json.raw("}")
    }
}
