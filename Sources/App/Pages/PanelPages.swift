internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// Panels for coordinators (schedule, allocate cases) and for members and
/// chairs (the agenda, a case pack, recording and signing a decision).
struct PanelPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("panels", use: list)
        router.get("panels/new", use: newPanel)
        router.post("panels/new", use: schedule)
        router.get("panels/{panelId}", use: panel)
        router.post("panels/{panelId}/cases", use: allocate)
        router.post("panels/{panelId}/open", use: open)
        router.post("panels/{panelId}/close", use: close)
        router.post("panels/{panelId}/attendance", use: attendance)
        PanelCasePages(web: web).register(on: router)
    }

    // MARK: - Listing and scheduling

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let panels = try await web.run(ListPanels(), for: viewer, context)
            let coordinator = viewer.roles.contains(.coordinator)
            var content = PanelList(panels: panels, canSchedule: coordinator)
            if coordinator { content.awaiting = try await web.run(ListAwaitingRelisting(), for: viewer, context).map(PanelList.Waiting.init) }
            return Page(.panels, title: coordinator ? "Panels" : "My panels", content: content)
        }
    }

    @Sendable func newPanel(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await scheduleForm(viewer, form: nil, context: context) }
    }

    /// The form lists the organisation's panel members for chair and members.
    private func scheduleForm(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let candidates = try await web.run(ListPeople(), for: viewer, context).filter { $0.roles.contains(.panelMember) }
        return Page(.panelNew, title: "Schedule a panel", content: PanelForm(candidates: candidates, form: form))
    }

    @Sendable func schedule(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            var fields = form.json(strings: ["startsAt", "endsAt", "location", "chairId", "deputyChairId"], dates: ["sitsOn", "evidenceDeadline"],
                                   numbers: ["capacity"],
                                   extra: ["memberIds": .array(form.all("memberIds").map(JSONValue.string)), "schedule": .bool(true)])
            let created = try await web.run(try SchedulePanel.parse(&fields), for: viewer, context)
            return "/panels/\(created.agenda.panel.id)?done=panel-scheduled"
        }, showAgain: { viewer, form, _ in try await scheduleForm(viewer, form: form, context: context) })
    }

    // MARK: - One panel

    @Sendable func panel(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await panelPage(viewer, context: context) }
    }

    private func panelPage(_ viewer: Viewer, context: QuorumContext) async throws -> Page {
        let visible = try await web.run(GetPanel(try context.pageID("panelId")), for: viewer, context)
        let coordinator = viewer.roles.contains(.coordinator)
        let open: Set<PanelMachine.State> = [.draft, .scheduled]
        let allocatable = coordinator && open.contains(visible.agenda.panel.machine.state) ? try await allocatable(viewer, context: context) : []
        return Page(.panel, title: "Panel on \(visible.agenda.panel.schedule.sitsOn)",
                    content: PanelView(visible, viewer: viewer, allocatable: allocatable))
    }

    /// NQSWs whose recommendation waits for a panel: the cases a coordinator can list.
    private func allocatable(_ viewer: Viewer, context: QuorumContext) async throws -> [PanelView.Allocatable] {
        var result: [PanelView.Allocatable] = []
        for record in try await web.run(ListEnrolments(), for: viewer, context) where record.enrolment.status == .active {
            guard let recommendation = try await web.run(GetRecommendation(record.enrolment.id), for: viewer, context),
                  recommendation.machine.state.kind == .submitted else { continue }
            result.append(.init(id: record.enrolment.id.description, name: record.nqswName, outcome: recommendation.versions.last?.outcome.rawValue ?? ""))
        }
        return result
    }

    @Sendable func allocate(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id: PanelID = try context.pageID("panelId")
            var fields = form.json(strings: ["enrolmentId"])
            let given = fields.id("enrolmentId", as: EnrolmentID.self)
            _ = try await web.run(ListCaseAtPanel(id, enrolment: try fields.finish(given)), for: viewer, context)
            return "/panels/\(id)?done=case-listed"
        }, showAgain: { viewer, _, _ in try await panelPage(viewer, context: context) })
    }

    /// The chair (or a coordinator) opens the session so decisions can be recorded.
    @Sendable func open(_ request: Request, context: QuorumContext) async throws -> Response {
        await sessionEvent(.open, done: nil, request, context: context)
    }

    /// The chair (or a coordinator) closes it once the cases are decided.
    @Sendable func close(_ request: Request, context: QuorumContext) async throws -> Response {
        await sessionEvent(.close, done: "panel-closed", request, context: context)
    }

    /// The chair ticks who is present; the same use case as the API.
    @Sendable func attendance(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id: PanelID = try context.pageID("panelId")
            var fields = form.json(lists: ["presentIds"])
            _ = try await web.run(try RecordPanelAttendance.parse(&fields, panel: id), for: viewer, context)
            return "/panels/\(id)?done=attendance-recorded"
        }, showAgain: { viewer, _, _ in try await panelPage(viewer, context: context) })
    }

    private func sessionEvent(_ command: PanelCommand, done: String?, _ request: Request, context: QuorumContext) async -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id: PanelID = try context.pageID("panelId")
            _ = try await web.run(ApplyPanelEvent(id, expectedVersion: form.expectedVersion, command: command), for: viewer, context)
            return "/panels/\(id)" + (done.map { "?done=\($0)" } ?? "")
        }, showAgain: { viewer, _, _ in try await panelPage(viewer, context: context) })
    }
}
