import Domain
import Testing

/// Every state × event of the review sign-off machine.
@Suite struct ReviewMachineTests {
    typealias M = ReviewMachine
    enum Outcome: Equatable {
        case moves(to: M.State, effects: [M.Effect])
        case refused
    }

    static let states: [M.State] = [.draft, .signing([.nqsw]), .signing([.nqsw, .assessor]), .signing([.assessor, .lineManager]), .signed]
    static let events: [M.Event] = [.edit, .sign(.nqsw), .sign(.assessor), .sign(.lineManager)]

    static func expected(_ state: M.State, _ event: M.Event) -> Outcome {
        switch (state, event) {
        case (.draft, .edit): .moves(to: .draft, effects: [.contentChanged])
        case (.draft, .sign(let signer)): .moves(to: .signing([signer]), effects: [.signed(signer)])
        case (.signing, .edit): .refused
        case (.signing(let signers), .sign(let signer)):
            signers.contains(signer) ? .refused
                : signers.count == 2 ? .moves(to: .signed, effects: [.signed(signer), .completed])
                : .moves(to: .signing(signers.union([signer])), effects: [.signed(signer)])
        case (.signed, _): .refused
        }
    }

    /// The whole table: legal pairs move and report their effects; illegal ones throw naming state and event.
    @Test(arguments: states)
    func table(state: M.State) {
        for event in Self.events {
            var machine = M(state: state)
            switch Self.expected(state, event) {
            case .moves(let next, let effects):
                let applied = try? machine.apply(event)
                #expect(applied == effects, "\(state) + \(event)")
                #expect(machine.state == next, "\(state) + \(event)")
            case .refused:
                #expect { try machine.apply(event) } throws: { error in
                    let transition = error as? M.TransitionError
                    return transition?.state == state && transition?.event == event && !(transition?.reason.isEmpty ?? true)
                }
                #expect(machine.state == state, "a refused event changes nothing")
            }
        }
    }

    /// Any order of the three signatures completes the review exactly once.
    @Test func anyOrder_completesOnce() throws {
        for order in [[ReviewSigner.nqsw, .assessor, .lineManager], [.lineManager, .nqsw, .assessor], [.assessor, .lineManager, .nqsw]] {
            var machine = M()
            var effects: [M.Effect] = []
            for signer in order { effects += try machine.apply(.sign(signer)) }
            #expect(machine.state == .signed)
            #expect(effects.filter { $0 == .completed }.count == 1)
        }
    }
}

@Suite struct ReviewValidationTests {
    let start = CalendarDay(year: 2026, month: 1, day: 5)!
    let today = CalendarDay(year: 2026, month: 11, day: 24)!
    let frameworks = PinnedFrameworks(
        kss: Framework(id: "k", kind: .kss, setting: .adults, version: "1", title: "KSS", statements: [FrameworkStatement(code: "K1", number: 1, title: "One")]),
        pcf: Framework(id: "p", kind: .pcf, setting: nil, version: "1", title: "PCF", statements: [FrameworkStatement(code: "P1", number: 1, title: "One")]))

    func review(milestone: Int = 6, circumstances: String? = nil, amends: ReviewID? = nil, reason: String? = nil) -> Review {
        Review(id: .random(), enrolmentID: .random(), milestone: milestone, heldOn: start.adding(months: 6), progress: "On track",
               statements: ["K1"], assessorComments: "", lineManagerComments: "", nqswComments: "", agreedActions: "",
               assessorChangeCircumstances: circumstances, amends: amends, amendmentReason: reason)
    }

    /// After a change of assessor the next review must record its circumstances.
    @Test func assessorChange_requiresCircumstances() {
        #expect(throws: ValidationFailure(field: "assessorChangeCircumstances", message: "The assessor changed since the last review: record the circumstances of the change.")) {
            try review().validate(yearStart: start, today: today, frameworks: frameworks, assessorChanged: true)
        }
        #expect(throws: Never.self) {
            try review(circumstances: "Previous assessor on long-term leave; handover meeting held 3 June").validate(yearStart: start, today: today, frameworks: frameworks, assessorChanged: true)
        }
    }

    /// Milestones are 3, 6, 9 or 12; an amendment needs a reason.
    @Test func milestoneAndAmendment_rules() {
        #expect(throws: ValidationFailure.self) { try review(milestone: 4).validate(yearStart: start, today: today, frameworks: frameworks, assessorChanged: false) }
        #expect(throws: ValidationFailure.self) { try review(amends: .random()).validate(yearStart: start, today: today, frameworks: frameworks, assessorChanged: false) }
        #expect(review(milestone: 12).isFinal)
    }
}
