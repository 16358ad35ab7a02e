internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows
internal import Foundation

/// The NQSW's own year: the tracker, reviews, supervision, the concerns
/// shared with them (and their response), and plans to acknowledge.
struct NQSWPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("my-year", use: myYear)
        router.post("my-year/plans/{planId}", use: acknowledgePlan)
        router.post("my-year/concerns/{concernId}", use: respondToConcern)
        router.post("my-year/supervision/{sessionId}", use: countersign)
    }

    @Sendable func myYear(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await yearPage(viewer, form: nil, context: context) }
    }

    /// The viewer's own enrolment (an NQSW has one year at a time).
    private func ownYear(_ viewer: Viewer, context: QuorumContext) async throws -> EnrolmentRecord {
        guard let own = try await web.run(ListEnrolments(), for: viewer, context).first(where: { $0.enrolment.nqswID == viewer.person.id }) else {
            throw Problem.notFound("year")
        }
        return own
    }

    private func enrolmentID(_ viewer: Viewer, context: QuorumContext) async throws -> EnrolmentID {
        try await ownYear(viewer, context: context).enrolment.id
    }

    private func yearPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let record = try await ownYear(viewer, context: context)
        let id = record.enrolment.id
        async let trackerReply = web.run(GetTracker(id, asOf: nil), for: viewer, context)
        async let reviewsReply = web.run(ListReviews(id), for: viewer, context)
        async let supervisionReply = web.run(GetSupervision(id, asOf: nil), for: viewer, context)
        async let concernsReply = web.run(ListConcerns(id, asOf: nil), for: viewer, context)
        async let plansReply = web.run(ListPlans(id), for: viewer, context)
        async let hearingsReply = web.run(ListPanelHearings(id), for: viewer, context)
        let (year, reviews, supervision, concerns, plans, hearings) = try await (trackerReply, reviewsReply, supervisionReply, concernsReply, plansReply,
                                                                                 hearingsReply)
        return Page(.myYear, title: "My ASYE year", content: MyYear(
            id: id, tracker: year.tracker, reviews: reviews, supervision: supervision, concerns: concerns, plans: plans,
            people: YearPeople(record, staff: []), hearings: hearings.reversed().map(HearingRow.init), form: form))
    }

    @Sendable func acknowledgePlan(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id = try await enrolmentID(viewer, context: context)
            let plan = try context.pageID("planId", as: Identifier<PlanPageTag>.self).uuid
            let acknowledging = ApplyPlanEvent(id, plan: plan, expectedVersion: form.expectedVersion, command: .acknowledge(comments: form["comments"]))
            _ = try await web.run(acknowledging, for: viewer, context)
            return "/my-year?done=plan-acknowledged"
        }, showAgain: { viewer, form, _ in try await yearPage(viewer, form: form, context: context) })
    }

    /// The NQSW countersigns a supervision record their supervisor wrote.
    @Sendable func countersign(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id = try await enrolmentID(viewer, context: context)
            let session: SupervisionID = try context.pageID("sessionId")
            _ = try await web.run(CountersignSupervision(id, session, expectedVersion: form.expectedVersion), for: viewer, context)
            return "/my-year?done=supervision-signed"
        }, showAgain: { viewer, form, _ in try await yearPage(viewer, form: form, context: context) })
    }

    @Sendable func respondToConcern(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id = try await enrolmentID(viewer, context: context)
            let concern: ConcernID = try context.pageID("concernId")
            var fields = form.json(strings: ["text"])
            _ = try await web.run(RespondToConcern(id, concern, text: try fields.stepText()), for: viewer, context)
            return "/my-year?done=concern-responded"
        }, showAgain: { viewer, form, _ in try await yearPage(viewer, form: form, context: context) })
    }
}

enum PlanPageTag {}

/// The NQSW's year page.
struct MyYear: Sendable {
    struct TrackerLine: Sendable {
        var label: String
        var due: String
        var status: StatusTag
    }

    struct ReviewRow: Sendable {
        var milestone: String
        var heldOn: String
        var status: StatusTag
        var toSign: Bool
        var path: String
    }

    struct Session: Sendable {
        var on: String
        var topics: String
        var held: String
        var signed: String
        var canSign: Bool
        var id: String
        var version: Int
    }

    struct ConcernRow: Sendable {
        var id: String
        var description: String
        var raisedOn: String
        var severity: StatusTag
        var response: String?
        var canRespond: Bool
        var text: String
    }

    struct Objective: Sendable {
        var number: Int
        var description: String
        var targetDate: String
        var statements: String
    }

    struct Plan: Sendable {
        var id: String
        var version: Int
        var state: StatusTag
        var support: String
        var nextReviewOn: String
        var objectives: [Objective]
        /// Who does what to support the NQSW, by when.
        var supportActions: [String]
        var acknowledged: String?
        var canAcknowledge: Bool
    }

    var tracker: [TrackerLine]
    var reviews: [ReviewRow]
    var supervisionCompliant: StatusTag
    var sessions: [Session]
    var concerns: [ConcernRow]
    var plans: [Plan]
    /// The panel's decisions on the year, latest first.
    var hearings: [HearingRow]

    init(id: EnrolmentID, tracker: Tracker, reviews: [Review], supervision: SupervisionRecord, concerns: [ConcernStatus], plans: [PlanRecord], people: YearPeople,
         hearings: [HearingRow], form: FormBody?) {
        self.hearings = hearings
        self.tracker = tracker.lines.map { TrackerLine(label: $0.label, due: $0.due?.description ?? "", status: StatusTag($0.status.rawValue)) }
        self.reviews = reviews.map {
            ReviewRow(milestone: $0.isFinal ? "Final (12-month)" : "\($0.milestone)-month", heldOn: $0.heldOn.description,
                      status: StatusTag($0.machine.state.name), toSign: $0.machine.state != .signed && $0.signatures[.nqsw] == nil,
                      path: "/nqsws/\(id)/reviews/\($0.id)")
        }
        supervisionCompliant = StatusTag(supervision.compliance.isCompliant ? "compliant" : "not compliant")
        sessions = supervision.sessions.suffix(6).reversed().map { session in
            var topics = ""
            if case .held(_, let held, _) = session.outcome { topics = held }
            return Session(on: session.scheduledFor.description, topics: topics, held: session.wasHeld ? "Held" : "Cancelled",
                           signed: session.nqswSignedOn?.description ?? "Not signed", canSign: session.wasHeld && session.nqswSignedOn == nil,
                           id: session.id.description, version: session.version)
        }
        self.concerns = concerns.map { status in
            let concern = status.concern
            return ConcernRow(id: concern.id.description, description: concern.description, raisedOn: concern.raisedOn.description,
                              severity: StatusTag(concern.severity.rawValue), response: concern.nqswResponse,
                              canRespond: concern.isOpen && concern.nqswResponse == nil, text: form?["text"] ?? "")
        }
        self.plans = plans.map { plan in
            let state = plan.machine.state
            var draft = false
            if case .draft = state { draft = true }
            return Plan(id: plan.id.uuidString.lowercased(), version: plan.version, state: StatusTag(state.name), support: plan.support,
                        nextReviewOn: plan.nextReviewOn.description,
                        objectives: plan.objectives.map {
                            Objective(number: $0.number, description: $0.description, targetDate: $0.targetDate.description,
                                      statements: $0.statements.joined(separator: ", "))
                        },
                        supportActions: plan.supportActions.map { "\($0.description) — \(people.name($0.ownerID)), by \($0.dueOn.spoken)" },
                        acknowledged: plan.acknowledgements[.nqsw]?.description, canAcknowledge: draft && plan.acknowledgements[.nqsw] == nil)
        }
    }
}
