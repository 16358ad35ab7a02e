public import Domain
public import Store

/// One panel with its members and cases, as the caller may see it.
public struct GetPanel: TransactionalUseCase {
    public var panel: PanelID

    public init(_ panel: PanelID) {
        self.panel = panel
    }

    public func run(in context: UseCaseContext) throws -> VisiblePanel {
        context.visible(try context.agenda(try context.visiblePanel(panel)))
    }
}
