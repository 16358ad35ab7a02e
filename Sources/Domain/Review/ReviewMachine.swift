/// Who signs a review: all three, each for themselves.
public enum ReviewSigner: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case nqsw
    case assessor
    case lineManager = "line_manager"

    public static func < (lhs: ReviewSigner, rhs: ReviewSigner) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// A review record's sign-off, as a total state machine.
///
/// The content can change only while nobody has signed; the first signature
/// locks it, so every signer signs the same words. When the NQSW, the
/// assessor and the line manager have all signed, the review is signed and
/// immutable: a correction is a new version with a reason.
public struct ReviewMachine: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case draft
        case signing(Set<ReviewSigner>)
        case signed

        /// The state's name as shown: `draft`, `signing` or `signed`.
        public var name: String {
            switch self {
            case .draft: "draft"
            case .signing: "signing"
            case .signed: "signed"
            }
        }
    }

    public enum Event: Sendable, Hashable {
        case edit
        case sign(ReviewSigner)
    }

    public enum Effect: Sendable, Hashable {
        case contentChanged
        case signed(ReviewSigner)
        case completed
    }

    /// An event the current state does not allow, naming both.
    public typealias TransitionError = Domain.TransitionError<State, Event>

    public private(set) var state: State

    public init(state: State = .draft) {
        self.state = state
    }

    public mutating func apply(_ event: Event) throws(TransitionError) -> [Effect] {
        switch state {
        case .draft:
            switch event {
            case .edit:
                return [.contentChanged]
            case .sign(let signer):
                return complete(with: [signer], first: signer)
            }
        case .signing(let signers):
            switch event {
            case .edit:
                throw TransitionError(state: state, event: event, reason: "The review has signatures; its content can no longer change.")
            case .sign(let signer):
                guard !signers.contains(signer) else {
                    throw TransitionError(state: state, event: event, reason: "The \(signer.rawValue) has already signed this review.")
                }
                return complete(with: signers.union([signer]), first: signer)
            }
        case .signed:
            switch event {
            case .edit:
                throw TransitionError(state: state, event: event, reason: "A signed review cannot change; record an amendment as a new version with a reason.")
            case .sign:
                throw TransitionError(state: state, event: event, reason: "The review is already signed by all three.")
            }
        }
    }

    private mutating func complete(with signers: Set<ReviewSigner>, first signer: ReviewSigner) -> [Effect] {
        if signers.count == ReviewSigner.allCases.count {
            state = .signed
            return [.signed(signer), .completed]
        }
        state = .signing(signers)
        return [.signed(signer)]
    }
}
