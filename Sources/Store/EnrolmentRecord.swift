public import Domain
public import Foundation

/// An enrolment as the API shows it: the domain value plus the names a
/// reader needs beside the ids, and when it was last changed.
public struct EnrolmentRecord: Sendable, Hashable {
    public var enrolment: Enrolment
    public var nqswName: String
    public var assessorName: String
    public var lineManagerName: String
    public var createdAt: Date
    public var updatedAt: Date
    /// The framework versions the year is pinned to.
    public var kssFrameworkID: String = ""
    public var pcfFrameworkID: String = ""
    /// Changes whenever evidence, judgements, absences or extensions change (kept by triggers).
    public var portfolioRevision: Int = 0

    public init(enrolment: Enrolment, nqswName: String, assessorName: String, lineManagerName: String, createdAt: Date, updatedAt: Date) {
        self.enrolment = enrolment
        self.nqswName = nqswName
        self.assessorName = assessorName
        self.lineManagerName = lineManagerName
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
