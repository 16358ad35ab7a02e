import Domain
import PropertyBased
import Testing

/// Every state × event of the support and action plan, and its invariants.
@Suite struct SupportPlanTests {
    typealias Plan = SupportAndActionPlan

    static let states: [Plan.State] = [
        .draft(acknowledged: []), .draft(acknowledged: [.nqsw, .assessor]), .agreed, .active, .underReview, .closed,
        .escalated(procedure: "capability", outcome: nil), .escalated(procedure: "capability", outcome: "improvement notice"),
        .cancelled(reason: "left"),
    ]
    static let events: [Plan.Event] = [
        .edit, .acknowledge(.nqsw), .acknowledge(.lineManager), .start, .beginReview, .close, .extend(reason: "more time"),
        .escalate(procedure: "capability"), .recordProcedureOutcome("no case to answer"), .cancel(reason: "NQSW left"),
    ]

    /// The expected next state for each legal pair; `nil` means the pair is refused.
    static func expected(_ state: Plan.State, _ event: Plan.Event) -> Plan.State? {
        switch (state, event) {
        case (.draft, .edit): .draft(acknowledged: [])
        case (.draft(let acknowledged), .acknowledge(let party)):
            acknowledged.contains(party) ? nil : acknowledged.union([party]).count == 3 ? .agreed : .draft(acknowledged: acknowledged.union([party]))
        case (.draft, .cancel(let reason)), (.agreed, .cancel(let reason)), (.active, .cancel(let reason)), (.underReview, .cancel(let reason)):
            .cancelled(reason: reason)
        case (.agreed, .start): .active
        case (.active, .beginReview): .underReview
        case (.active, .escalate(let procedure)), (.underReview, .escalate(let procedure)): .escalated(procedure: procedure, outcome: nil)
        case (.underReview, .close): .closed
        case (.underReview, .extend): .active
        case (.escalated(let procedure, nil), .recordProcedureOutcome(let outcome)): .escalated(procedure: procedure, outcome: outcome)
        default: nil
        }
    }

    /// The whole table: legal pairs move as expected, illegal ones throw naming state and event and change nothing.
    @Test(arguments: states)
    func table(state: Plan.State) {
        for event in Self.events {
            var plan = Plan(state: state)
            if let next = Self.expected(state, event) {
                let effects = try? plan.apply(event)
                #expect(effects?.isEmpty == false, "\(state) + \(event) should move")
                #expect(plan.state == next, "\(state) + \(event)")
            } else {
                #expect { try plan.apply(event) } throws: { error in
                    let transition = error as? Plan.TransitionError
                    return transition?.state == state && transition?.event == event && transition?.reason.isEmpty == false
                }
                #expect(plan.state == state)
            }
        }
    }

    /// Extensions stop at the policy's limit.
    @Test func extensions_stopAtTheLimit() throws {
        var plan = Plan(state: .underReview, maximumExtensions: 1)
        #expect(try plan.apply(.extend(reason: "sickness")) == [.extended(count: 1)])
        _ = try plan.apply(.beginReview)
        #expect(throws: Plan.TransitionError.self) { try plan.apply(.extend(reason: "again")) }
        #expect(plan.state == .underReview)
    }

    /// An edit after acknowledgements clears them: everyone acknowledges the same words.
    @Test func edit_clearsAcknowledgements() throws {
        var plan = Plan()
        _ = try plan.apply(.acknowledge(.nqsw))
        _ = try plan.apply(.acknowledge(.assessor))
        #expect(try plan.apply(.edit) == [.contentChanged(acknowledgementsCleared: true)])
        #expect(plan.state == .draft(acknowledged: []))
    }

    /// No sequence of events leaves a plan active without all three acknowledgements since its last change.
    @Test func neverActiveWithoutThreeAcknowledgements() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...(Self.events.count - 1)).array(of: 0...40)) { indexes in
            var plan = Plan()
            var acknowledgedSinceEdit: Set<PlanParty> = []
            for index in indexes {
                let event = Self.events[index]
                guard (try? plan.apply(event)) != nil else { continue }
                switch event {
                case .edit: acknowledgedSinceEdit = []
                case .acknowledge(let party): acknowledgedSinceEdit.insert(party)
                default: break
                }
                if plan.state == .active || plan.state == .underReview || plan.state == .agreed {
                    #expect(acknowledgedSinceEdit == Set(PlanParty.allCases))
                }
            }
        }
    }
}
