internal import Foundation
internal import Mustache

/// What a page's template reads: the page's own content first, then what
/// every page shares (the form token, the error summary, the values a form
/// came back with). Both are typed structs, read by property name.
struct PageScope: MustacheParent {
    let common: PageRenderer.Common
    let content: any Sendable

    func child(named name: String) -> Any? {
        Self.value(named: name, in: content) ?? Self.value(named: name, in: common)
    }

    /// A stored property's value by name; nil when there is none or it is nil.
    static func value(named name: String, in object: Any) -> Any? {
        guard let child = Mirror(reflecting: object).children.first(where: { $0.label == name }) else { return nil }
        let optional = Mirror(reflecting: child.value)
        guard optional.displayStyle == .optional else { return child.value }
        return optional.children.first?.value
    }
}
