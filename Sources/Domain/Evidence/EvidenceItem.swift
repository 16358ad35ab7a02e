/// One piece of evidence in an NQSW's portfolio.
///
/// Two dates: `practiceDate` is when the practice it shows happened (which
/// decides the period it counts for); `addedOn` is when it was entered — an
/// employer moving onto Quorum mid-year enters months of history.
public struct EvidenceItem: Sendable, Hashable {
    public var id: EvidenceID
    public var enrolmentID: EnrolmentID
    public var kind: EvidenceKind
    public var practiceDate: CalendarDay
    public var addedOn: CalendarDay
    public var authorID: PersonID
    public var description: String
    /// Metadata of an attached file; its bytes are stored elsewhere.
    public var file: FileReference?
    /// KSS statement and PCF domain codes of the enrolment's pinned versions.
    public var statements: [String]
    /// Every judgement recorded, oldest first.
    public var judgements: [Judgement]
    public var verification: Verification?
    /// The assessor suspects generative-AI use in this reflection.
    public var aiUseSuspected: Bool
    public var version: Int

    public init(
        id: EvidenceID, enrolmentID: EnrolmentID, kind: EvidenceKind, practiceDate: CalendarDay, addedOn: CalendarDay,
        authorID: PersonID, description: String, file: FileReference? = nil, statements: [String],
        judgements: [Judgement] = [], verification: Verification? = nil, aiUseSuspected: Bool = false, version: Int = 1
    ) {
        self.id = id
        self.enrolmentID = enrolmentID
        self.kind = kind
        self.practiceDate = practiceDate
        self.addedOn = addedOn
        self.authorID = authorID
        self.description = description
        self.file = file
        self.statements = statements
        self.judgements = judgements
        self.verification = verification
        self.aiUseSuspected = aiUseSuspected
        self.version = version
    }

    /// The judgement that stands, or why none does.
    ///
    /// The latest resolution wins. Without one, each judge's latest judgement
    /// counts; if they disagree the item is contradictory until someone
    /// records a resolution.
    public var standing: Standing {
        Self.standing(of: judgements)
    }

    /// The standing of these judgements (oldest first).
    public static func standing(of judgements: [Judgement]) -> Standing {
        // Most items carry one judgement or none.
        switch judgements.count {
        case 0: return .unjudged
        case 1: return .judged(judgements[0])
        default: break
        }
        if let resolution = judgements.last(where: \.isResolution) {
            let later = judgements.drop(while: { $0 != resolution }).dropFirst()
            let laterLevels = Set(later.map(\.level))
            if laterLevels.isEmpty || laterLevels == [resolution.level] { return .judged(resolution) }
            if Set(later.map(\.judgeID)).count == 1, let last = later.last { return .judged(last) }
            return .contradictory(Set(later.map(\.level)).union([resolution.level]))
        }
        var latestByJudge: [PersonID: Judgement] = [:]
        for judgement in judgements { latestByJudge[judgement.judgeID] = judgement }
        let levels = Set(latestByJudge.values.map(\.level))
        switch levels.count {
        case 0: return .unjudged
        case 1: return .judged(judgements.last!)
        default: return .contradictory(levels)
        }
    }

    /// Where an item's judgement stands.
    public enum Standing: Sendable, Hashable {
        case unjudged
        case judged(Judgement)
        case contradictory(Set<JudgementLevel>)

        /// The level, when there is one.
        public var level: JudgementLevel? {
            if case .judged(let judgement) = self { return judgement.level }
            return nil
        }
    }
}

public enum EvidenceTag {}
public typealias EvidenceID = Identifier<EvidenceTag>

/// A judgement recorded by an assessor.
public struct Judgement: Sendable, Hashable, Codable {
    public var judgeID: PersonID
    public var level: JudgementLevel
    public var feedback: String
    public var recordedOn: CalendarDay
    /// Settles earlier disagreeing judgements.
    public var isResolution: Bool
    /// On the graded scale (1–7), for a direct observation where the organisation grades.
    public var grade: Int?

    public init(judgeID: PersonID, level: JudgementLevel, feedback: String, recordedOn: CalendarDay, isResolution: Bool = false, grade: Int? = nil) {
        self.grade = grade
        self.judgeID = judgeID
        self.level = level
        self.feedback = feedback
        self.recordedOn = recordedOn
        self.isResolution = isResolution
    }
}

/// Who checked the item against its source, and when.
public struct Verification: Sendable, Hashable, Codable {
    public var verifierID: PersonID
    public var verifiedOn: CalendarDay

    public init(verifierID: PersonID, verifiedOn: CalendarDay) {
        self.verifierID = verifierID
        self.verifiedOn = verifiedOn
    }
}

/// An attached file's metadata: enough to show and check it, not its bytes.
public struct FileReference: Sendable, Hashable, Codable {
    public var name: String
    public var mediaType: String
    public var sizeBytes: Int
    /// Hex SHA-256 of the content.
    public var sha256: String

    public init(name: String, mediaType: String, sizeBytes: Int, sha256: String) {
        self.name = name
        self.mediaType = mediaType
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
    }
}
