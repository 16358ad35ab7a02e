/// A rule the guidance sets, which the product refuses to break: the rule,
/// the record it protects and the date that decides it.
///
/// A flag is for what a person must judge. Where the guidance sets a rule (a
/// review not before its date, the year's cap, a certificate only after a
/// pass), the use case throws this and writes nothing; the HTTP layer turns it
/// into a 409 problem whose `rule`, `record` and `date` members a client can
/// act on without parsing the sentence.
public struct RuleBreach: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rules, by their stable names (the problem's type and `rule`).
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// A review is recorded once its milestone is reached, not before.
        case reviewNotBeforeDue = "review-not-before-due"
        /// The recommendation follows the signed-off final review.
        case recommendationAfterFinalReview = "recommendation-after-final-review"
        /// The year cannot be extended past the organisation's cap.
        case yearCap = "year-cap"
        /// The certificate is seen only after a signed PASS.
        case certificateAfterPass = "certificate-after-signed-pass"
        /// A support and action plan is agreed only on concerns shared with the NQSW.
        case planOnSharedConcerns = "plan-on-shared-concerns"
        /// A panel sits on its date: it opens that day, not before or after.
        case panelSitsOnItsDate = "panel-sits-on-its-date"
    }

    public var rule: Rule
    /// The record the rule protects, in words (`the 12-month review`).
    public var record: String
    /// The date that decides it (the due date, the cap), when there is one.
    public var date: CalendarDay?
    /// One sentence: what was refused, the date, and what to do instead.
    public var detail: String

    public init(_ rule: Rule, record: String, date: CalendarDay?, detail: String) {
        self.rule = rule
        self.record = record
        self.date = date
        self.detail = detail
    }

    public var description: String { detail }
}
