internal import Hummingbird
internal import Domain
internal import Store
internal import Foundation

/// Signing in with a Quorum token, the start page, and signing out.
struct SignInPages: Sendable {
    let web: WebRoutes

    func register(on router: Router<QuorumContext>) {
        router.get("", use: start)
        router.get("sign-in", use: signInForm)
        router.post("sign-in", use: signIn)
        router.post("sign-out", use: signOut)
        router.get("nothing-to-do") { request, context in
            await web.page(request, context: context) { _ in
                Page(template: "message", title: "Nothing to do here yet",
                     values: ["text": "Your role has no pages yet. Your coordinator can tell you what to use instead."])
            }
        }
    }

    /// `/`: each role's own start page.
    @Sendable func start(_ request: Request, context: QuorumContext) async throws -> Response {
        guard let viewer = try? await web.viewer(request, context: context) else { return web.signInAgain(request) }
        return PageRenderer.redirect(viewer.startPath)
    }

    @Sendable func signInForm(_ request: Request, context: QuorumContext) async throws -> Response {
        var page = Page(template: "sign-in", title: "Sign in to Quorum",
                        values: ["organisationSignIn": web.services.identityProvider?.authorizationEndpoint != nil])
        if let code = request.uri.queryParameters.get("done") { page.banner = WebRoutes.banners[code] }
        return PageRenderer.response(page, viewer: nil, path: request.uri.path)
    }

    /// Checks the token through the API (so failures are throttled and logged
    /// like any other), then issues a session token for the browser.
    @Sendable func signIn(_ request: Request, context: QuorumContext) async throws -> Response {
        let form = try await WebRoutes.form(request)
        let token = form["token"] ?? ""
        func again(_ message: String, status: HTTPResponse.Status) -> Response {
            let problem = Problem(status, kind: "sign-in", title: "Sign-in failed", detail: message,
                                  errors: [FieldIssue(field: "token", message: message)])
            return PageRenderer.response(Page(template: "sign-in", title: "Sign in to Quorum",
                                              values: ["organisationSignIn": web.services.identityProvider?.authorizationEndpoint != nil],
                                              status: status, problem: problem),
                                         viewer: nil, path: request.uri.path)
        }
        guard Tokens.isWellFormed(Substring(token)) else {
            return again(token.isEmpty ? "Enter your Quorum token." : "Enter the whole token: it starts with qrm_ and has 47 characters.",
                         status: .unprocessableContent)
        }
        do {
            _ = try await web.api.get("/v1/me", session: token, context: context)
        } catch let refusal as InternalAPI.Refusal {
            return again(refusal.problem.status == .unauthorized ? "That token is unknown, expired or revoked." : refusal.problem.detail,
                         status: refusal.problem.status)
        }
        var signingIn = context
        signingIn.bearer = Substring(token)
        let session = try await Self.issueSession(signingIn, services: web.services)
        return PageRenderer.redirect("/", headers: [.setCookie: WebSession(secret: session).cookie(secure: WebSession.isSecure(request))])
    }

    /// A session token for the caller `context` authenticates (by Quorum token
    /// or by a verified identity token's email), issued and audited like any token.
    static func issueSession(_ context: QuorumContext, services: QuorumServices) async throws -> String {
        try await services.write(context) { connection, caller, requestID in
            let actor = Actor(personID: caller.personID, role: caller.roles.min()?.rawValue ?? "person", requestID: requestID)
            return try Tokens.issue(for: caller.personID, organisation: caller.organisationID, label: "web session",
                                    validFor: WebSession.lifetime, actor: actor, on: connection).secret
        }
    }

    /// Revokes the session's token, so the cookie is worthless even if copied.
    @Sendable func signOut(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, _ in
            _ = try await web.api.call(.delete, "/v1/me/token", session: viewer.session.secret, context: context)
            return "/sign-in?done=signed-out"
        }, showAgain: { _, _, problem in
            Page(template: "message", title: "Sign-out failed", values: ["text": problem.detail])
        }).clearingSession(secure: WebSession.isSecure(request))
    }
}

extension Response {
    /// The same response, telling the browser to forget the session cookie.
    func clearingSession(secure: Bool) -> Response {
        var response = self
        response.headers[.setCookie] = WebSession.expiredCookie(secure: secure)
        return response
    }
}
