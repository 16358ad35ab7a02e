internal import Hummingbird
internal import Domain
internal import Store
internal import Foundation
internal import NIOCore

/// Turns pages into HTML responses inside the common layout.
struct PageRenderer: Sendable {
    let templates: PageTemplates

    /// A field's element id: API fields are paths (`justifications/accurate`).
    static func elementID(_ field: String) -> String {
        field.replacingOccurrences(of: "/", with: "-")
    }

    /// What every page's template may use beside its own content.
    struct Common: Sendable {
        var pageTitle: String
        var csrf: String?
        var viewerName: String?
        var errorSummary: ErrorSummary?
        var fieldErrors: [String: String]
        var form: [String: String]?
        /// The page's GOV.UK date inputs by field (`{{#dates.heldOn}}{{> date-input}}{{/dates.heldOn}}`).
        var dates: [String: DateInput]
    }

    struct ErrorSummary: Sendable {
        struct Issue: Sendable {
            var href: String
            var message: String
        }

        var issues: [Issue]
        var detail: String?
    }

    struct Layout: Sendable {
        struct Item: Sendable {
            var label: String
            var path: String
            var current: Bool
        }

        var title: String
        var content: String
        var banner: String?
        var refreshTo: String?
        var viewerName: String?
        var csrf: String?
        var hasNavigation: Bool
        var navigation: [Item]
    }

    func response(_ page: Page, viewer: Viewer?, path: String) -> Response {
        var fieldErrors: [String: String] = [:]
        var summary: ErrorSummary?
        if var problem = page.problem {
            let dateFields = Set((DateInput.fields[page.template.rawValue] ?? []).map(\.name))
            problem.errors = problem.errors.map { issue in
                if dateFields.contains(Self.elementID(issue.field)), issue.message.hasPrefix("Expected a date") { return FieldIssue(field: issue.field, message: DateInput.notADate) }
                guard issue.message.hasPrefix("Required"), let better = MissingAnswer.message(form: page.template.rawValue, field: issue.field) else { return issue }
                return FieldIssue(field: issue.field, message: better)
            }
            let issues = problem.errors.map { issue in
                // A date's link goes to its first box, as GOV.UK's date input expects.
                let box = dateFields.contains(Self.elementID(issue.field)) ? "-day" : ""
                return ErrorSummary.Issue(href: "#" + Self.elementID(issue.field) + box, message: issue.message)
            }
            // With fields at fault, the list says it all (the API's detail names fields by path);
            // without, the detail is the one sentence to show.
            summary = ErrorSummary(issues: issues, detail: issues.isEmpty ? problem.detail : nil)
            for issue in problem.errors where fieldErrors[Self.elementID(issue.field)] == nil {
                fieldErrors[Self.elementID(issue.field)] = issue.message
            }
        }
        let common = Common(pageTitle: page.title, csrf: viewer?.session.csrfToken, viewerName: viewer?.name, errorSummary: summary,
                            fieldErrors: fieldErrors, form: page.form?.values,
                            dates: DateInput.inputs(for: page.template.rawValue, form: page.form?.values, errors: fieldErrors))
        let layout = Layout(
            title: page.problem == nil ? page.title : "Error: \(page.title)",
            content: templates.render(page.template, PageScope(common: common, content: page.content)),
            banner: page.banner, refreshTo: page.refreshTo, viewerName: viewer?.name, csrf: viewer?.session.csrfToken,
            hasNavigation: !(viewer?.navigation.isEmpty ?? true),
            navigation: (viewer?.navigation ?? []).map { Layout.Item(label: $0.label, path: $0.path, current: path == $0.path || path.hasPrefix($0.path + "/")) })
        return Response(
            status: page.status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: templates.render(.layout, layout))))
    }

    /// `303 See Other`: after a successful form, the browser loads the next page with GET.
    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
