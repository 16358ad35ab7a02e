/// Why a year's case waits for a panel again after one has heard it.
public enum RelistingReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The panel deferred its judgement to a deadline.
    case deferred = "defer"
    /// The panel referred the recommendation back for named evidence by a deadline.
    case referredBack = "refer_back"
    /// A moderation dispute was settled by referring the decided case back to a
    /// panel; the decision stands until that panel signs its own.
    case moderationReferral = "moderation_referral"

    /// How a coordinator's list names it.
    public var spoken: String {
        switch self {
        case .deferred: "Deferred"
        case .referredBack: "Referred back"
        case .moderationReferral: "Referred by moderation"
        }
    }
}
