public import Domain

/// An evidence item as it is shown and as a recommendation's snapshot keeps
/// it (a stored document: keep its keys stable).
public struct EvidenceDocument: Encodable, Sendable, Hashable {
    public struct JudgementDocument: Encodable, Sendable, Hashable {
        public var judgeId: String
        public var level: String
        public var feedback: String
        public var recordedOn: String
        public var resolution: Bool
        /// On the graded scale, where the organisation grades observations.
        public var grade: Int?
    }

    public struct FileDocument: Encodable, Sendable, Hashable {
        public var name: String
        public var mediaType: String
        public var sizeBytes: Int
        public var sha256: String
    }

    public var id: String
    public var kind: String
    public var practiceDate: String
    public var addedOn: String
    public var authorId: String
    public var description: String
    public var file: FileDocument?
    public var statements: [String]
    public var judgements: [JudgementDocument]
    /// `meets`, `partly_meets`, `does_not_yet_meet`, `unjudged` or `contradictory`.
    public var standing: String
    public var verifiedBy: String?
    public var verifiedOn: String?
    public var aiUseSuspected: Bool
    public var version: Int

    public init(_ item: EvidenceItem) {
        id = item.id.description
        kind = item.kind.rawValue
        practiceDate = item.practiceDate.description
        addedOn = item.addedOn.description
        authorId = item.authorID.description
        description = item.description
        file = item.file.map { FileDocument(name: $0.name, mediaType: $0.mediaType, sizeBytes: $0.sizeBytes, sha256: $0.sha256) }
        statements = item.statements
        judgements = item.judgements.map {
            JudgementDocument(judgeId: $0.judgeID.description, level: $0.level.rawValue, feedback: $0.feedback,
                              recordedOn: $0.recordedOn.description, resolution: $0.isResolution, grade: $0.grade)
        }
        standing = switch item.standing {
        case .unjudged: "unjudged"
        case .contradictory: "contradictory"
        case .judged(let judgement): judgement.level.rawValue
        }
        verifiedBy = item.verification?.verifierID.description
        verifiedOn = item.verification?.verifiedOn.description
        aiUseSuspected = item.aiUseSuspected
        version = item.version
    }
}
