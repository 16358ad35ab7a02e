/// Critical reflection must be the NQSW's own work. Where the assessor
/// suspects generative-AI use in one, the final critical reflection is given
/// as a presentation instead (seeds). One rule, read by the tracker, the
/// sufficiency check's robust criterion and the panel pack: the requirement
/// stands from the earliest flagged reflection and is answered by a
/// presentation practised on or after it that carries the assessor's written
/// feedback.
public struct PresentationRequirement: Sendable, Hashable {
    /// A flagged reflection: which, practised when, and the assessor's words on it.
    public struct Flag: Sendable, Hashable {
        public var evidenceID: EvidenceID
        public var practisedOn: CalendarDay
        public var feedback: String
    }

    /// A presentation recorded as evidence, with its feedback.
    public struct Answer: Sendable, Hashable {
        public var evidenceID: EvidenceID
        public var practisedOn: CalendarDay
        public var feedback: String
    }

    public var flags: [Flag]
    /// The presentation that answers the requirement, if one does.
    public var answer: Answer?

    public var isAnswered: Bool { answer != nil }

    /// The requirement among `items`, or nil when no reflection is flagged.
    public static func among(_ items: [EvidenceItem]) -> PresentationRequirement? {
        among(items.lazy.map { ($0.id, $0.kind, $0.practiceDate, $0.aiUseSuspected, $0.judgements) })
    }

    /// The same, over the fields the rule reads (the sufficiency check passes
    /// its items with judgements as of its dates).
    static func among(_ items: some Sequence<(EvidenceID, EvidenceKind, CalendarDay, Bool, [Judgement])>) -> PresentationRequirement? {
        var flags: [Flag] = []
        var presentations: [Answer] = []
        for (id, kind, practisedOn, suspected, judgements) in items {
            if kind == .criticalReflection && suspected {
                flags.append(Flag(evidenceID: id, practisedOn: practisedOn, feedback: judgements.last?.feedback ?? ""))
            } else if kind == .presentation, let written = judgements.last(where: { !$0.feedback.trimmingWhitespace().isEmpty }) {
                presentations.append(Answer(evidenceID: id, practisedOn: practisedOn, feedback: written.feedback))
            }
        }
        guard let first = flags.min(by: { $0.practisedOn < $1.practisedOn }) else { return nil }
        let answer = presentations.filter { $0.practisedOn >= first.practisedOn }.min { $0.practisedOn < $1.practisedOn }
        return PresentationRequirement(flags: flags.sorted { $0.practisedOn < $1.practisedOn }, answer: answer)
    }
}
