internal import Domain
internal import Store

/// The effects on other records that listing and releasing a case carry:
/// the recommendation moves with the case (allocated, back to the queue),
/// and a deferred case is re-listed at the first suitable panel. Written once
/// here and performed by every use case whose machine asks for them.
extension UseCaseContext {
    /// Releases a case from its panel and puts its recommendation back in the queue.
    func release(_ record: PanelCaseRecord, reason: String, actor: Actor) throws {
        var record = record
        do { _ = try record.machine.apply(.release(reason: reason)) } catch {
            throw Refusal.conflict("\(error.reason) (state: \(error.state.name))", kind: "case-transition-refused")
        }
        record.releasedReason = reason
        guard try PanelCaseRepository.save(record, organisation: organisation, action: "panel_case.released", reason: reason, actor: actor, on: connection)
        else { throw Refusal.stale(current: record.version + 1) }
        guard var recommendation = try RecommendationRepository.find(for: record.enrolmentID, organisation: organisation, on: connection) else { return }
        guard case .allocated = recommendation.machine.state else { return }
        do { _ = try recommendation.machine.apply(.release) } catch {
            throw Inconsistency("an allocated recommendation refused release: \(error.reason)")
        }
        guard try RecommendationRepository.save(recommendation, creating: false, expectedVersion: recommendation.version, newVersion: nil,
                                                organisation: organisation, action: "recommendation.released", reason: reason, actor: actor, on: connection)
        else { throw Refusal.stale(current: recommendation.version + 1) }
    }

    /// The deadline the latest signed deferral or referral back set for this enrolment, if any.
    func caseDeadline(_ enrolment: EnrolmentID) throws -> CalendarDay? {
        try PanelCaseRepository.cases(enrolment: enrolment, organisation: organisation, on: connection)
            .compactMap { $0.decision?.signedOn != nil ? $0.decision?.decision.deadline : nil }.max()
    }

    /// Lists the enrolment's submitted recommendation at `panel`, or refuses with the reason.
    func list(_ enrolment: EnrolmentRecord, at panel: PanelRecord, actor: Actor) throws -> PanelCaseID {
        guard var recommendation = try RecommendationRepository.find(for: enrolment.enrolment.id, organisation: organisation, on: connection) else {
            throw Refusal.conflict("The assessor has not submitted a final recommendation for this NQSW.", kind: "no-recommendation")
        }
        do { _ = try recommendation.machine.apply(.allocate) } catch {
            throw Refusal.conflict("\(error.reason) (state: \(error.state.name))", kind: "recommendation-transition-refused")
        }
        let listed = try PanelCaseRepository.cases(panels: [panel.id], organisation: organisation, on: connection).filter(\.machine.state.isPending).count
        let deadline = try caseDeadline(enrolment.enrolment.id)
        do {
            try PanelAllocation.check(PanelAllocation.Candidate(state: panel.machine.state, schedule: panel.schedule, composition: panel.composition, listed: listed),
                                      parties: PanelAgenda.parties(enrolment.enrolment, nil), caseDeadline: deadline, today: today)
        } catch {
            switch error {
            case .conflicted(let failure): throw failure
            case .notScheduled: throw Refusal.conflict(error.description, kind: "panel-not-scheduled")
            case .full: throw Refusal.conflict(error.description, kind: "panel-full")
            case .evidenceDeadlinePassed: throw Refusal.conflict(error.description, kind: "evidence-deadline-passed")
            case .sitsBeforeCaseDeadline: throw Refusal.conflict(error.description, kind: "before-case-deadline")
            }
        }
        let caseID = try PanelCaseRepository.list(panel: panel.id, enrolment: enrolment.enrolment.id, recommendation: recommendation.id,
                                                  caseDeadline: deadline, on: today, organisation: organisation, actor: actor, on: connection)
        guard try RecommendationRepository.save(recommendation, creating: false, expectedVersion: recommendation.version, newVersion: nil,
                                                organisation: organisation, action: "recommendation.allocated", reason: nil, actor: actor, on: connection)
        else { throw Refusal.stale(current: recommendation.version + 1) }
        return caseID
    }

    /// A deferral or referral back gives the year until the new deadline: the
    /// year's end (its final review's due date) moves there, as a panel
    /// deferral extension, in the same transaction as the signature. The
    /// deadline was checked against the cap when the decision was recorded.
    func extendYear(_ enrolment: Enrolment, to deadline: CalendarDay, panelDate: CalendarDay, reasons: String?, actor: Actor) throws {
        let clock = try ClockRepository.clock(for: enrolment, on: connection)
        let finalDue = clock.dueDate(afterMonths: 12)
        guard deadline > finalDue else { return }
        let why = "The panel of \(panelDate.spoken) deferred its decision to \(deadline.spoken)" + (reasons.map { ": \($0)" } ?? ".")
        // An extension is at most a year long (the schema's bound); a longer move is kept as several.
        var remaining = finalDue.days(until: deadline)
        while remaining > 0 {
            let days = min(remaining, 365)
            _ = try ClockRepository.addExtension(Extension(days: days, agreedOn: panelDate, category: .panelDeferral, reason: String(why.prefix(2000))),
                                                 to: enrolment, actor: actor, on: connection)
            remaining -= days
        }
    }

    /// The scheduled panels, each as allocation sees it (with the cases it already holds).
    func scheduledCandidates() throws -> [(panel: PanelRecord, candidate: PanelAllocation.Candidate)] {
        let panels = try PanelRepository.panels(in: organisation, on: connection).filter { $0.machine.state == .scheduled }
        let listed = Dictionary(grouping: try PanelCaseRepository.cases(panels: panels.map(\.id), organisation: organisation, on: connection)
            .filter(\.machine.state.isPending), by: \.panelID).mapValues(\.count)
        return panels.map {
            ($0, PanelAllocation.Candidate(state: $0.machine.state, schedule: $0.schedule, composition: $0.composition, listed: listed[$0.id] ?? 0))
        }
    }

    /// The first scheduled panel that could hear the year's case after `deadline`, if any.
    func firstSuitablePanel(for enrolment: Enrolment, after deadline: CalendarDay?,
                            among scheduled: [(panel: PanelRecord, candidate: PanelAllocation.Candidate)]) -> PanelRecord? {
        PanelAllocation.firstSuitable(scheduled.map(\.candidate), parties: PanelAgenda.parties(enrolment, nil), caseDeadline: deadline, today: today)
            .map { scheduled[$0].panel }
    }

    /// Lists a deferred case at the first suitable scheduled panel after its deadline, if there is one.
    func relist(_ enrolment: EnrolmentID, actor: Actor) throws {
        guard let record = try EnrolmentRepository.find(enrolment, in: organisation, on: connection),
              let panel = firstSuitablePanel(for: record.enrolment, after: try caseDeadline(enrolment), among: try scheduledCandidates())
        else { return }
        _ = try list(record, at: panel, actor: actor)
    }
}
