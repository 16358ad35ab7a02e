internal import Foundation
internal import Domain
internal import Store
internal import Workflows

/// A kept sufficiency run: when, by whom, why, at which dates and inputs'
/// versions, and (read one at a time) the report exactly as it was shown.
struct SufficiencyRunBody: Encodable, Sendable {
    var id: String
    var enrolmentId: String
    var occasion: String
    var sourceId: String?
    var sourceVersion: Int?
    var note: String?
    var asOf: String
    var knownAt: String?
    var recordedOn: String
    var recordedAt: Date
    var recordedBy: String
    var recordedByName: String
    var portfolioRevision: Int
    var enrolmentVersion: Int
    var policyVersion: Int
    var kssFramework: String
    var pcfFramework: String
    var criteriaMet: Int
    var report: SufficiencyReport?

    init(_ run: SufficiencyRun, report: SufficiencyReport?) {
        id = run.id.uuidString.lowercased()
        enrolmentId = run.enrolmentID.description
        occasion = run.occasion.rawValue
        sourceId = run.source?.id.uuidString.lowercased()
        sourceVersion = run.source?.version
        note = run.note
        asOf = run.asOf.description
        knownAt = run.knownAt?.description
        recordedOn = run.recordedOn.description
        recordedAt = run.recordedAt
        recordedBy = run.recordedBy.description
        recordedByName = run.recordedByName
        portfolioRevision = run.portfolioRevision
        enrolmentVersion = run.enrolmentVersion
        policyVersion = run.policyVersion
        kssFramework = run.kssFramework
        pcfFramework = run.pcfFramework
        criteriaMet = run.criteriaMet
        self.report = report
    }
}

struct SufficiencyRunPage: Encodable, Sendable {
    var items: [SufficiencyRunBody]
    var limit: Int
    var offset: Int
}

/// A recorded reconciliation of a below-level judgement with later evidence.
struct ReconciliationBody: Encodable, Sendable {
    var id: String
    var statement: String
    var belowEvidenceId: String
    var laterEvidenceIds: [String]
    var note: String
    var recordedBy: String
    var recordedOn: String

    init(_ reconciliation: JudgementReconciliation) {
        id = reconciliation.id.uuidString.lowercased()
        statement = reconciliation.statement
        belowEvidenceId = reconciliation.belowItem.description
        laterEvidenceIds = reconciliation.laterItems.map(\.description)
        note = reconciliation.note
        recordedBy = reconciliation.recordedBy.description
        recordedOn = reconciliation.recordedOn.description
    }
}

struct ReconciliationList: Encodable, Sendable {
    var items: [ReconciliationBody]
}
