internal import Hummingbird

struct EscalationPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {}
}
