public import Domain
public import Store

/// The organisation's audit history as the caller may read it, filtered and a
/// page at a time: a coordinator's is the whole trail; a PSW's holds only the
/// FtP matters they may read. The read itself is recorded.
public struct ListAuditHistory: TransactionalUseCase {
    public var query: AuditQuery

    public init(_ query: AuditQuery) {
        self.query = query
    }

    public func run(in context: UseCaseContext) throws -> AuditPage {
        var scoped = query
        let role: Role
        switch AuditAccess.scope(context.caller) {
        case .organisation:
            role = .coordinator
        case .fitnessToPractiseMatters:
            role = .psw
            let matters = try context.readableEscalations(try EscalationRepository.escalations(in: context.organisation, on: context.connection))
            scoped.onlyRecords = matters.flatMap { [$0.id, $0.concernID.uuid] }
        case .none:
            throw Refusal.forbidden("The audit history is read by ASYE coordinators, and by the PSW for the fitness-to-practise matters they hold.")
        }
        let page = try AuditHistory.read(scoped, organisation: context.organisation, on: context.connection)
        try AuditLog.recordReads(of: .organisation, [context.organisation.uuid], action: AuditAction.auditRead.rawValue,
                                 organisation: context.organisation, actor: context.actor(role), on: context.connection)
        return page
    }
}
