internal import Domain
internal import PQ
internal import Foundation

/// Evidence for the demo NQSWs, so that a person trying Quorum sees years at
/// different stages: most on track, one with a KSS statement never
/// evidenced, one with a sickness absence, one whose reflection raised a
/// suspicion of generative-AI use, and one near the end with everything in place.
enum DemoPortfolios {
    /// What is special about one NQSW's year.
    struct Shape {
        var skipStatementNumber: Int?
        var absenceDays: Int
        var aiFlag: Bool
        var complete: Bool
    }

    static func shape(for index: Int) -> Shape {
        Shape(skipStatementNumber: index == 5 ? 5 : nil, absenceDays: index == 7 ? 10 : 0, aiFlag: index == 8, complete: index == 10)
    }

    /// Supervision at the policy's rhythm, signed and copied; one NQSW (index 4)
    /// misses a run of fortnightly sessions and has a cancellation never rescheduled.
    static func loadSupervision(_ enrolment: Enrolment, index: Int, lineManager: PersonID, today: CalendarDay, on connection: PQConnection) throws {
        let actor = Actor(personID: lineManager, role: Role.lineManager.rawValue, requestID: nil)
        var day = enrolment.startDate.adding(days: 2)
        var number = 0
        while day < today.adding(days: -2) {
            let offset = enrolment.startDate.days(until: day)
            let gap = offset < 42 ? 7 : offset < 182 ? 14 : 28
            let missedRun = index == 4 && offset >= 60 && offset < 120
            if missedRun && number % 3 == 0 {
                try SupervisionRepository.insert(SupervisionSession(
                    id: .random(), enrolmentID: enrolment.id, supervisorID: lineManager, scheduledFor: day,
                    outcome: .cancelled(reason: "Supervisor covering duty desk", rescheduledTo: nil, reportedOn: nil)),
                    organisation: enrolment.organisationID, actor: actor, on: connection)
            } else if !missedRun {
                let session = SupervisionSession(
                    id: .random(), enrolmentID: enrolment.id, supervisorID: lineManager, scheduledFor: day,
                    outcome: .held(durationMinutes: 60, topics: "Caseload, risk and reflection", agreedActions: "See case notes"),
                    supervisorSignedOn: day)
                try SupervisionRepository.insert(session, organisation: enrolment.organisationID, actor: actor, on: connection)
                _ = try SupervisionRepository.update(session.id, nqswSignedOn: day.adding(days: 1), copyGivenOn: day.adding(days: 2), expectedVersion: 1,
                                                     organisation: enrolment.organisationID, action: "supervision.copy_given", actor: actor, on: connection)
            }
            number += 1
            day = day.adding(days: gap)
        }
        // The tracker's first lines, done early in every year under way.
        for (item, days) in [(Tracker.ChecklistItem.learningAgreement, 14), (.developmentPlan, 30), (.mandatoryElearning, 60)]
        where enrolment.startDate.adding(days: days) <= today {
            _ = try TrackerRepository.tick(item, on: enrolment.startDate.adding(days: days), enrolment: enrolment, actor: actor, on: connection)
        }
    }

    /// Signed reviews held two days after each milestone fell due (one NQSW,
    /// index 9, has the 6-month review still unsigned; index 4's 3-month
    /// review is overdue, not yet recorded). Final reviews come with the
    /// recommendations heard at the past panel (`DemoPanels`).
    static func loadReviews(_ enrolment: Enrolment, index: Int, lineManager: PersonID, today: CalendarDay, on connection: PQConnection) throws {
        let clock = try ClockRepository.clock(for: enrolment, on: connection)
        for months in [3, 6, 9] where clock.dueDate(afterMonths: months).adding(days: 2) <= today {
            let heldOn = clock.dueDate(afterMonths: months).adding(days: 2)
            if index == 4 && months == 3 { continue } // overdue: the tracker shows it, and the assessor records it in the browser journey
            let review = Review(
                id: .random(), enrolmentID: enrolment.id, milestone: months, heldOn: heldOn,
                progress: "Progressing at the expected pace; evidence mapped across the KSS and PCF for the period.",
                statements: [], assessorComments: "Good progress; keep reflecting on analysis of risk.",
                lineManagerComments: "Caseload appropriate; supervision regular.", nqswComments: "Agree.", agreedActions: "Two observations next period.")
            let actor = Actor(personID: enrolment.assessorID, role: Role.assessor.rawValue, requestID: nil)
            try ReviewRepository.insert(review, organisation: enrolment.organisationID, actor: actor, on: connection)
            if index == 9 && months == 6 { continue }
            var version = 1
            for (signer, person) in [(ReviewSigner.assessor, enrolment.assessorID), (.lineManager, lineManager), (.nqsw, enrolment.nqswID)] {
                _ = try ReviewRepository.sign(review.id, as: signer, by: person, on: heldOn, expectedVersion: version,
                                              organisation: enrolment.organisationID, completes: signer == .nqsw, actor: actor, on: connection)
                version += 1
            }
        }
    }

    /// One NQSW (index 3) with a concern and a support plan under review; one
    /// (index 6) with a fitness-to-practise concern escalated to the PSW and
    /// awaiting acknowledgement.
    static func loadConcerns(_ enrolment: Enrolment, index: Int, lineManager: PersonID, today: CalendarDay, on connection: PQConnection) throws {
        guard index == 3 || index == 6 else { return }
        let actor = Actor(personID: enrolment.assessorID, role: Role.assessor.rawValue, requestID: nil)
        let raised = today.adding(days: -21)
        let concern = Concern(
            id: .random(), enrolmentID: enrolment.id, raisedBy: enrolment.assessorID, raisedOn: raised,
            category: index == 3 ? .progress : .conduct, severity: index == 3 ? .developmental : .fitnessToPractise,
            description: index == 3 ? "Assessments are repeatedly late and analysis of risk is thin" : "Visit records for two families do not match the visits logged")
        try ConcernRepository.insert(concern, organisation: enrolment.organisationID, actor: actor, on: connection)
        _ = try ConcernRepository.record(.shared(raised.adding(days: 1)), on: concern.id, organisation: enrolment.organisationID, actor: actor, on: connection)
        if index == 6 {
            guard let enrolmentRecord = try EnrolmentRepository.find(enrolment.id, in: enrolment.organisationID, on: connection) else { return }
            let record = EscalationRecord(
                id: UUID(), enrolmentID: enrolment.id, concernID: concern.id, escalatedBy: enrolment.assessorID, escalatedOn: today.adding(days: -1),
                reason: "Records of visits to two families do not match the visits logged; this may be a conduct matter for the PSW.", planID: nil,
                machine: Escalation(), acknowledgedOn: nil, decidedOn: nil,
                pack: try ReferralPack.assemble(record: enrolmentRecord, concern: concern, asOf: today.adding(days: -1), on: connection),
                notes: [], version: 1)
            try EscalationRepository.insert(record, organisation: enrolment.organisationID, actor: actor, on: connection)
            return
        }
        var plan = PlanRecord(
            id: UUID(), enrolmentID: enrolment.id, machine: SupportAndActionPlan(), concernIDs: [concern.id],
            support: "Weekly reflective supervision and two shadowed assessments with a senior practitioner", nextReviewOn: today.adding(days: 14),
            acknowledgements: [:], nqswComments: nil,
            objectives: [PlanRecord.Objective(number: 1, description: "Complete child and family assessments within 45 working days",
                                              statements: ["KSS-CF-6"], targetDate: today.adding(days: 14))],
            openedOn: raised.adding(days: 2), version: 1)
        try SupportPlanRepository.insert(plan, organisation: enrolment.organisationID, actor: actor, on: connection)
        for event: SupportAndActionPlan.Event in [.acknowledge(.nqsw), .acknowledge(.assessor), .acknowledge(.lineManager), .start, .beginReview] {
            _ = try plan.machine.apply(event)
            var step = SupportPlanRepository.Step(action: "plan.demo", occurredOn: raised.adding(days: 3))
            if case .acknowledge(let party) = event {
                plan.acknowledgements[party] = raised.adding(days: 3)
                let person = switch party {
                case .nqsw: enrolment.nqswID
                case .assessor: enrolment.assessorID
                case .lineManager: enrolment.lineManagerID
                }
                step.acknowledgement = PlanAcknowledgement(party: party, comments: nil, acknowledgedBy: person)
            }
            if event == .beginReview {
                step.occurredOn = today
                step.objectiveReviews = [ObjectiveReview(number: 1, outcome: .partlyMet, note: "Two of three assessments on time")]
            }
            _ = try SupportPlanRepository.save(plan, expectedVersion: plan.version, organisation: enrolment.organisationID, step: step, actor: actor,
                                               on: connection)
            plan.version += 1
        }
    }

    static let kinds: [EvidenceKind] = [.directObservation, .personFeedback, .professionalFeedback, .writtenReport, .supervisionNote]

    static func load(_ enrolment: Enrolment, index: Int, lineManager: PersonID, today: CalendarDay, on connection: PQConnection) throws {
        guard let frameworks = try FrameworkRepository.pinned(for: enrolment.id, on: connection) else { return }
        let shape = shape(for: index)
        if shape.absenceDays > 0 {
            let start = enrolment.startDate.adding(days: 40)
            _ = try ClockRepository.addAbsence(
                Absence(start: start, end: start.adding(days: shape.absenceDays - 1), kind: .sickness, reason: "Sickness absence"),
                to: enrolment, actor: Actor(personID: lineManager, role: Role.lineManager.rawValue, requestID: nil), on: connection)
        }
        let clock = try ClockRepository.clock(for: enrolment, on: connection)
        let codes = frameworks.allStatements.filter { shape.skipStatementNumber == nil || !$0.code.hasSuffix("-\(shape.skipStatementNumber!)") || $0.code.hasPrefix("PCF") }.map(\.code)
        let boundaries = [clock.start, clock.dueDate(afterMonths: 3), clock.dueDate(afterMonths: 6), clock.dueDate(afterMonths: 9), clock.dueDate(afterMonths: 12)]
        var serial = 0
        for period in 0..<4 {
            let periodStart = boundaries[period]
            guard periodStart.adding(days: 10) <= today else { break }
            let span = max(1, periodStart.days(until: min(boundaries[period + 1], today)))
            var periodKinds = kinds
            if period == 1 || period == 3 { periodKinds.insert(.criticalReflection, at: 0) }
            for (slot, kind) in periodKinds.enumerated() {
                let practice = periodStart.adding(days: min(span - 1, 7 + slot * max(1, span / periodKinds.count)))
                guard practice <= today.adding(days: -2) else { continue }
                // Each item maps three codes; over a period the items cover every statement and domain.
                let mapped = (0..<3).map { codes[(serial * 3 + $0) % codes.count] }
                serial += 1
                let item = EvidenceItem(
                    id: .random(), enrolmentID: enrolment.id, kind: kind, practiceDate: practice, addedOn: practice.adding(days: 2),
                    authorID: kind == .directObservation || kind == .writtenReport ? enrolment.assessorID : enrolment.nqswID,
                    description: description(kind, period: period), statements: Array(Set(mapped)).sorted())
                try EvidenceRepository.insert(item, organisation: enrolment.organisationID, frameworks: frameworks, actor: .system, on: connection)
                let level: JudgementLevel = shape.complete || period > 0 || slot % 3 != 2 ? .meets : .partlyMeets
                try EvidenceRepository.addJudgement(
                    Judgement(judgeID: enrolment.assessorID, level: level, feedback: feedback(kind, level: level), recordedOn: practice.adding(days: 2)),
                    to: item.id, organisation: enrolment.organisationID,
                    aiUseSuspected: shape.aiFlag && kind == .criticalReflection ? true : nil, actor: .system, on: connection)
                if shape.complete || (serial % 4 != 0) {
                    _ = try EvidenceRepository.verify(item.id, organisation: enrolment.organisationID, by: enrolment.assessorID,
                                                      on: practice.adding(days: 2), actor: .system, on: connection)
                }
            }
        }
    }

    static func description(_ kind: EvidenceKind, period: Int) -> String {
        switch kind {
        case .directObservation: "Observed home visit: planning, engagement with the child and parents, and the recording that followed"
        case .personFeedback: "Feedback from a parent on how the visits were explained and whether they felt heard"
        case .professionalFeedback: "Feedback from the school's designated safeguarding lead after a joint meeting"
        case .writtenReport: "Assessment report (anonymised) with analysis, plan and review date"
        case .supervisionNote: "Supervision record: case discussion, reflection on risk and agreed actions"
        case .criticalReflection: "Critical reflection log for months \(period * 3)–\(period * 3 + 3)"
        case .presentation, .other: "Other evidence"
        }
    }

    static func feedback(_ kind: EvidenceKind, level: JudgementLevel) -> String {
        switch level {
        case .meets: "Clear, child-centred practice at the expected level; analysis links evidence to the plan."
        case .partlyMeets: "Good engagement; the analysis of risk needs to weigh the evidence more explicitly."
        case .doesNotYetMeet: "Not yet at the expected level: see agreed actions."
        }
    }
}
