/// One hearing of a year's case at a panel, as the year sees it: where and
/// when, and — once the chair has signed — what the panel decided, why, what
/// is needed and by when. An unsigned decision has no effect, so it is not
/// shown as one; the panel's private deliberations are never part of it.
public struct PanelHearing: Sendable, Hashable {
    public var sitsOn: CalendarDay
    public var state: PanelDecisionMachine.State.Kind
    /// The signed decision, if there is one.
    public var decision: Signed?

    public struct Signed: Sendable, Hashable {
        public var kind: PanelDecision.Kind
        /// The outcome on record (after any correction).
        public var outcome: PanelDecision.Outcome
        public var reasons: String?
        public var evidenceRequired: String?
        public var deadline: CalendarDay?
        public var signedOn: CalendarDay
        /// The members who took part in the decision.
        public var participants: [PersonID]

        public init(kind: PanelDecision.Kind, outcome: PanelDecision.Outcome, reasons: String?, evidenceRequired: String?, deadline: CalendarDay?,
                    signedOn: CalendarDay, participants: [PersonID] = []) {
            self.participants = participants
            self.kind = kind
            self.outcome = outcome
            self.reasons = reasons
            self.evidenceRequired = evidenceRequired
            self.deadline = deadline
            self.signedOn = signedOn
        }
    }

    public init(sitsOn: CalendarDay, state: PanelDecisionMachine.State.Kind, decision: Signed?) {
        self.sitsOn = sitsOn
        self.state = state
        self.decision = decision
    }

    /// The tracker's panel line as of `asOf`: the latest hearing that is not
    /// released — listed (due on the panel's date), decided PASS or FAIL
    /// (done on the day it was signed), or deferred (due by its new deadline).
    public static func trackerLine(_ hearings: [PanelHearing], asOf: CalendarDay) -> Tracker.Line {
        let label = "QA panel date and outcome (PASS / FAIL / DEFER)"
        let known = hearings.filter { $0.state != .released && ($0.decision.map { $0.signedOn <= asOf } ?? true) }
        guard let latest = known.max(by: { $0.sitsOn < $1.sitsOn }) else {
            return Tracker.Line(key: "panel", label: label, status: .pending, due: nil, doneOn: nil, detail: "Not yet listed at a panel.")
        }
        guard let decision = latest.decision else {
            return Tracker.Line(key: "panel", label: label, status: asOf > latest.sitsOn ? .overdue : .due, due: latest.sitsOn, doneOn: nil,
                                detail: "Listed at the panel sitting on \(latest.sitsOn.spoken).")
        }
        switch decision.outcome {
        case .pass, .fail:
            return Tracker.Line(key: "panel", label: label, status: .done, due: latest.sitsOn, doneOn: decision.signedOn,
                                detail: "\(decision.outcome.rawValue) at the panel of \(latest.sitsOn.spoken).")
        case .deferred:
            let by = decision.deadline.map { "; new deadline \($0.spoken)" } ?? ""
            let status: Tracker.Status = decision.deadline.map { asOf > $0 } == true ? .overdue : .due
            return Tracker.Line(key: "panel", label: label, status: status, due: decision.deadline, doneOn: nil,
                                detail: "DEFER at the panel of \(latest.sitsOn.spoken)\(by); awaiting the next panel.")
        }
    }
}
