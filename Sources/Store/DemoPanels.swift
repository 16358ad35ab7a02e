internal import Domain
internal import PQ
internal import Foundation

/// Panels for the demo employer: one that sat a month ago (a PASS, a FAIL and
/// a DEFER whose deadline has passed, re-listed at the panel sitting today),
/// three scheduled (today, in two weeks, in six), and a moderation sample
/// whose moderator disagreed on one case (a dispute still open).
enum DemoPanels {
    static func load(enrolments: [Enrolment], people: [String: Person], today: CalendarDay, on connection: PQConnection) throws {
        let organisation = DemoData.organisationID
        guard enrolments.count >= 12, let chair = people["panel1@northshire.example"]?.id, let second = people["panel2@northshire.example"]?.id,
              let third = people["panel3@northshire.example"]?.id, let moderator = people["moderator@northshire.example"]?.id,
              let coordinator = people["coordinator@northshire.example"]?.id else { return }
        let coordinating = Actor(personID: coordinator, role: Role.coordinator.rawValue, requestID: nil)
        func panel(sitsIn days: Int, chair: PersonID, members: Set<PersonID>, state: PanelMachine.State, location: String) throws -> PanelRecord {
            let record = PanelRecord(
                id: .random(), machine: PanelMachine(state: state),
                schedule: PanelSchedule(sitsOn: today.adding(days: days), startsAt: 600, endsAt: 780, location: location, capacity: 6,
                                        evidenceDeadline: today.adding(days: days - 7)),
                chairID: chair, memberIDs: members, quorum: 3, anonymised: false, reason: nil, version: 1)
            try PanelRepository.insert(record, organisation: organisation, actor: coordinating, on: connection)
            return record
        }
        let past = try panel(sitsIn: -30, chair: chair, members: [second, third], state: .closed, location: "Committee Room 2, County Hall")
        let sittingToday = try panel(sitsIn: 0, chair: chair, members: [second, third], state: .scheduled, location: "Committee Room 1, County Hall")
        _ = try panel(sitsIn: 14, chair: second, members: [chair, third], state: .scheduled, location: "Teams: link sent with the pack")
        _ = try panel(sitsIn: 45, chair: chair, members: [second, third], state: .scheduled, location: "Committee Room 2, County Hall")

        let satOn = today.adding(days: -30)
        // Kwame (index 11): PASS confirmed. Noah (9): FAIL confirmed. Isla (10): deferred after sickness absence.
        let hearings: [(index: Int, recommended: RecommendedOutcome, decision: PanelDecision)] = [
            (11, .pass, PanelDecision(kind: .confirm, outcome: .pass, recommendationVersion: 1)),
            (9, .fail, PanelDecision(kind: .confirm, outcome: .fail, recommendationVersion: 1)),
            (10, .pass, PanelDecision(kind: .deferral, outcome: .deferred, reasons: "Final-period evidence incomplete after a long absence; extension agreed.",
                                      deadline: today.adding(days: -5), recommendationVersion: 1)),
        ]
        var decidedCases: [PanelCaseID] = []
        for hearing in hearings {
            let enrolment = enrolments[hearing.index]
            var recommendation = try recommend(enrolment, outcome: hearing.recommended, on: satOn.adding(days: -20), on: connection)
            let caseID = try PanelCaseRepository.list(panel: past.id, enrolment: enrolment.id, recommendation: recommendation.id, caseDeadline: nil,
                                                      on: satOn.adding(days: -10), organisation: organisation, actor: coordinating, on: connection)
            _ = try recommendation.machine.apply(.allocate)
            _ = try RecommendationRepository.save(recommendation, creating: false, expectedVersion: recommendation.version, newVersion: nil, organisation: organisation,
                                                  action: "recommendation.allocated", reason: nil, actor: coordinating, on: connection)
            recommendation.version += 1
            guard var record = try PanelCaseRepository.load([caseID], on: connection).first else { continue }
            let member = Actor(personID: second, role: Role.panelMember.rawValue, requestID: nil)
            let recorded = try PanelCaseRepository.insertDecision(hearing.decision, case: record, recordedBy: second, on: satOn, organisation: organisation, on: connection)
            _ = try record.machine.apply(.record(hearing.decision))
            _ = try PanelCaseRepository.save(record, organisation: organisation, action: "panel_case.decision_recorded", reason: hearing.decision.reasons,
                                             changes: recorded, actor: member, on: connection)
            record.version += 1
            guard let decision = try PanelCaseRepository.load([caseID], on: connection).first?.decision else { continue }
            let signing = Actor(personID: chair, role: "panel_chair", requestID: nil)
            let signature = try PanelCaseRepository.sign(decision, case: record, on: satOn, organisation: organisation, actor: signing, on: connection)
            _ = try record.machine.apply(.sign)
            _ = try PanelCaseRepository.save(record, organisation: organisation, action: "panel_case.decision_signed", reason: nil,
                                             changes: signature, actor: signing, on: connection)
            let final = hearing.decision.outcome.final
            _ = try recommendation.machine.apply(final != nil ? .decide(onVersion: 1) : .deferJudgement(onVersion: 1))
            _ = try RecommendationRepository.save(recommendation, creating: false, expectedVersion: recommendation.version, newVersion: nil, organisation: organisation,
                                                  action: final != nil ? "recommendation.decided" : "recommendation.deferred", reason: nil, actor: signing, on: connection)
            recommendation.version += 1
            if let final {
                try PanelCaseRepository.closeYear(enrolment.id, outcome: final, organisation: organisation, actor: signing, on: connection)
                decidedCases.append(caseID)
            } else {
                _ = try PanelCaseRepository.list(panel: sittingToday.id, enrolment: enrolment.id, recommendation: recommendation.id, caseDeadline: hearing.decision.deadline,
                                                 on: satOn, organisation: organisation, actor: signing, on: connection)
                _ = try recommendation.machine.apply(.allocate)
                _ = try RecommendationRepository.save(recommendation, creating: false, expectedVersion: recommendation.version, newVersion: nil, organisation: organisation,
                                                      action: "recommendation.allocated", reason: nil, actor: signing, on: connection)
            }
        }

        // The sample: both decided cases (the FAIL always; 10 % of one PASS rounds up to one), moderated internally.
        let sampleID = UUID()
        let sampled = try PanelCaseRepository.load(decidedCases, on: connection)
        try ModerationRepository.insert(
            id: sampleID, from: satOn, to: satOn, seed: 2026, share: 0.1,
            cases: sampled.map { ($0.id, $0.decision?.outcome == .fail ? "fail" : "random") },
            moderators: [ModerationSampleRecord.Moderator(personID: moderator, external: false)], organisation: organisation, actor: coordinating, on: connection)
        if let passed = sampled.first(where: { $0.decision?.outcome == .pass }) {
            _ = try ModerationRepository.insertReview(
                ModerationReview(verdict: .disagree, comments: [.sufficient: "Only one direct observation in the final period; the range of evidence is thin for a PASS."]),
                sample: sampleID, case: passed.id, moderator: moderator, external: false, organisation: organisation,
                actor: Actor(personID: moderator, role: Role.moderator.rawValue, requestID: nil), on: connection)
        }
    }

    /// The sufficiency findings a demo recommendation was made on.
    struct Snapshot: Encodable {
        var asOf: String
        var findings: [[String: String]]
    }

    /// The final review and a submitted recommendation with its snapshot.
    static func recommend(_ enrolment: Enrolment, outcome: RecommendedOutcome, on day: CalendarDay, on connection: PQConnection) throws -> RecommendationRecord {
        let organisation = enrolment.organisationID
        let assessing = Actor(personID: enrolment.assessorID, role: Role.assessor.rawValue, requestID: nil)
        try ReviewRepository.insert(Review(
            id: .random(), enrolmentID: enrolment.id, milestone: 12, heldOn: day, progress: "Final review: the year's evidence across the KSS and PCF.",
            statements: [], assessorComments: outcome == .pass ? "Capable, reflective practitioner." : "Significant gaps in analysis of risk remain.",
            lineManagerComments: "Agree with the assessor.", nqswComments: "Noted.", agreedActions: "Panel."), organisation: organisation, actor: assessing, on: connection)
        var findings: [[String: String]] = []
        if let record = try EnrolmentRepository.find(enrolment.id, in: organisation, on: connection) {
            let result = SufficiencyCheck.run(try SufficiencyInputsRepository.load(record, on: connection), dates: CheckDates(asOf: day),
                                              proposedOutcome: outcome)
            findings = result.findings.map { ["criterion": $0.criterion.rawValue, "met": $0.met ? "yes" : "no", "reasons": $0.reasons.map(\.text).joined(separator: " ")] }
        }
        let snapshot = String(decoding: try JSONEncoder().encode(Snapshot(asOf: day.description, findings: findings)), as: UTF8.self)
        var record = RecommendationRecord(id: UUID(), enrolmentID: enrolment.id, machine: RecommendationMachine(), versions: [], version: 1)
        _ = try record.machine.apply(.submit)
        let justifications = Dictionary(uniqueKeysWithValues: findings.filter { $0["met"] == "no" }.map { ($0["criterion"]!, "Weighed by the assessor at the final review.") })
        _ = try RecommendationRepository.save(record, creating: true, expectedVersion: 1, newVersion: RecommendationRecord.Version(
            number: 1, outcome: outcome, rationale: outcome == .pass ? "Meets the KSS and PCF at ASYE level across the year." : "Does not yet meet KSS 3 and 6 despite a support plan.",
            borderline: false, grade: nil, justifications: justifications, snapshot: snapshot, amendmentReason: nil, submittedBy: enrolment.assessorID, submittedOn: day),
            organisation: organisation, action: "recommendation.submitted", reason: nil, actor: assessing, on: connection)
        return record
    }
}
