internal import Hummingbird
internal import Crypto
internal import Foundation
internal import Workflows

/// Signing in through the employer's identity provider (OpenID Connect,
/// implicit flow with `response_mode=form_post`): the provider posts an ID
/// token back to `/sign-in/oidc`, verified with the same keys, issuer and
/// audience as bearer JWTs. Quorum never calls the provider, so it needs no
/// client secret and no outbound network access.
///
/// A short-lived cookie binds the sign-in to the browser that started it: its
/// `state` must come back with the token (no one can post their own token into
/// someone else's browser) and its `nonce` must be inside the token (a token
/// from another sign-in is refused). The provider's post is cross-site, so this
/// one cookie is `SameSite=None`; it holds no credential.
struct OrganisationSignIn: Sendable {
    let web: WebRoutes
    static let cookieName = "quorum_oidc"

    func register(on router: Router<QuorumContext>) {
        router.get("sign-in/oidc", use: start)
        router.post("sign-in/oidc", use: finish)
    }

    /// Random, URL-safe, 256 bits.
    static func randomValue() -> String {
        Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Where the provider sends the browser back.
    /// Always from QUORUM_PUBLIC_URL (required with the provider's sign-in), never from the request's Host.
    static func redirectURI(_ request: Request, provider: IdentityProvider) -> String {
        (provider.publicURL ?? "").trimmingSuffix("/") + "/sign-in/oidc"
    }

    @Sendable func start(_ request: Request, context: QuorumContext) async throws -> Response {
        guard let provider = web.services.identityProvider, let endpoint = provider.authorizationEndpoint else {
            throw Problem.notFound("sign-in through an identity provider")
        }
        let (state, nonce) = (Self.randomValue(), Self.randomValue())
        var query = URLComponents()
        query.queryItems = [
            .init(name: "response_type", value: "id_token"), .init(name: "response_mode", value: "form_post"),
            .init(name: "client_id", value: provider.audience), .init(name: "redirect_uri", value: Self.redirectURI(request, provider: provider)),
            .init(name: "scope", value: "openid email"), .init(name: "state", value: state), .init(name: "nonce", value: nonce),
        ]
        let separator = endpoint.contains("?") ? "&" : "?"
        let encoded = (query.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return PageRenderer.redirect(endpoint + separator + encoded, headers: [
            .setCookie: "\(Self.cookieName)=\(state).\(nonce); Path=/sign-in/oidc; Max-Age=600; HttpOnly; Secure; SameSite=None",
        ])
    }

    /// The state and nonce this browser started with.
    static func started(_ request: Request) -> (state: String, nonce: String)? {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0] == cookieName else { continue }
            let values = pair[1].split(separator: ".")
            if values.count == 2 { return (String(values[0]), String(values[1])) }
        }
        return nil
    }

    @Sendable func finish(_ request: Request, context: QuorumContext) async throws -> Response {
        guard let provider = web.services.identityProvider, provider.authorizationEndpoint != nil else {
            throw Problem.notFound("sign-in through an identity provider")
        }
        let form = try await WebRoutes.form(request)
        let forget = "\(Self.cookieName)=; Path=/sign-in/oidc; Max-Age=0; HttpOnly; Secure; SameSite=None"
        func refuse(_ message: String, status: HTTPResponse.Status) -> Response {
            var response = web.renderer.response(.message("Sign-in failed", message, link: "/sign-in", linkText: "Sign in again", status: status),
                                                 viewer: nil, path: request.uri.path)
            response.headers[.setCookie] = forget
            return response
        }
        if form["error"] != nil {
            return refuse("Your organisation's sign-in service did not sign you in. Try again, or sign in with a Quorum token.", status: .unauthorized)
        }
        guard let started = Self.started(request), WebSession.constantTimeEqual(started.state, form["state"] ?? "") else {
            return refuse("This sign-in was not started from this browser, or took longer than ten minutes.", status: .forbidden)
        }
        guard let token = form["id_token"], IdentityProvider.looksLikeJWT(Substring(token)) else {
            return refuse("Your organisation's sign-in service sent no identity token.", status: .unprocessableContent)
        }
        let session: String
        do { session = try await signIn(token, nonce: started.nonce, provider: provider, request: request, context: context) } catch let problem as Problem {
            return refuse(problem.detail, status: problem.status)
        }
        // The provider's post was cross-site, so the SameSite=Strict session cookie
        // would not travel with a redirect from it: a page of ours moves on instead.
        var response = web.renderer.response(.message("You are signed in", "Taking you to your start page.", link: "/", linkText: "Continue", refreshTo: "/"),
                                             viewer: nil, path: request.uri.path)
        response.headers[.setCookie] = WebSession(secret: session).cookie(secure: WebSession.isSecure(request))
        response.headers.append(.init(name: .setCookie, value: forget))
        return response
    }
}

extension OrganisationSignIn {
    /// Checks the identity token like a bearer JWT, with the nonce this
    /// browser started with, then starts a session for the person it names;
    /// failures are throttled and logged like any other sign-in.
    func signIn(_ token: String, nonce: String, provider: IdentityProvider, request: Request, context: QuorumContext) async throws -> String {
        let identity: VerifiedIdentity
        do { identity = try await provider.identity(from: Substring(token), nonce: nonce) } catch {
            try await web.failedSignIn(token, request: request, context: context)
            throw Problem.unauthenticated(error.sentence)
        }
        return try await web.signIn(.identity(identity), presented: token, request: request, context: context)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
