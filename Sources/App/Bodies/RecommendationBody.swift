internal import Domain
internal import Store
internal import Foundation
internal import Workflows

/// A recommendation with its history as the API shows it.
struct RecommendationBody: Encodable, Sendable {
    struct Version: Encodable, Sendable {
        var number: Int
        var outcome: String
        var rationale: String
        var borderline: Bool
        var grade: Int?
        var justifications: [String: String]
        var snapshot: JSONValue?
        var amendmentReason: String?
        var submittedBy: String
        var submittedOn: String
    }

    var id: String
    var state: String
    var currentVersion: Int
    var versions: [Version]
    var version: Int

    init(_ record: RecommendationRecord) {
        id = record.id.uuidString.lowercased()
        state = record.machine.state.name
        currentVersion = record.versions.last?.number ?? 1
        versions = record.versions.map {
            Version(number: $0.number, outcome: $0.outcome.rawValue, rationale: $0.rationale, borderline: $0.borderline, grade: $0.grade,
                    justifications: $0.justifications, snapshot: JSONValue(storedJSON: $0.snapshot),
                    amendmentReason: $0.amendmentReason, submittedBy: $0.submittedBy.description, submittedOn: $0.submittedOn.description)
        }
        version = record.version
    }
}
