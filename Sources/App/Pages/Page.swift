internal import Hummingbird
internal import Domain
internal import Foundation
internal import NIOCore

/// One page to render: its template, title and values, and any field errors
/// from the API, which become the error summary and the messages by each field.
struct Page {
    var template: String
    var title: String
    var values: [String: Any] = [:]
    var status: HTTPResponse.Status = .ok
    /// The problem that sent the form back, shown in the error summary.
    var problem: Problem?
    /// The submitted values, kept when a form comes back with errors.
    var form: FormBody?
    /// A one-line confirmation at the top (a notification banner).
    var banner: String?
    /// A same-site address the browser moves on to by itself (a meta refresh,
    /// so no script is needed).
    var refreshTo: String?
}

/// Who is looking at a page: their name, roles and the session's form token.
struct Viewer: Sendable {
    var personID: String
    var name: String
    var roles: Set<Role>
    var session: WebSession

    /// The sections the navigation offers, in the order a person meets them.
    var navigation: [(label: String, path: String)] {
        var items: [(String, String)] = []
        if roles.contains(.coordinator) { items += [("Cohort", "/coordinator"), ("Panels", "/panels"), ("Outcomes", "/coordinator/outcomes")] }
        if roles.contains(.assessor) || roles.contains(.lineManager) { items.append(("My NQSWs", "/nqsws")) }
        if roles.contains(.panelMember) && !roles.contains(.coordinator) { items.append(("My panels", "/panels")) }
        if roles.contains(.psw) { items.append(("Escalations", "/escalations")) }
        if roles.contains(.nqsw) { items.append(("My year", "/my-year")) }
        return items
    }

    /// Each role's start page; a person with several roles starts at the first.
    var startPath: String {
        navigation.first?.path ?? "/nothing-to-do"
    }
}

/// Turns pages into HTML responses inside the common layout.
enum PageRenderer {
    /// A field's element id: API fields are paths (`justifications/accurate`).
    static func elementID(_ field: String) -> String {
        field.replacingOccurrences(of: "/", with: "-")
    }

    static func response(_ page: Page, viewer: Viewer?, path: String) -> Response {
        var values = page.values
        values["pageTitle"] = page.title
        if let viewer {
            values["csrf"] = viewer.session.csrfToken
            values["viewerName"] = viewer.name
        }
        var fieldErrors: [String: String] = [:]
        if var problem = page.problem {
            problem.errors = problem.errors.map { issue in
                guard issue.message.hasPrefix("Required"), let better = MissingAnswer.message(form: page.template, field: issue.field) else { return issue }
                return FieldIssue(field: issue.field, message: better)
            }
            let issues = problem.errors.map { issue in
                ["href": "#" + elementID(issue.field), "message": issue.message] as [String: Any]
            }
            // With fields at fault, the list says it all (the API's detail names fields by path);
            // without, the detail is the one sentence to show.
            var summary: [String: Any] = ["issues": issues]
            if issues.isEmpty { summary["detail"] = problem.detail }
            values["errorSummary"] = summary
            for issue in problem.errors where fieldErrors[elementID(issue.field)] == nil {
                fieldErrors[elementID(issue.field)] = issue.message
            }
        }
        values["fieldErrors"] = fieldErrors
        if let form = page.form { values["form"] = form.values }
        let content = PageTemplates.shared.render(page.template, values)
        var layout: [String: Any] = [
            "title": page.problem == nil ? page.title : "Error: \(page.title)",
            "content": content,
        ]
        if let banner = page.banner { layout["banner"] = banner }
        if let refreshTo = page.refreshTo { layout["refreshTo"] = refreshTo }
        if let viewer {
            layout["viewerName"] = viewer.name
            layout["csrf"] = viewer.session.csrfToken
            layout["hasNavigation"] = !viewer.navigation.isEmpty
            layout["navigation"] = viewer.navigation.map { item in
                ["label": item.label, "path": item.path, "current": path == item.path || path.hasPrefix(item.path + "/")] as [String: Any]
            }
        }
        let html = PageTemplates.shared.render("layout", layout)
        return Response(
            status: page.status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `303 See Other`: after a successful form, the browser loads the next page with GET.
    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
