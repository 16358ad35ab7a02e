public import Domain
public import PQ
internal import Foundation

/// Everything the sufficiency check reads about one year, in one pipeline:
/// one round trip and one snapshot, so the inputs agree with each other and
/// with the portfolio revision read beside them.
///
/// Concerns carry the day they were raised and the day they were entered;
/// plans and escalations are entered on the day they happen (opened,
/// escalated: the clock's today), so their entry date is that day.
public enum SufficiencyInputsRepository {
    /// The statements to send after the caller and enrolment lookups; the
    /// frameworks are read only when the pinned pair is not cached.
    public static func queries(for enrolment: EnrolmentID, readFrameworks: Bool) -> [PQQuery] {
        var queries = [PolicyRepository.sufficiencyQuery(for: enrolment)]
            + ClockRepository.queries(of: enrolment)
            + EvidenceRepository.itemQueries(of: enrolment)
            + supportQueries(of: enrolment)
        if readFrameworks { queries += FrameworkRepository.allQueries }
        return queries
    }

    /// The inputs from the results of ``queries(for:readFrameworks:)``, in order.
    public static func inputs(of record: EnrolmentRecord, from results: [PQResult]) throws -> SufficiencyInputs {
        var rows = results[...]
        func next() throws -> PQResult {
            guard let result = rows.popFirst() else { throw PQError.decoding("fewer results than the sufficiency inputs' statements") }
            return result
        }
        let policy = try PolicyRepository.sufficiency(from: try next())
        let clock = try ClockRepository.clock(for: record.enrolment, absences: try next(), extensions: try next(), policy: try next())
        let items = try EvidenceRepository.items(items: try next(), mappings: try next(), judgements: try next())
        let support = SupportHistory(
            concerns: try next().map(concern), plans: try next().map(plan), escalations: try next().map(escalation),
            recommendation: try next().first.map { RecommendationMatter(outcome: try $0.decode(at: 0), submittedOn: try $0.decode(at: 1)) })
        let reconciliations = try next().map(reconciliation)
        let frameworks = rows.isEmpty
            ? FrameworkRepository.cached(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID)
            : FrameworkRepository.remember(try FrameworkRepository.frameworks(from: try next(), statements: try next()),
                                           kss: record.kssFrameworkID, pcf: record.pcfFrameworkID)
        guard let frameworks else { throw PQError.decoding("an enrolment pinned to frameworks that are not loaded") }
        return SufficiencyInputs(items: items, frameworks: frameworks, clock: clock, policy: policy, support: support, reconciliations: reconciliations)
    }

    /// The inputs of an enrolment already read (and access-checked), on a
    /// connection inside a use case's transaction.
    public static func load(_ record: EnrolmentRecord, on connection: PQConnection) throws -> SufficiencyInputs {
        let cached = FrameworkRepository.cached(kss: record.kssFrameworkID, pcf: record.pcfFrameworkID) != nil
        let results = try connection.pipeline(queries(for: record.enrolment.id, readFrameworks: !cached)).map { try $0.get() }
        return try inputs(of: record, from: results)
    }

    static func supportQueries(of enrolment: EnrolmentID) -> [PQQuery] {
        [
            """
            SELECT c.id, c.raised_on, p.name, c.category, c.severity, c.description, c.outcome_on, c.entered_on
              FROM concerns c JOIN people p ON p.id = c.raised_by
             WHERE c.enrolment_id = \(enrolment) ORDER BY c.raised_on, c.created_at
            """,
            """
            SELECT id, opened_on, support, state, ended_on, procedure, procedure_outcome, cancel_reason, closing_outcome
              FROM support_plans WHERE enrolment_id = \(enrolment) ORDER BY opened_on, created_at
            """,
            "SELECT id, concern_id, escalated_on, decided_on FROM escalations WHERE enrolment_id = \(enrolment) ORDER BY escalated_on, created_at",
            """
            SELECT v.outcome, v.submitted_on
              FROM recommendations r JOIN recommendation_versions v ON v.recommendation_id = r.id AND v.number = r.current_version
             WHERE r.enrolment_id = \(enrolment) AND r.state <> 'withdrawn'
            """,
            """
            SELECT id, code, below_evidence_id, later_evidence_ids, note, recorded_by, recorded_on
              FROM judgement_reconciliations WHERE enrolment_id = \(enrolment) ORDER BY recorded_on, created_at
            """,
        ]
    }

    private static func concern(_ row: PQRow) throws -> ConcernMatter {
        let raised: CalendarDay = try row.decode(at: 1)
        let description: String = try row.decode(at: 5)
        return ConcernMatter(
            id: try row.decode(at: 0), raisedOn: raised, enteredOn: try row.decode(at: 7), raisedBy: try row.decode(at: 2),
            category: try row.decode(at: 3), severity: try row.decode(at: 4), summary: shortened(description),
            outcomeOn: try row.decode(at: 6))
    }

    private static func plan(_ row: PQRow) throws -> PlanMatter {
        let opened: CalendarDay = try row.decode(at: 1)
        let ended: CalendarDay? = try row.decode(at: 4)
        let ending: PlanMatter.Ending?
        switch try row.decode(SupportAndActionPlan.State.Kind.self, at: 3) {
        case .draft, .agreed, .active, .underReview:
            ending = nil
        case .closed:
            ending = .closed(on: try ended.orThrow("a closed plan without the day it ended"),
                             met: try row.decode(PlanClosing.Outcome?.self, at: 8) != .notMet)
        case .escalated:
            ending = .escalated(on: try ended.orThrow("an escalated plan without the day it ended"),
                                procedure: try row.decode(String?.self, at: 5).orThrow("an escalated plan without its procedure"),
                                outcome: try row.decode(at: 6))
        case .cancelled:
            ending = .cancelled(on: try ended.orThrow("a cancelled plan without the day it ended"),
                                reason: try row.decode(String?.self, at: 7).orThrow("a cancelled plan without its reason"))
        }
        return PlanMatter(id: try row.decode(at: 0), openedOn: opened, enteredOn: opened, summary: shortened(try row.decode(at: 2)), ending: ending)
    }

    private static func escalation(_ row: PQRow) throws -> EscalationMatter {
        let escalated: CalendarDay = try row.decode(at: 2)
        return EscalationMatter(id: try row.decode(at: 0), concernID: try row.decode(at: 1), escalatedOn: escalated, enteredOn: escalated,
                                decidedOn: try row.decode(at: 3))
    }

    static func reconciliation(_ row: PQRow) throws -> JudgementReconciliation {
        JudgementReconciliation(
            id: try row.decode(at: 0), statement: try row.decode(at: 1), belowItem: try row.decode(at: 2), laterItems: try row.decode(at: 3),
            note: try row.decode(at: 4), recordedBy: try row.decode(at: 5), recordedOn: try row.decode(at: 6))
    }

    /// A description in a few words, for a finding's sentence.
    static func shortened(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        return trimmed.count <= 80 ? trimmed : String(trimmed.prefix(77)) + "…"
    }
}
