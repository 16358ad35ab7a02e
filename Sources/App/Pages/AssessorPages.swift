internal import Hummingbird

struct AssessorPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {}
}
