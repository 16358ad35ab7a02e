internal import Foundation

/// What the assessor saw when they recommended: the sufficiency findings and
/// every evidence item, kept with each version of the recommendation so a
/// panel reads the judgement as it was made.
struct RecommendationSnapshot: Encodable {
    var sufficiency: SufficiencyReport
    var evidence: [EvidenceDocument]

    /// As stored: keys sorted, so the same snapshot is always the same text.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
