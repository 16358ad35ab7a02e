internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows
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
        let panels = try await services.run(GetPanelCalendar(), context)
        let calendar = ICalendar(events: panels.map(ICalendar.Event.init), stamp: Date())
        return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .contentDisposition: "inline; filename=\"panels.ics\"",
                                               .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: calendar.text)))
    }

    @Sendable func report(_ request: Request, context: QuorumContext) async throws -> Response {
        let (from, to) = (try Query.day(request, "from"), try Query.day(request, "to"))
        let format = try Query.format(request)
        let body = PanelReportBody(try await services.run(GetPanelReport(from: from, to: to), context))
        switch format {
        case .csv: return CSVResponse.make(body.csv, filename: "panel-report.csv")
        case .json: return try JSONResponse.make(body)
        }
    }
}

extension ICalendar.Event {
    /// A panel as a calendar entry: its date, time and place, the chair, and how full it is.
    init(_ entry: CalendarPanel) {
        let panel = entry.panel
        let cancelled = if case .cancelled = panel.machine.state { true } else { false }
        self.init(
            uid: "panel-\(panel.id)@quorum", sequence: panel.version - 1,
            start: (panel.schedule.sitsOn.description, panel.schedule.startsAt), end: (panel.schedule.sitsOn.description, panel.schedule.endsAt),
            summary: "ASYE assessment panel" + (cancelled ? " (cancelled)" : ""), location: panel.schedule.location,
            description: "Chair: \(entry.chairName). Cases: \(entry.listedCases) of \(panel.schedule.capacity). Evidence deadline: \(panel.schedule.evidenceDeadline).",
            cancelled: cancelled)
    }
}
