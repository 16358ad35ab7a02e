import Domain
import PropertyBased
import Testing

/// Every state × event of the recommendation machine.
@Suite struct RecommendationMachineTests {
    typealias M = RecommendationMachine
    static let states: [M.State] = [.draft, .submitted(version: 1), .submitted(version: 2), .allocated(version: 2), .decided(version: 2), .withdrawn(reason: "left")]
    static let events: [M.Event] = [.submit, .amend(reason: "typo"), .allocate, .release, .decide(onVersion: 2), .decide(onVersion: 1), .withdraw(reason: "left")]

    static func expected(_ state: M.State, _ event: M.Event) -> M.State? {
        switch (state, event) {
        case (.draft, .submit): .submitted(version: 1)
        case (.draft, .withdraw(let reason)), (.submitted, .withdraw(let reason)), (.allocated, .withdraw(let reason)): .withdrawn(reason: reason)
        case (.submitted(let version), .amend): .submitted(version: version + 1)
        case (.submitted(let version), .allocate): .allocated(version: version)
        case (.allocated(let version), .amend): .allocated(version: version + 1)
        case (.allocated(let version), .release): .submitted(version: version)
        case (.allocated(let version), .decide(let on)) where on == version: .decided(version: version)
        default: nil
        }
    }

    @Test(arguments: states)
    func table(state: M.State) {
        for event in Self.events {
            var machine = M(state: state)
            if let next = Self.expected(state, event) {
                #expect((try? machine.apply(event)) != nil, "\(state) + \(event)")
                #expect(machine.state == next)
            } else {
                #expect { try machine.apply(event) } throws: { ($0 as? M.TransitionError)?.state == state && ($0 as? M.TransitionError)?.event == event }
                #expect(machine.state == state)
            }
        }
    }

    /// A submission with unmet criteria needs a justification for each, named by criterion.
    @Test func submission_requiresJustificationPerUnmetFinding() {
        let findings = [SufficiencyFinding(criterion: .accurate, reasons: []),
                        SufficiencyFinding(criterion: .robust, reasons: [.init(.portfolio, "1 of 4 items verified.")])]
        #expect(throws: ValidationFailure.self) {
            try RecommendationSubmission.validate(outcome: .pass, rationale: "Consistently good", findings: findings, justifications: [:])
        }
        #expect(throws: Never.self) {
            try RecommendationSubmission.validate(outcome: .pass, rationale: "Consistently good", findings: findings,
                                                  justifications: [.robust: "Verification backlog; the assessor observed every item first-hand."])
        }
    }
}

@Suite struct PanelCompositionTests {
    let chair = PersonID.random()
    let a = PersonID.random()
    let b = PersonID.random()
    let c = PersonID.random()

    /// Three including the chair make a quorum; a case conflicting out a member below quorum is refused with the reason.
    @Test func quorumAndConflicts() throws {
        #expect(throws: ValidationFailure.self) { try PanelComposition(chair: chair, members: [a]).validate() }
        let panel = PanelComposition(chair: chair, members: [a, b, c])
        try panel.validate()
        let clean = PanelComposition.CaseParties(nqsw: .random(), assessor: .random(), lineManager: .random())
        try panel.checkCanHear(clean)
        let assessedByA = PanelComposition.CaseParties(nqsw: .random(), assessor: a, lineManager: .random(), declaredConflicts: [b])
        #expect(panel.deciders(for: assessedByA) == [chair, c])
        #expect(throws: ValidationFailure.self) { try panel.checkCanHear(assessedByA) }
        let chairIsManager = PanelComposition.CaseParties(nqsw: .random(), assessor: .random(), lineManager: chair)
        #expect(throws: ValidationFailure.self) { try panel.checkCanHear(chairIsManager) }
    }
}

@Suite struct ModerationSampleTests {
    static func cases(_ seeds: [Int]) -> [ModerationSample.Case] {
        seeds.map { seed in
            ModerationSample.Case(id: .random(), outcome: seed % 7 == 0 ? .fail : .pass, borderline: seed % 11 == 0, grade: seed % 13 == 0 ? 3 : nil)
        }
    }

    /// The same seed gives the same sample; every FAIL, borderline and near miss is always in it; the share of the rest is rounded up.
    @Test func sample_isReproducibleAndComplete() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...10_000).array(of: 0...60), Gen.int(in: 0...1_000_000)) { seeds, seed in
            let all = Self.cases(seeds)
            let first = ModerationSample.draw(all, share: 0.1, seed: UInt64(seed))
            let second = ModerationSample.draw(all.reversed(), share: 0.1, seed: UInt64(seed))
            #expect(first == second)
            let required = all.filter { $0.outcome == .fail || $0.borderline || $0.grade == 3 }.map(\.id)
            #expect(Set(required).isSubset(of: Set(first)))
            let restCount = all.count - required.count
            #expect(first.count == required.count + Int((Double(restCount) * 0.1).rounded(.up)))
        }
    }

    /// A different seed usually picks a different share of the rest.
    @Test func sample_dependsOnSeed() {
        let all = Self.cases(Array(1...200).filter { $0 % 7 != 0 && $0 % 11 != 0 && $0 % 13 != 0 })
        let samples = Set((0..<5).map { ModerationSample.draw(all, share: 0.1, seed: UInt64($0)) })
        #expect(samples.count > 1)
    }
}
