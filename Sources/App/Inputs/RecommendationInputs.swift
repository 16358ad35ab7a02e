internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension RecommendationProposal {
    /// The outcome, rationale and a justification per unmet criterion.
    static func parse(_ fields: inout JSONFields) -> RecommendationProposal? {
        let outcome = fields.choice("outcome", as: RecommendedOutcome.self)
        let rationale = fields.string("rationale", maxLength: 20_000)
        let borderline = fields.bool("borderline", required: false) ?? false
        let grade = fields.int("grade", required: false, range: 1...7)
        let occurredOn = fields.day("occurredOn", required: false)
        var justifications: [Criterion: String] = [:]
        if var readers = fields.objects("justifications", required: false) {
            for index in readers.indices {
                let criterion = readers[index].choice("criterion", as: Criterion.self)
                let text = readers[index].string("text", maxLength: 8000)
                fields.absorb(&readers[index], prefix: "justifications/\(index)")
                if let criterion, let text { justifications[criterion] = text }
            }
        }
        guard let outcome, let rationale else { return nil }
        return RecommendationProposal(outcome: outcome, rationale: rationale, borderline: borderline, grade: grade, justifications: justifications,
                                      occurredOn: occurredOn)
    }
}

extension JSONFields {
    /// A reason that must be given and not blank, with what to say when it is blank.
    mutating func reason(_ field: String = "reason", maxLength: Int = 4000, whenBlank message: String) -> String? {
        let text = string(field, maxLength: maxLength)
        if let text, text.trimmingWhitespace().isEmpty { add(field, message) }
        return text
    }
}
