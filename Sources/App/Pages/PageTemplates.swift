internal import Mustache
internal import Foundation

/// Every template a page is rendered with; the names of the files in
/// `Resources/templates`. Loading checks that each one is there and parses.
enum PageTemplate: String, CaseIterable, Sendable {
    case cohort
    case counts
    case dateInput = "date-input"
    case errorSummary = "error-summary"
    case escalation
    case escalations
    case evidenceItem = "evidence-item"
    case findings
    case hearing
    case history
    case layout
    case message
    case myYear = "my-year"
    case nqsws
    case outcomes
    case panelCase = "panel-case"
    case panelNew = "panel-new"
    case panel
    case panels
    case portfolio
    case recommendationCheck = "recommendation-check"
    case recommendationForm = "recommendation-form"
    case recommendationView = "recommendation-view"
    case reviewNew = "review-new"
    case review
    case signIn = "sign-in"
    case sufficiencyRun = "sufficiency-run"
    case tag
}

/// The page templates and static assets, read and compiled once at start-up
/// from the resource bundle beside the executable, the installed
/// `share/quorum`, or the source tree (the same search as the OpenAPI
/// document). A template that is missing or does not parse stops start-up
/// with a message naming it — never the first request that needs it.
public struct PageTemplates: Sendable {
    /// Why the pages cannot be served.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    let library: MustacheLibrary
    /// `quorum.css` and friends, by file name.
    let assets: [String: [UInt8]]

    /// Loads and compiles every template and reads the assets.
    public static func load() throws -> PageTemplates {
        guard let templates = resourceDirectory("templates") else {
            throw LoadError(description: "The page templates were not found (set QUORUM_RESOURCES to the folder that holds templates/ and assets/).")
        }
        var library = MustacheLibrary()
        for template in PageTemplate.allCases {
            let file = templates.appendingPathComponent(template.rawValue + ".mustache")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw LoadError(description: "The page template \(file.path) is missing or unreadable.")
            }
            do {
                try library.register(text, named: template.rawValue)
            } catch {
                throw LoadError(description: "The page template \(file.path) does not parse: \(error)")
            }
        }
        var assets: [String: [UInt8]] = [:]
        if let directory = resourceDirectory("assets"), let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) {
            for name in names where !name.hasPrefix(".") {
                if let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) { assets[name] = Array(data) }
            }
        }
        return PageTemplates(library: library, assets: assets)
    }

    /// Renders a template; every one was loaded and checked at start-up.
    func render(_ template: PageTemplate, _ values: Any) -> String {
        library.render(values, withTemplate: template.rawValue) ?? ""
    }

    private static func resourceDirectory(_ name: String) -> URL? {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates: [URL] = []
        if let root = ProcessInfo.processInfo.environment["QUORUM_RESOURCES"], !root.isEmpty {
            candidates.append(URL(fileURLWithPath: root).appendingPathComponent(name))
        }
        for directory in [executable, Bundle.main.bundleURL, executable.deletingLastPathComponent()] {
            candidates.append(directory.appendingPathComponent("quorum_App.resources/\(name)"))
        }
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("share/quorum/\(name)"))
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/\(name)"))
        var isDirectory: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && isDirectory.boolValue }
    }
}
