public import Domain
public import Store

/// A coordinator takes a case off a panel, with a reason; its recommendation
/// goes back to the queue to be listed again.
public struct ReleasePanelCase: TransactionalUseCase {
    public var panel: PanelID
    public var panelCase: PanelCaseID
    public var expectedVersion: Int?
    public var reason: String

    public init(_ panel: PanelID, _ panelCase: PanelCaseID, expectedVersion: Int?, reason: String) {
        self.panel = panel
        self.panelCase = panelCase
        self.expectedVersion = expectedVersion
        self.reason = reason
    }

    public func run(in context: UseCaseContext) throws -> VisibleCase {
        try Refusal.require(PanelAccess.canManage(context.caller), "Cases are released by ASYE coordinators.")
        let record = try context.visiblePanel(panel, lock: true)
        let current = try context.visibleCase(panelCase, at: record).record
        try Refusal.requireVersion(expectedVersion, current: current.version)
        try context.release(current, reason: reason, actor: context.panelActor())
        return try context.visibleCase(panelCase, at: record, names: true)
    }
}
