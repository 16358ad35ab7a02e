public import Domain
internal import Store

/// A year's panel hearings as its people see them: the NQSW, their assessor
/// and line manager, and coordinators read where the case was heard and —
/// once signed — what the panel decided, why, what is needed and by when.
public struct ListPanelHearings: TransactionalUseCase {
    public var enrolment: EnrolmentID

    public init(_ enrolment: EnrolmentID) {
        self.enrolment = enrolment
    }

    public func run(in context: UseCaseContext) throws -> [PanelHearing] {
        let record = try context.visibleEnrolment(enrolment)
        try Refusal.require(EnrolmentAccess.canView(context.caller, record.enrolment), "A year's panel decisions are for its NQSW, assessor, line manager and coordinators.")
        return try PanelCaseRepository.hearings(of: enrolment, organisation: context.organisation, on: context.connection)
    }
}
