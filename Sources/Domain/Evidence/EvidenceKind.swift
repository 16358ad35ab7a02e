/// The types of evidence an ASYE portfolio holds. The sufficiency check asks
/// for a broad range of them.
public enum EvidenceKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case directObservation = "direct_observation"
    /// Feedback from a person who needs care and support, or a child or family.
    case personFeedback = "person_feedback"
    case professionalFeedback = "professional_feedback"
    /// A written report or case record, assessed.
    case writtenReport = "written_report"
    case criticalReflection = "critical_reflection"
    case supervisionNote = "supervision_note"
    /// The final critical reflection given as a presentation (required where AI use was suspected).
    case presentation
    case other

    public static func < (lhs: EvidenceKind, rhs: EvidenceKind) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The label opening a sentence.
    public var sentenceLabel: String {
        switch self {
        case .directObservation: "Direct observation of practice"
        case .personFeedback: "Feedback from a person who needs care and support"
        case .professionalFeedback: "Feedback from another professional"
        case .writtenReport: "Written report or case record"
        case .criticalReflection: "Critical reflection log"
        case .supervisionNote: "Supervision note"
        case .presentation: "Critical reflection presentation"
        case .other: "Other evidence"
        }
    }

    /// How a panel reads it.
    public var label: String {
        switch self {
        case .directObservation: "direct observation of practice"
        case .personFeedback: "feedback from a person who needs care and support"
        case .professionalFeedback: "feedback from another professional"
        case .writtenReport: "written report or case record"
        case .criticalReflection: "critical reflection log"
        case .supervisionNote: "supervision note"
        case .presentation: "critical reflection presentation"
        case .other: "other evidence"
        }
    }
}

/// The assessor's judgement of an item against the expected (ASYE) level.
public enum JudgementLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case meets
    case partlyMeets = "partly_meets"
    case doesNotYetMeet = "does_not_yet_meet"

    /// Higher is better; used to read progression.
    public var rank: Int {
        switch self {
        case .doesNotYetMeet: 0
        case .partlyMeets: 1
        case .meets: 2
        }
    }
}
