import Domain
import Testing

@Suite struct EscalationTests {
    static let decision = EscalationDecision(action: .formalProcedure, reasons: "Pattern of falsified records",
                                             referralGrounds: [.misconduct], referredOn: CalendarDay(year: 2026, month: 11, day: 20)!)
    static let states: [Escalation.State] = [.awaitingAcknowledgement, .acknowledged, .decided(decision)]
    static let events: [Escalation.Event] = [.acknowledge, .note, .decide(decision)]

    static func expected(_ state: Escalation.State, _ event: Escalation.Event) -> Escalation.State? {
        switch (state, event) {
        case (.awaitingAcknowledgement, .acknowledge): .acknowledged
        case (.acknowledged, .note): .acknowledged
        case (.acknowledged, .decide(let decision)): .decided(decision)
        default: nil
        }
    }

    /// Every state × event.
    @Test(arguments: states)
    func table(state: Escalation.State) {
        for event in Self.events {
            var escalation = Escalation(state: state)
            if let next = Self.expected(state, event) {
                #expect((try? escalation.apply(event)) != nil, "\(state) + \(event)")
                #expect(escalation.state == next)
            } else {
                #expect { try escalation.apply(event) } throws: { ($0 as? Escalation.TransitionError)?.state == state }
                #expect(escalation.state == state)
            }
        }
    }

    /// A decision needs reasons; a referral needs both grounds and a date.
    @Test func decision_validation() {
        #expect(throws: Never.self) { try Self.decision.validate() }
        #expect(throws: ValidationFailure.self) { try EscalationDecision(action: .noFurtherAction, reasons: " ").validate() }
        #expect(throws: ValidationFailure.self) { try EscalationDecision(action: .continueSupport, reasons: "x", referralGrounds: [.adverseHealth]).validate() }
    }
}
