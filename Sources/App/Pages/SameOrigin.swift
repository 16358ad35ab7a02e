internal import Hummingbird

/// Whether a form post came from Quorum's own pages. Browsers send
/// `Sec-Fetch-Site` and `Origin` with a cross-site post; either one naming
/// another site refuses it. A request with neither (curl, an old browser) is
/// allowed: login CSRF needs a victim's browser, which sends them.
enum SameOrigin {
    static func allows(_ request: Request) -> Bool {
        if let site = request.headers[.init("Sec-Fetch-Site")!], site == "cross-site" || site == "same-site" { return false }
        guard let origin = request.headers[.origin] else { return true }
        // The host the browser used: the proxy's forwarded one, else the request's own.
        let hosts = [request.headers[.init("X-Forwarded-Host")!], request.headers[.init("Host")!], request.head.authority].compactMap { $0 }
        return hosts.contains { origin == "http://\($0)" || origin == "https://\($0)" }
    }
}
