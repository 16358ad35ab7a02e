public import Domain
public import PQ
internal import Foundation

// The domain's value types travel as parameters and columns directly, so
// repository code reads `\(enrolment.id)` and never converts by hand.

extension Identifier: PQEncodable, PQDecodable {
    public static var pqTypeOID: UInt32 { PQType.uuid }
    public var pqBind: PQBind { PQBind.text(description, oid: PQType.uuid) }
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Identifier? { PQUUID.parse(bytes).map(Self.init) }
}

extension Identifier: PQArrayElement {
    public static var pqArrayTypeOID: UInt32 { PQType.uuidArray }
    public var pqArrayText: String? { description }
}

extension CalendarDay: PQEncodable, PQDecodable {
    public static var pqTypeOID: UInt32 { PQType.date }
    public var pqBind: PQBind { PQBind.text(description, oid: Self.pqTypeOID) }
    /// `YYYY-MM-DD` read straight from the bytes (a portfolio decodes thousands of dates).
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return CalendarDay(year: year, month: month, day: day)
    }
}

extension ContractedTime: PQEncodable, PQDecodable {
    /// Sent as text and typed by the server from the `numeric` column.
    public static var pqTypeOID: UInt32 { PQType.unknown }
    public var pqBind: PQBind { PQBind.text(description, oid: Self.pqTypeOID) }
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> ContractedTime? { ContractedTime(decimalText: String(decoding: bytes, as: UTF8.self)) }
}

/// Enumerations stored as checked text decode through their raw values; an
/// unknown value in the database is a decoding error, never a silent default.
extension Role: PQEncodable, PQDecodable {}
extension Enrolment.Setting: PQEncodable, PQDecodable {}
extension Enrolment.Status: PQEncodable, PQDecodable {}
extension EvidenceKind: PQEncodable, PQDecodable {}
extension JudgementLevel: PQEncodable, PQDecodable {}
extension Concern.Category: PQEncodable, PQDecodable {}
extension Concern.Severity: PQEncodable, PQDecodable {}
extension Framework.Kind: PQEncodable, PQDecodable {}
extension Absence.Kind: PQEncodable, PQDecodable {}
extension Extension.Category: PQEncodable, PQDecodable {}
extension SupervisionSession.Kind: PQEncodable, PQDecodable {}
extension PlanClosing.Outcome: PQEncodable, PQDecodable {}
extension PlanParty: PQEncodable, PQDecodable {}
extension SupervisorAllocation.Relation: PQEncodable, PQDecodable {}
extension RecommendedOutcome: PQEncodable, PQDecodable {}
extension PanelDecision.Kind: PQEncodable, PQDecodable {}
extension PanelDecision.Outcome: PQEncodable, PQDecodable {}
extension ModerationReview.Verdict: PQEncodable, PQDecodable {}
extension Tracker.ChecklistItem: PQEncodable, PQDecodable {}
extension PanelMachine.State.Kind: PQEncodable, PQDecodable {}
extension PanelDecisionMachine.State.Kind: PQEncodable, PQDecodable {}
extension RecommendationMachine.State.Kind: PQEncodable, PQDecodable {}
extension SupportAndActionPlan.State.Kind: PQEncodable, PQDecodable {}
extension Escalation.State.Kind: PQEncodable, PQDecodable {}

extension RawRepresentable where RawValue == String, Self: Sendable {
    public static var pqTypeOID: UInt32 { PQType.unknown }
    public var pqBind: PQBind { rawValue.pqBind }
    public static func pqDecode(bytes: UnsafeBufferPointer<UInt8>) -> Self? { Self(rawValue: String(decoding: bytes, as: UTF8.self)) }
}

extension Optional {
    /// The value, or a decoding error naming what the stored row lacks (a
    /// schema CHECK should have prevented it): never a silent default.
    func orThrow(_ what: String) throws -> Wrapped {
        guard let value = self else { throw PQError.decoding(what) }
        return value
    }
}

extension Role {
    /// Stored role names (an `ARRAY(...)` of `role_assignments.role`); an unknown one is a decoding error.
    static func decode(_ names: [String]) throws -> [Role] {
        try names.map { try Role(rawValue: $0).orThrow("role \($0)") }
    }
}

extension PQError {
    /// A stored value the domain cannot represent (a schema CHECK should have prevented it).
    static func decoding(_ what: String) -> PQError {
        PQError(code: .decoding, message: "unexpected stored value: \(what)")
    }
}
