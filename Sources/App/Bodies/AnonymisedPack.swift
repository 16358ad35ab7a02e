internal import Foundation
internal import Hummingbird

/// A pack for an anonymised panel or an external moderator names no one:
/// besides the names the pack body leaves out, every person identifier
/// anywhere inside it — the snapshot's evidence authors and judges, who
/// verified, signed or recorded what — is removed, since an id re-identifies
/// the NQSW and the assessor as surely as a name.
enum AnonymisedPack {
    /// Keys that hold a person's id (or ids).
    static let personKeys: Set<String> = [
        "authorId", "judgeId", "assessorId", "lineManagerId", "nqswId", "personId", "supervisorId", "ownerId", "moderatorId",
        "participantIds", "attendees", "memberIds", "chairId", "takingPart",
    ]

    static func isPersonKey(_ key: String) -> Bool {
        personKeys.contains(key) || key.hasSuffix("By") || key.hasSuffix("PersonId")
    }

    /// The pack as JSON, scrubbed when it is anonymised.
    static func response(_ body: PanelPackBody) throws -> Response {
        guard body.anonymised else { return try JSONResponse.make(body) }
        let value = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder.quorum.encode(body))
        return try JSONResponse.make(scrub(value))
    }

    static func scrub(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var kept: [String: JSONValue] = [:]
            for (key, inner) in object where !isPersonKey(key) { kept[key] = scrub(inner) }
            return .object(kept)
        case .array(let items): return .array(items.map(scrub))
        case .null, .bool, .number, .string: return value
        }
    }
}
