internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension NewConcern {
    /// `POST /v1/enrolments/{id}/concerns`.
    static func parse(_ fields: inout JSONFields) throws -> NewConcern {
        let category = fields.choice("category", as: Concern.Category.self)
        let severity = fields.choice("severity", as: Concern.Severity.self)
        let description = fields.string("description", maxLength: 8000)
        let statements = fields.strings("statements", required: false) ?? []
        let evidence = fields.ids("evidenceIds", as: EvidenceID.self, message: "Expected evidence ids (UUIDs).")
        if let description, description.trimmingWhitespace().isEmpty { fields.add("description", "Describe the concern.") }
        let (chosen, level, text) = try fields.finish(category, severity, description)
        return NewConcern(category: chosen, severity: level, description: text, statements: statements, evidence: evidence)
    }
}

extension JSONFields {
    /// An optional array of ids (UUIDs); an entry that is not one is an issue naming the field.
    mutating func ids<Tag>(_ field: String, required: Bool = false, as: Identifier<Tag>.Type, message: String, maxCount: Int = 50) -> [Identifier<Tag>] {
        let texts = strings(field, required: required, maxCount: maxCount) ?? []
        let ids = texts.compactMap { UUID(uuidString: $0).map(Identifier<Tag>.init) }
        if ids.count != texts.count { add(field, message) }
        return ids
    }

    /// A concern step's text (a response or an outcome): required and not blank.
    mutating func stepText() throws -> String {
        let text = string("text", maxLength: 8000)
        if let text, text.trimmingWhitespace().isEmpty { add("text", "Required.") }
        return try finish(text)
    }
}
