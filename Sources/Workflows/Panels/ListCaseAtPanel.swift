public import Domain
public import Store

/// A coordinator lists an NQSW's submitted recommendation at a scheduled
/// panel, or is told why the panel cannot take it (full, past its evidence
/// deadline, before the case's own deadline, too many conflicted).
public struct ListCaseAtPanel: TransactionalUseCase {
    public var panel: PanelID
    public var enrolment: EnrolmentID

    public init(_ panel: PanelID, enrolment: EnrolmentID) {
        self.panel = panel
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> VisibleCase {
        try Refusal.require(PanelAccess.canManage(context.caller), "Cases are listed at panels by ASYE coordinators.")
        let record = try context.visiblePanel(panel, lock: true)
        guard let listed = try EnrolmentRepository.find(enrolment, in: context.organisation, on: context.connection) else {
            throw ValidationFailure(field: "enrolmentId", message: "No such enrolment in this organisation.")
        }
        let caseID = try context.list(listed, at: record, actor: context.panelActor())
        return try context.visibleCase(caseID, at: record, names: true)
    }
}
