internal import Foundation
internal import Domain
internal import Store
internal import Workflows

extension DrawModerationSample {
    /// `POST /v1/moderation/samples`.
    static func parse(_ fields: inout JSONFields) throws -> DrawModerationSample {
        let from = fields.day("decidedFrom")
        let to = fields.day("decidedTo")
        let seed = fields.int("seed", required: false, range: 0...Int(Int64.max))
        let share = fields.int("sharePercent", required: false, range: 0...100)
        var moderators: [ModerationSampleRecord.Moderator] = []
        if var readers = fields.objects("moderators", maxCount: 10) {
            if readers.isEmpty { fields.add("moderators", "Assign at least one moderator.") }
            for index in readers.indices {
                let person: PersonID? = readers[index].id("personId")
                let external = readers[index].bool("external", required: false) ?? false
                fields.absorb(&readers[index], prefix: "moderators/\(index)")
                if let person { moderators.append(.init(personID: person, external: external)) }
            }
        }
        if let from, let to, to < from { fields.add("decidedTo", "The period ends on or after it starts.") }
        let redraw = fields.string("redrawReason", required: false, maxLength: 4000)
        let (start, end) = try fields.finish(from, to)
        return DrawModerationSample(decidedFrom: start, decidedTo: end, seed: seed.map(Int64.init), sharePercent: share, moderators: moderators,
                                    redrawReason: redraw)
    }
}

extension ModerationReview {
    /// `POST /v1/moderation/samples/{id}/cases/{number}/reviews`.
    static func parse(_ fields: inout JSONFields) throws -> ModerationReview {
        let verdict = fields.choice("verdict", as: ModerationReview.Verdict.self)
        let comments = fields.texts("comments", required: false, by: Criterion.self) ?? [:]
        return ModerationReview(verdict: try fields.finish(verdict), comments: comments)
    }
}
