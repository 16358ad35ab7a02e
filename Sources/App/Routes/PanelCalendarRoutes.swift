internal import Hummingbird
internal import Domain
internal import Store
internal import PQ
internal import Foundation

/// Panels as an iCalendar feed (coordinators: all; members: theirs), and the
/// coordinator's cohort report of panel outcomes.
struct PanelCalendarRoutes {
    let services: QuorumServices

    func register(on group: RouterGroup<QuorumContext>, prefix: String, table: RouteTable) {
        table.add(group, prefix: prefix, .get, "calendar/panels.ics", operationID: "getPanelCalendar", calendar)
        table.add(group, prefix: prefix, .get, "reports/panels", operationID: "getPanelReport", report)
    }

    @Sendable func calendar(_ request: Request, context: QuorumContext) async throws -> Response {
        let calendar = try await services.read(context) { connection, caller -> ICalendar in
            guard PanelAccess.canManage(caller) || caller.holds(.panelMember) else {
                throw Problem.forbidden("The panel calendar is for ASYE coordinators and panel members.")
            }
            let panels = try PanelRepository.panels(in: caller.organisationID, member: PanelAccess.canManage(caller) ? nil : caller.personID, on: connection)
                .filter { $0.machine.state != .draft && PanelAccess.canSeePanel(caller, state: $0.machine.state, members: $0.memberIDs) }
            let names = try PanelView.names(in: caller.organisationID, on: connection)
            let listed = Dictionary(grouping: try PanelCaseRepository.cases(panels: panels.map(\.id), organisation: caller.organisationID, on: connection)
                .filter { $0.machine.state != .released }, by: \.panelID).mapValues(\.count)
            return ICalendar(events: panels.map { panel in
                let cancelled = if case .cancelled = panel.machine.state { true } else { false }
                return ICalendar.Event(
                    uid: "panel-\(panel.id)@quorum", sequence: panel.version - 1,
                    start: (panel.schedule.sitsOn.description, panel.schedule.startsAt), end: (panel.schedule.sitsOn.description, panel.schedule.endsAt),
                    summary: "ASYE assessment panel" + (cancelled ? " (cancelled)" : ""), location: panel.schedule.location,
                    description: "Chair: \(names[panel.chairID] ?? ""). Cases: \(listed[panel.id] ?? 0) of \(panel.schedule.capacity). Evidence deadline: \(panel.schedule.evidenceDeadline).",
                    cancelled: cancelled)
            }, stamp: Date())
        }
        return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .contentDisposition: "inline; filename=\"panels.ics\""],
                        body: .init(byteBuffer: ByteBuffer(string: calendar.text)))
    }

    @Sendable func report(_ request: Request, context: QuorumContext) async throws -> Response {
        let today = services.today()
        let from = try Query.day(request, "from", default: today.adding(months: -12))
        let to = try Query.day(request, "to", default: today)
        guard from <= to else { throw Problem.validation([.init(field: "to", message: "The period ends on or after it starts.")]) }
        let csv = try Query.format(request) == "csv"
        let body = try await services.read(context) { connection, caller -> PanelReportBody in
            guard PanelAccess.canManage(caller) else { throw Problem.forbidden("The panel report is for ASYE coordinators.") }
            let organisation = caller.organisationID
            let panels = try PanelRepository.panels(in: organisation, on: connection)
            let byID = Dictionary(uniqueKeysWithValues: panels.map { ($0.id, $0) })
            var rows: [PanelReportBody.Row] = []
            var deferrals: [EnrolmentID: Int] = [:]
            for record in try PanelCaseRepository.cases(panels: panels.map(\.id), organisation: organisation, on: connection) {
                guard let decision = record.decision, let signedOn = decision.signedOn, (from...to).contains(signedOn), let panel = byID[record.panelID],
                      let enrolment = try EnrolmentRepository.find(record.enrolmentID, in: organisation, on: connection),
                      let recommendation = try RecommendationRepository.find(for: record.enrolmentID, organisation: organisation, on: connection)
                else { continue }
                if deferrals[record.enrolmentID] == nil {
                    deferrals[record.enrolmentID] = try PanelCaseRepository.deferrals(of: record.enrolmentID, organisation: organisation, on: connection)
                }
                let recommended = recommendation.versions.first { $0.number == decision.decision.recommendationVersion }?.outcome
                let finalReview = try ReviewRepository.reviews(of: record.enrolmentID, organisation: organisation, on: connection).filter(\.isFinal).map(\.heldOn).min()
                rows.append(PanelReportBody.Row(
                    panelId: panel.id.description, sitsOn: panel.schedule.sitsOn.description, caseNumber: record.caseNumber, nqswName: enrolment.nqswName,
                    enrolmentId: record.enrolmentID.description, recommended: recommended?.rawValue ?? "", kind: decision.decision.kind.rawValue,
                    outcome: decision.outcome.rawValue, confirmed: decision.decision.kind == .confirm, reasons: decision.decision.reasons,
                    deferrals: deferrals[record.enrolmentID] ?? 0, finalReviewOn: finalReview?.description, decidedOn: signedOn.description,
                    daysToDecision: finalReview.map { $0.days(until: signedOn) }))
            }
            return PanelReportBody(from: from, to: to, rows: rows)
        }
        if csv {
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"panel-report.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: body.csv)))
        }
        return try JSONResponse.make(body)
    }
}

/// Panel outcomes over a period: per case, per panel and in total.
struct PanelReportBody: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var panelId: String
        var sitsOn: String
        var caseNumber: Int
        var nqswName: String
        var enrolmentId: String
        var recommended: String
        var kind: String
        var outcome: String
        var confirmed: Bool
        var reasons: String?
        var deferrals: Int
        var finalReviewOn: String?
        var decidedOn: String
        var daysToDecision: Int?
    }

    struct Tally: Encodable, Sendable {
        var panelId: String?
        var sitsOn: String?
        var cases = 0
        var pass = 0
        var fail = 0
        var deferred = 0
        var notConfirmed = 0
        var medianDaysToDecision: Int?

        init(panelId: String?, sitsOn: String?, rows: [Row]) {
            self.panelId = panelId
            self.sitsOn = sitsOn
            cases = rows.count
            pass = rows.filter { $0.outcome == "PASS" }.count
            fail = rows.filter { $0.outcome == "FAIL" }.count
            deferred = rows.filter { $0.outcome == "DEFER" }.count
            notConfirmed = rows.filter { !$0.confirmed }.count
            let days = rows.compactMap(\.daysToDecision).sorted()
            medianDaysToDecision = days.isEmpty ? nil : days[(days.count - 1) / 2]
        }
    }

    var from: String
    var to: String
    var total: Tally
    var panels: [Tally]
    var rows: [Row]

    init(from: CalendarDay, to: CalendarDay, rows: [Row]) {
        self.from = from.description
        self.to = to.description
        self.rows = rows.sorted { ($0.sitsOn, $0.panelId, $0.caseNumber) < ($1.sitsOn, $1.panelId, $1.caseNumber) }
        total = Tally(panelId: nil, sitsOn: nil, rows: rows)
        panels = Dictionary(grouping: self.rows, by: \.panelId).map { Tally(panelId: $0.key, sitsOn: $0.value.first?.sitsOn, rows: $0.value) }
            .sorted { ($0.sitsOn ?? "", $0.panelId ?? "") < ($1.sitsOn ?? "", $1.panelId ?? "") }
    }

    var csv: String {
        CSVText.document(
            header: ["panel_id", "sits_on", "case", "nqsw", "enrolment_id", "recommended", "decision", "outcome", "reasons", "deferrals",
                     "final_review_on", "decided_on", "days_to_decision"],
            rows: rows.map {
                [$0.panelId, $0.sitsOn, String($0.caseNumber), $0.nqswName, $0.enrolmentId, $0.recommended, $0.kind, $0.outcome, $0.reasons ?? "",
                 String($0.deferrals), $0.finalReviewOn ?? "", $0.decidedOn, $0.daysToDecision.map(String.init) ?? ""]
            })
    }
}
