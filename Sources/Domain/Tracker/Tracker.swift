/// The ASYE tracker (seed 002, Appendix 9): each line done, due or overdue,
/// with its dates. Checklist lines are ticked by people; the rest is read
/// from reviews, evidence and the year's clock, so it cannot drift from them.
public struct Tracker: Sendable, Hashable {
    /// Lines a person records as done.
    public enum ChecklistItem: String, Sendable, Hashable, Codable, CaseIterable {
        case learningAgreement = "learning_agreement"
        case developmentPlan = "development_plan"
        case mandatoryElearning = "mandatory_elearning"
        case finalEvidenceMeeting = "final_evidence_meeting"
        case certificateSeen = "certificate_seen"
    }

    public enum Status: String, Sendable, Hashable, Codable {
        case done
        case due
        case overdue
        /// Waits on a later workflow (the panel).
        case pending
    }

    public struct Line: Sendable, Hashable {
        public init(key: String, label: String, status: Status, due: CalendarDay?, doneOn: CalendarDay?, detail: String) {
            self.key = key
            self.label = label
            self.status = status
            self.due = due
            self.doneOn = doneOn
            self.detail = detail
        }

        public var key: String
        public var label: String
        public var status: Status
        public var due: CalendarDay?
        public var doneOn: CalendarDay?
        public var detail: String
    }

    public var lines: [Line]

    public var overdue: Int { lines.filter { $0.status == .overdue }.count }

    /// Builds the tracker as of `asOf`.
    public static func build(
        schedule: ReviewSchedule, reviews: [Review], evidence: [EvidenceItem], checklist: [ChecklistItem: CalendarDay],
        planState: SupportAndActionPlan.State? = nil, hearings: [PanelHearing] = [], asOf: CalendarDay
    ) -> Tracker {
        let start = schedule.start
        func line(_ key: String, _ label: String, due: CalendarDay?, doneOn: CalendarDay?, detail: String = "") -> Line {
            let status: Status = doneOn.map { $0 <= asOf } == true ? .done : (due.map { asOf > $0 } == true ? .overdue : .due)
            return Line(key: key, label: label, status: status, due: due, doneOn: doneOn.flatMap { $0 <= asOf ? $0 : nil }, detail: detail)
        }
        var lines: [Line] = [
            line("learning_agreement", "Learning agreement / critical reflection log in place", due: start.adding(days: 28), doneOn: checklist[.learningAgreement]),
            line("development_plan", "Professional development plan up to date", due: start.adding(days: 42), doneOn: checklist[.developmentPlan]),
            line("mandatory_elearning", "Mandatory e-learning complete", due: start.adding(days: 90), doneOn: checklist[.mandatoryElearning]),
        ]
        let signed = reviews.filter { $0.machine.state == .signed && $0.heldOn <= asOf }
        for milestone in schedule.milestones where milestone.months < 12 {
            let done = signed.filter { $0.milestone == milestone.months }.map(\.heldOn).min()
            lines.append(line("review_\(milestone.months)", "\(milestone.months)-month review (signed)", due: milestone.due, doneOn: done))
        }
        let counted = evidence.filter { $0.practiceDate <= asOf && $0.addedOn <= asOf }
        let observations = counted.filter { $0.kind == .directObservation }.sorted { $0.practiceDate < $1.practiceDate }
        lines.append(line("direct_observations", "Direct observations (3)", due: schedule.finalReviewDue,
                          doneOn: observations.count >= 3 ? observations[2].practiceDate : nil, detail: "\(observations.count) recorded"))
        let reflections = counted.filter { item in
            item.kind == .criticalReflection && item.judgements.contains { !$0.feedback.trimmingWhitespace().isEmpty }
        }.sorted { $0.practiceDate < $1.practiceDate }
        // Suspected generative-AI use: the reflections are not done until the final one is given as a presentation.
        let presentation = PresentationRequirement.among(counted)
        var reflectionsDone = reflections.count >= 3 ? reflections[2].practiceDate : nil
        if let presentation, let done = reflectionsDone {
            reflectionsDone = presentation.answer.map { max(done, $0.practisedOn) }
        }
        lines.append(line("critical_reflections", "Critical reflection logs with written assessor feedback (3)", due: schedule.finalReviewDue,
                          doneOn: reflectionsDone,
                          detail: "\(reflections.count) with feedback" + (presentation?.isAnswered == false ? "; presentation required" : "")))
        if let presentation {
            lines.append(line("reflection_presentation", "Final critical reflection as a presentation (generative-AI use suspected)",
                              due: schedule.finalReviewDue, doneOn: presentation.answer?.practisedOn,
                              detail: presentation.isAnswered ? "Presented, with the assessor's feedback" : "Presentation required"))
        }
        lines.append(line("final_evidence_meeting", "Final evidence meeting", due: schedule.finalReviewDue.adding(days: -14), doneOn: checklist[.finalEvidenceMeeting]))
        let finalReview = signed.filter(\.isFinal).map(\.heldOn).min()
        lines.append(line("final_report", "Final review and report (signed)", due: schedule.finalReviewDue, doneOn: finalReview))
        if let planState {
            let ended = planState.hasOutcome
            lines.append(Line(key: "support_plan", label: "Support and action plan", status: ended ? .done : .due, due: nil, doneOn: nil,
                              detail: planState.name.replacingUnderscores()))
        }
        lines.append(PanelHearing.trackerLine(hearings, asOf: asOf))
        var certificate = line("certificate_seen", "Certificate seen", due: nil, doneOn: checklist[.certificateSeen])
        if certificate.status != .done { certificate.status = .pending }
        lines.append(certificate)
        return Tracker(lines: lines)
    }

    /// Refuses "certificate seen" before a signed PASS, or dated before it:
    /// the certificate is what a pass produces.
    public static func checkCertificate(seenOn: CalendarDay, passSignedOn: CalendarDay?) throws(RuleBreach) {
        guard let passSignedOn else {
            throw RuleBreach(.certificateAfterPass, record: "the year's panel decision", date: nil,
                             detail: "The certificate is seen after a panel's PASS is signed; no signed PASS is recorded for this year.")
        }
        guard seenOn >= passSignedOn else {
            throw RuleBreach(.certificateAfterPass, record: "the year's panel decision", date: passSignedOn,
                             detail: "The PASS was signed on \(passSignedOn.spoken); the certificate cannot have been seen on \(seenOn.spoken), before it.")
        }
    }
}
