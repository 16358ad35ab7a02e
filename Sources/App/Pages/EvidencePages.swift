internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

/// One piece of evidence as the assessor judges it: what it is, what it is
/// mapped to, the judgements so far, and — for the NQSW's current assessor —
/// the form for a judgement and the button to verify it.
struct EvidencePages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("nqsws/{enrolmentId}/evidence/{evidenceId}", use: item)
        router.post("nqsws/{enrolmentId}/evidence/{evidenceId}/judgement", use: judge)
        router.post("nqsws/{enrolmentId}/evidence/{evidenceId}/verification", use: verify)
    }

    static let levels: [(level: JudgementLevel, label: String)] = [
        (.meets, "Meets the expected level"), (.partlyMeets, "Partly meets the expected level"),
        (.doesNotYetMeet, "Does not yet meet the expected level"),
    ]

    struct Item: Sendable {
        struct File: Sendable {
            var name: String
            var sha256: String
        }

        struct JudgementRow: Sendable {
            var on: String
            var by: String
            var level: StatusTag
            var feedback: String
            var resolution: Bool
        }

        struct Level: Sendable {
            var value: String
            var label: String
            var checked: Bool
        }

        var name: String
        var portfolioPath: String
        var path: String
        var practiceDate: String
        var addedOn: String
        var author: String
        var description: String
        var statements: String
        var standing: StatusTag
        var verified: String?
        var aiUseSuspected: Bool
        var file: File?
        var judgements: [JudgementRow]
        var canJudge: Bool
        var canVerify: Bool
        var isReflection: Bool
        var hasJudgements: Bool
        var levels: [Level]
        var resolutionChecked: Bool
        var aiChecked: Bool
    }

    private static func ids(_ context: QuorumContext) throws -> (EnrolmentID, EvidenceID) {
        (try context.pageID("enrolmentId"), try context.pageID("evidenceId"))
    }

    @Sendable func item(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.page(request, context: context) { viewer in try await itemPage(viewer, form: nil, context: context) }
    }

    private func itemPage(_ viewer: Viewer, form: FormBody?, context: QuorumContext) async throws -> Page {
        let (id, evidenceID) = try Self.ids(context)
        let found = try await web.run(GetEvidenceItem(id, evidenceID), for: viewer, context)
        let (record, item) = (found.record, found.item)
        let names = [record.enrolment.nqswID: record.nqswName, record.enrolment.assessorID: record.assessorName,
                     record.enrolment.lineManagerID: record.lineManagerName]
        let isAssessor = record.enrolment.assessorID == viewer.person.id
        let path = "/nqsws/\(id)/evidence/\(evidenceID)"
        return Page(.evidenceItem, title: item.kind.label, content: Item(
            name: record.nqswName, portfolioPath: "/nqsws/\(id)", path: path, practiceDate: item.practiceDate.description, addedOn: item.addedOn.description,
            author: names[item.authorID] ?? "Someone no longer on the year", description: item.description,
            statements: item.statements.joined(separator: ", "), standing: StatusTag(EvidenceDocument(item).standing),
            verified: item.verification.map { "Verified by \(names[$0.verifierID] ?? "the assessor") on \($0.verifiedOn)" },
            aiUseSuspected: item.aiUseSuspected, file: item.file.map { Item.File(name: $0.name, sha256: $0.sha256) },
            judgements: item.judgements.map {
                Item.JudgementRow(on: $0.recordedOn.description, by: names[$0.judgeID] ?? "A former assessor", level: StatusTag($0.level.rawValue),
                                  feedback: $0.feedback, resolution: $0.isResolution)
            },
            canJudge: isAssessor, canVerify: isAssessor && item.verification == nil, isReflection: item.kind == .criticalReflection,
            hasJudgements: !item.judgements.isEmpty,
            levels: Self.levels.map { Item.Level(value: $0.level.rawValue, label: $0.label, checked: form?["level"] == $0.level.rawValue) },
            resolutionChecked: form?["resolution"] == "true", aiChecked: form?["aiUseSuspected"] == "true"))
    }

    @Sendable func judge(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, form in
            let (id, evidenceID) = try Self.ids(context)
            var fields = form.json(strings: ["level"], flags: ["resolution": "true", "aiUseSuspected": "true"],
                                   extra: ["feedback": .string(form["feedback"] ?? "")])
            _ = try await web.run(try JudgeEvidence.parse(&fields, enrolment: id, evidence: evidenceID), for: viewer, context)
            return "/nqsws/\(id)/evidence/\(evidenceID)?done=judgement-recorded"
        }, showAgain: { viewer, form, _ in try await itemPage(viewer, form: form, context: context) })
    }

    @Sendable func verify(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, _ in
            let (id, evidenceID) = try Self.ids(context)
            _ = try await web.run(VerifyEvidence(id, evidenceID, expectedVersion: nil), for: viewer, context)
            return "/nqsws/\(id)/evidence/\(evidenceID)?done=evidence-verified"
        }, showAgain: { viewer, _, _ in try await itemPage(viewer, form: nil, context: context) })
    }
}
