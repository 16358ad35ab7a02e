internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// An NQSW's year as assessors, line managers and coordinators see it: the
/// list, the portfolio with its evidence matrix and live sufficiency findings,
/// and a change of assessor. The final recommendation is in ``RecommendationPages``.
struct AssessorPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("nqsws", use: list)
        router.get("nqsws/{enrolmentId}", use: portfolio)
        router.post("nqsws/{enrolmentId}/assessor", use: changeAssessor)
        router.post("nqsws/{enrolmentId}/supervision", use: recordSupervision)
        RecommendationPages(web: web).register(on: router)
    }

    struct NQSWList: Sendable {
        struct Row: Sendable {
            var path: String
            var name: String
            var startDate: String
            var setting: String
            var assessor: String
            var status: StatusTag
        }

        var rows: [Row]
    }

    @Sendable func list(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in
            let rows = try await web.run(ListEnrolments(), for: viewer, context).map { record in
                NQSWList.Row(path: "/nqsws/\(record.enrolment.id)", name: record.nqswName, startDate: record.enrolment.startDate.description,
                             setting: record.enrolment.setting.label, assessor: record.assessorName, status: StatusTag(record.enrolment.status.rawValue))
            }
            return Page(.nqsws, title: viewer.roles.contains(.coordinator) ? "NQSWs" : "My NQSWs", content: NQSWList(rows: rows))
        }
    }

    @Sendable func portfolio(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await portfolioPage(viewer, form: nil, context: context) }
    }

    func portfolioPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let id: EnrolmentID = try context.pageID("enrolmentId")
        async let enrolmentReply = web.run(GetEnrolment(id), for: viewer, context)
        async let trackerReply = web.run(GetTracker(id, asOf: nil), for: viewer, context)
        async let matrixReply = web.run(GetEvidenceMatrix(id, asOf: nil), for: viewer, context)
        async let reviewsReply = web.run(ListReviews(id), for: viewer, context)
        async let evidenceReply = web.run(ListEvidence(id), for: viewer, context)
        async let sufficiencyReply = web.run(CheckSufficiency(id, asOf: nil), for: viewer, context)
        async let recommendationReply = web.run(GetRecommendation(id), for: viewer, context)
        async let runsReply = web.run(ListSufficiencyRuns(id, limit: 10), for: viewer, context)
        async let supervisionReply = web.run(GetSupervision(id, asOf: nil), for: viewer, context)
        async let hearingsReply = web.run(ListPanelHearings(id), for: viewer, context)
        let (record, year, matrix, reviews, evidence, sufficiency, recommendation, runs, supervision, hearings) =
            try await (enrolmentReply, trackerReply, matrixReply, reviewsReply, evidenceReply, sufficiencyReply, recommendationReply, runsReply,
                       supervisionReply, hearingsReply)
        // Plans are read (and the read audited) only by those who see the year's concerns.
        let plans = EnrolmentAccess.canViewConcerns(viewer.caller, record.enrolment, escalated: false) ? try await web.run(ListPlans(id), for: viewer, context) : []
        let people = viewer.roles.contains(.coordinator) ? try await web.run(ListPeople(), for: viewer, context) : nil
        let assessors = people?.filter { $0.roles.contains(.assessor) }
        let staff = (people ?? []).filter { person in person.roles.contains(.assessor) || person.roles.contains(.coordinator) || person.roles.contains(.lineManager) }
        var content = PortfolioView(id: id, record: record, viewer: viewer, tracker: year.tracker, matrix: matrix.matrix, reviews: reviews,
                                    evidence: evidence, sufficiency: try sufficiency.report, runs: runs, recommendation: recommendation, assessors: assessors,
                                    staff: staff, form: form)
        let names = YearPeople(record, staff: people ?? [])
        content.supervision = SupervisionSection(supervision, year: record, people: names,
                                                 canRecord: SupervisionAccess.canRecord(viewer.caller, record.enrolment), form: form)
        content.plans = plans.reversed().map { PlanSummary($0, people: names) }
        content.hearings = hearings.reversed().map(HearingRow.init)
        return Page(.portfolio, title: record.nqswName, content: content)
    }

    @Sendable func changeAssessor(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id: EnrolmentID = try context.pageID("enrolmentId")
            var fields = form.json(strings: ["assessorId", "circumstances", "continuingSupport", "handoverNote",
                                             "noHandoverCategory", "noHandoverReason"], dates: ["changedOn", "handoverOn"], lists: ["handoverAttendeeIds"])
            _ = try await web.run(try ChangeAssessor.parse(&fields, enrolment: id, expectedVersion: form.expectedVersion), for: viewer, context)
            return "/nqsws/\(id)?done=assessor-changed"
        }, showAgain: { viewer, form, _ in try await portfolioPage(viewer, form: form, context: context) })
    }

    /// The supervision form: the same parser as the API, from the page's boxes.
    @Sendable func recordSupervision(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let id: EnrolmentID = try context.pageID("enrolmentId")
            var extra: [String: JSONValue] = [:]
            if let held = form["held"] { extra["held"] = held == "yes" ? .bool(true) : held == "no" ? .bool(false) : .string(held) }
            if form["actions-0-description"] != nil || form["actions-0-ownerId"] != nil || form.date("actions-0-dueOn") != nil {
                var action: [String: JSONValue] = [:]
                for (name, value) in [("description", form["actions-0-description"]), ("ownerId", form["actions-0-ownerId"]),
                                      ("dueOn", form.date("actions-0-dueOn"))] {
                    if let value { action[name] = .string(value) }
                }
                extra["actions"] = .array([.object(action)])
            }
            var fields = form.json(strings: ["kind", "startsAt", "topics", "agreedActions", "cancellationReason"], dates: ["scheduledFor", "rescheduledTo"],
                                   numbers: ["durationMinutes"], extra: extra)
            _ = try await web.run(try RecordSupervision.parse(&fields, enrolment: id), for: viewer, context)
            return "/nqsws/\(id)?done=supervision-recorded#supervision"
        }, showAgain: { viewer, form, _ in try await portfolioPage(viewer, form: form, context: context) })
    }
}

extension Enrolment.Setting {
    /// How the pages name the setting.
    var label: String {
        switch self {
        case .adults: "Adults"
        case .childAndFamily: "Child and family"
        }
    }
}
