internal import Mustache
internal import Foundation

/// The page templates and static assets, read once at start-up from the
/// resource bundle beside the executable, the installed `share/quorum`, or
/// the source tree (the same search as the OpenAPI document).
struct PageTemplates: Sendable {
    let library: MustacheLibrary
    /// `quorum.css` and friends, by file name.
    let assets: [String: [UInt8]]

    static let shared = PageTemplates()

    private init() {
        var library = MustacheLibrary()
        var assets: [String: [UInt8]] = [:]
        let files = FileManager.default
        if let templates = Self.resourceDirectory("templates"),
           let names = try? files.contentsOfDirectory(atPath: templates.path) {
            for name in names where name.hasSuffix(".mustache") {
                guard let text = try? String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8) else { continue }
                do {
                    try library.register(text, named: String(name.dropLast(".mustache".count)))
                } catch {
                    preconditionFailure("Template \(name) does not parse: \(error)")
                }
            }
        }
        if let directory = Self.resourceDirectory("assets"), let names = try? files.contentsOfDirectory(atPath: directory.path) {
            for name in names where !name.hasPrefix(".") {
                if let data = files.contents(atPath: directory.appendingPathComponent(name).path) { assets[name] = Array(data) }
            }
        }
        self.library = library
        self.assets = assets
    }

    /// Renders a template; a missing template is a programming error caught by the page tests.
    func render(_ name: String, _ values: [String: Any]) -> String {
        guard let text = library.render(values, withTemplate: name) else {
            preconditionFailure("No template named \(name)")
        }
        return text
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
