internal import Foundation
internal import Hummingbird
internal import Domain
internal import Store

/// One page to render: its template, title and typed content, and any
/// problem that sent a form back, which becomes the error summary and the
/// message by each field.
struct Page: Sendable {
    var template: PageTemplate
    var title: String
    /// What the template shows: a struct of this page's own (read by name).
    var content: any Sendable
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

    init(_ template: PageTemplate, title: String, content: any Sendable = NoContent(), status: HTTPResponse.Status = .ok, problem: Problem? = nil,
         refreshTo: String? = nil) {
        self.template = template
        self.title = title
        self.content = content
        self.status = status
        self.problem = problem
        self.refreshTo = refreshTo
    }

    /// A page that is one sentence (and perhaps a link).
    static func message(_ title: String, _ text: String, link: String? = nil, linkText: String? = nil,
                        status: HTTPResponse.Status = .ok, refreshTo: String? = nil) -> Page {
        Page(.message, title: title, content: Message(text: text, link: link, linkText: linkText), status: status, refreshTo: refreshTo)
    }

    struct Message: Sendable {
        var text: String
        var link: String?
        var linkText: String?
    }

    struct NoContent: Sendable {}
}

/// Who is looking at a page: who they are and the session's form token.
struct Viewer: Sendable {
    var person: Person
    var session: WebSession

    var roles: Set<Role> { Set(person.roles) }
    var name: String { person.name }
    /// The viewer as the access rules read a caller, to decide what a page offers.
    var caller: Caller { Caller(personID: person.id, organisationID: person.organisationID, roles: roles) }

    /// The sections the navigation offers, in the order a person meets them.
    var navigation: [(label: String, path: String)] {
        var items: [(String, String)] = []
        if roles.contains(.coordinator) { items += [("Cohort", "/coordinator"), ("Panels", "/panels"), ("Outcomes", "/coordinator/outcomes")] }
        if roles.contains(.assessor) || roles.contains(.lineManager) { items.append(("My NQSWs", "/nqsws")) }
        if roles.contains(.panelMember) && !roles.contains(.coordinator) { items.append(("My panels", "/panels")) }
        if roles.contains(.psw) { items.append(("Escalations", "/escalations")) }
        if roles.contains(.coordinator) || roles.contains(.psw) { items.append(("History", "/history")) }
        if roles.contains(.nqsw) { items.append(("My year", "/my-year")) }
        return items
    }

    /// Each role's start page; a person with several roles starts at the first.
    var startPath: String {
        navigation.first?.path ?? "/nothing-to-do"
    }
}
