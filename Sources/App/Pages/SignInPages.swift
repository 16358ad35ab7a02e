internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store
internal import Workflows

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
                .message("Nothing to do here yet", "Your role has no pages yet. Your coordinator can tell you what to use instead.")
            }
        }
    }

    struct SignInForm: Sendable {
        var organisationSignIn: Bool
    }

    /// `/`: each role's own start page.
    @Sendable func start(_ request: Request, context: QuorumContext) async throws -> Response {
        do {
            guard let viewer = try await web.viewer(request, context: context) else { return web.signInAgain(request) }
            return PageRenderer.redirect(viewer.startPath)
        } catch {
            return await web.refusalPage(error, request: request, context: context)
        }
    }

    private var form: SignInForm {
        SignInForm(organisationSignIn: web.services.identityProvider?.authorizationEndpoint != nil)
    }

    @Sendable func signInForm(_ request: Request, context: QuorumContext) async throws -> Response {
        var page = Page(.signIn, title: "Sign in to Quorum", content: form)
        if let code = request.uri.queryParameters.get("done") { page.banner = WebRoutes.banners[code] }
        return web.renderer.response(page, viewer: nil, path: request.uri.path)
    }

    /// Checks the token as the API would (failures are throttled and logged
    /// like any other), then issues a session token for the browser.
    @Sendable func signIn(_ request: Request, context: QuorumContext) async throws -> Response {
        let token = (try await WebRoutes.form(request))["token"] ?? ""
        func again(_ message: String, status: HTTPResponse.Status) -> Response {
            let problem = Problem(status, kind: "sign-in", title: "Sign-in failed", detail: message, errors: [FieldIssue(field: "token", message: message)])
            return web.renderer.response(Page(.signIn, title: "Sign in to Quorum", content: form, status: status, problem: problem),
                                         viewer: nil, path: request.uri.path)
        }
        // Login CSRF: another site's page must not sign this browser in as someone else.
        guard SameOrigin.allows(request) else {
            return again("Sign in from Quorum's own sign-in page.", status: .forbidden)
        }
        guard Credential.looksLikeToken(Substring(token)) else {
            return again(token.isEmpty ? "Enter your Quorum token." : "Enter the whole token: it starts with qrm_ and has 47 characters.",
                         status: .unprocessableContent)
        }
        let session: String
        do {
            session = try await web.signIn(.token(token), presented: token, request: request, context: context)
        } catch let problem as Problem {
            return again(problem.status == .unauthorized ? "That token is unknown, expired or revoked." : problem.detail, status: problem.status)
        }
        return PageRenderer.redirect("/", headers: [.setCookie: WebSession(secret: session).cookie(secure: WebSession.isSecure(request))])
    }

    /// Revokes the session's token, so the cookie is worthless even if copied.
    @Sendable func signOut(_ request: Request, context: QuorumContext) async throws -> Response {
        await web.action(request, context: context, perform: { viewer, _ in
            _ = try await web.run(SignOut(secret: viewer.session.secret), for: viewer, context)
            return "/sign-in?done=signed-out"
        }, showAgain: { _, _, problem in
            .message("Sign-out failed", problem.detail)
        }).clearingSession(secure: WebSession.isSecure(request))
    }
}

extension WebRoutes {
    /// Starts a web session for whoever `credential` names, through the same
    /// throttle and security log as a bearer request: a valid credential always
    /// signs in; a failure is counted and logged, and answered 429 once this
    /// address or this credential has failed too often.
    func signIn(_ credential: Credential, presented: String, request: Request, context: QuorumContext) async throws -> String {
        do {
            return try await services.runner.run(StartWebSession(lifetime: WebSession.lifetime), as: credential, requestID: context.requestIdentity)
        } catch let refusal as Refusal where refusal.code == .unauthenticated {
            try await failedSignIn(presented, request: request, context: context)
            throw Problem.unauthenticated(refusal.detail)
        }
    }

    /// Counts and logs a failed sign-in; throws 429 once the address or the credential is throttled.
    func failedSignIn(_ presented: String, request: Request, context: QuorumContext) async throws {
        let source = throttle.source(request, context)
        let wait = throttle.recordFailure(source: source, fingerprint: AuthenticationFailure.fingerprint(of: presented))
        _ = try? await services.runner.run(RecordFailedSignIn(source: source, credential: presented, method: request.method.rawValue,
                                                              path: request.uri.path, throttled: wait != nil))
        if let wait { throw AuthenticationThrottle.tooMany(wait) }
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
