internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows
internal import Foundation
internal import NIOCore

/// The pages: server-rendered HTML over the same use cases as the API, called
/// in-process with typed inputs and results. This type holds what every page
/// shares — who is signed in, form tokens, and how a refusal becomes a page —
/// and registers the role pages.
struct WebRoutes: Sendable {
    let services: QuorumServices
    let renderer: PageRenderer
    /// Failed sign-ins through the pages count with the API's.
    let throttle: AuthenticationThrottle

    func register(on router: Router<QuorumContext>) {
        router.get("assets/{name}", use: asset)
        SignInPages(web: self).register(on: router)
        OrganisationSignIn(web: self).register(on: router)
        CoordinatorPages(web: self).register(on: router)
        HistoryPages(web: self).register(on: router)
        PanelPages(web: self).register(on: router)
        AssessorPages(web: self).register(on: router)
        EvidencePages(web: self).register(on: router)
        SufficiencyPages(web: self).register(on: router)
        ReviewPages(web: self).register(on: router)
        EscalationPages(web: self).register(on: router)
        NQSWPages(web: self).register(on: router)
    }

    /// Fixed confirmation messages, chosen by a code in the redirect: a page
    /// never echoes text from its address.
    static let banners: [String: String] = [
        "signed-out": "You have signed out.",
        "panel-scheduled": "The panel is scheduled.",
        "case-listed": "The case is listed at the panel.",
        "assessor-changed": "The assessor is changed.",
        "supervision-recorded": "The supervision session is recorded.",
        "attendance-recorded": "Who is present is recorded.",
        "recommendation-submitted": "Your recommendation is submitted.",
        "decision-recorded": "The decision is recorded. The chair signs it to make it final.",
        "decision-signed": "The decision is signed.",
        "plan-acknowledged": "You have acknowledged the plan.",
        "concern-responded": "Your response is recorded.",
        "escalation-updated": "The escalation is updated.",
        "judgement-recorded": "The judgement is recorded.",
        "check-kept": "Today's sufficiency check is kept; it is listed under Checks kept.",
        "evidence-verified": "The evidence is verified.",
        "review-recorded": "The review is recorded as a draft. The others add their comments, then everyone signs.",
        "review-commented": "Your comments are saved.",
        "review-signed": "You have signed the review.",
        "supervision-signed": "You have countersigned the supervision record.",
        "conflict-declared": "Your conflict of interest is recorded: you will not decide this case.",
        "panel-closed": "The panel session is closed.",
    ]

    // MARK: - Who is signed in, and running use cases for them

    /// The viewer, or nil when there is no live session.
    func viewer(_ request: Request, context: QuorumContext) async throws -> Viewer? {
        guard let session = WebSession(request) else { return nil }
        do {
            return Viewer(person: try await services.runner.run(GetMe(), as: .token(session.secret), requestID: context.requestIdentity), session: session)
        } catch let refusal as Refusal where refusal.code == .unauthenticated {
            return nil
        }
    }

    /// Runs a use case for the viewer, exactly as the API runs it for a bearer of the same token.
    func run<U: UseCase>(_ useCase: U, for viewer: Viewer, _ context: QuorumContext) async throws -> U.Output {
        try await services.runner.run(useCase, as: .token(viewer.session.secret), requestID: context.requestIdentity)
    }

    /// A GET page for a signed-in person. Refusals become pages: 401 → sign in
    /// again, 403/404 → a page saying so with the same status, others likewise.
    func page(_ request: Request, context: QuorumContext, _ build: @Sendable (Viewer) async throws -> Page) async -> Response {
        do {
            guard let viewer = try await viewer(request, context: context) else { return signInAgain(request) }
            var page = try await build(viewer)
            if page.banner == nil, let code = request.uri.queryParameters.get("done"), let text = Self.banners[code] { page.banner = text }
            return renderer.response(page, viewer: viewer, path: request.uri.path)
        } catch {
            return await refusalPage(error, request: request, context: context)
        }
    }

    /// A form submission: checks the form token, performs the command (which
    /// returns where to go next), and on a refusal the person can fix — bad
    /// fields or someone else's change — shows the form again with the values
    /// kept and the problem in the error summary.
    func action(
        _ request: Request, context: QuorumContext,
        perform: @Sendable (Viewer, FormBody) async throws -> String,
        showAgain: @Sendable (Viewer, FormBody, Problem) async throws -> Page
    ) async -> Response {
        do {
            guard let viewer = try await viewer(request, context: context) else { return signInAgain(request) }
            let form = try await Self.form(request)
            guard viewer.session.accepts(form) else {
                return renderer.response(.message("This form has expired", "The form was not sent from this session. Go back, reload the page and try again.",
                                                  status: .forbidden), viewer: viewer, path: request.uri.path)
            }
            do {
                return PageRenderer.redirect(try await perform(viewer, form))
            } catch {
                var problem = Problem.from(error, requestID: context.requestID, logger: context.logger)
                guard [.unprocessableContent, .conflict, .preconditionFailed, .badRequest].contains(problem.status) else { throw problem }
                if problem.status == .preconditionFailed {
                    problem.detail = "Someone else changed this while you were working on it. The page now shows the current version: check it, then submit again."
                }
                var page = try await showAgain(viewer, form, problem)
                page.problem = problem
                page.form = form
                page.status = problem.status == .badRequest ? .unprocessableContent : problem.status
                return renderer.response(page, viewer: viewer, path: request.uri.path)
            }
        } catch {
            return await refusalPage(error, request: request, context: context)
        }
    }

    static func form(_ request: Request) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: 256 * 1024)
        return FormBody(String(buffer: buffer))
    }

    func signInAgain(_ request: Request) -> Response {
        PageRenderer.redirect("/sign-in", headers: [.setCookie: WebSession.expiredCookie(secure: WebSession.isSecure(request))])
    }

    func refusalPage(_ error: any Error, request: Request, context: QuorumContext) async -> Response {
        let problem = Problem.from(error, requestID: context.requestID, logger: context.logger)
        if problem.status == .unauthorized { return signInAgain(request) }
        let viewer = try? await viewer(request, context: context)
        let title = switch problem.status {
        case .forbidden: "You cannot see this page"
        case .notFound: "Page not found"
        case .tooManyRequests, .serviceUnavailable: "Sorry, the service is busy"
        default: problem.status.code >= 500 ? "Sorry, there is a problem with the service" : problem.title
        }
        return renderer.response(.message(title, problem.detail, status: problem.status), viewer: viewer, path: request.uri.path)
    }

    // MARK: - Assets

    @Sendable func asset(_ request: Request, context: QuorumContext) async throws -> Response {
        guard let name = context.parameters.get("name"), let bytes = renderer.templates.assets[name] else {
            throw Problem.notFound("asset")
        }
        let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".svg") ? "image/svg+xml" : "application/octet-stream"
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension String {
    /// A path segment from an id, escaped so it cannot change the path.
    var pathSegment: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? ""
    }
}

extension QuorumContext {
    /// A path parameter a page needs as an id; a malformed one is no such page (404).
    func pageID<Tag>(_ name: String, as: Identifier<Tag>.Type = Identifier<Tag>.self) throws -> Identifier<Tag> {
        guard let text = parameters.get(name), let uuid = UUID(uuidString: text) else { throw Problem.notFound("page") }
        return Identifier(uuid)
    }
}
