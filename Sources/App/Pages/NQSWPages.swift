internal import Hummingbird

struct NQSWPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {}
}
