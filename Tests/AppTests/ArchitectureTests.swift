import Foundation
import Testing

/// The layering rules of docs/architecture.md, checked on the source tree so
/// that a change that breaks one fails CI instead of waiting for a review.
@Suite struct ArchitectureTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every Swift file under `folder` (relative to Sources), with its text.
    static func files(in folder: String) throws -> [(path: String, text: String)] {
        let root = sources.appendingPathComponent(folder)
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var found: [(String, String)] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            found.append((url.path.replacingOccurrences(of: sources.path + "/", with: ""), try String(contentsOf: url, encoding: .utf8)))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// HTTP handlers and pages reach the database only through use cases: no
    /// PQ, no repository, no SQL in App.
    @Test func app_touchesNoDatabase() throws {
        for (path, text) in try Self.files(in: "App") {
            #expect(!text.contains("import PQ"), "\(path) imports PQ")
            #expect(text.range(of: #"[A-Za-z]+Repository\."#, options: .regularExpression) == nil, "\(path) calls a repository")
            #expect(!text.contains("Tokens."), "\(path) reads tokens directly")
        }
    }

    /// Pages present typed results; they never read untyped dictionaries.
    @Test func pages_areTyped() throws {
        for (path, text) in try Self.files(in: "App/Pages") {
            #expect(!text.contains("[String: Any]"), "\(path) builds untyped values")
        }
    }

    /// A handler parses, runs one use case and encodes: none is long.
    @Test func handlers_areShort() throws {
        for (path, text) in try Self.files(in: "App/Routes") {
            let lines = text.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line.contains("func ") && line.contains("{") {
                var depth = 0
                var end = index
                for (offset, body) in lines[index...].enumerated() {
                    depth += body.filter { $0 == "{" }.count - body.filter { $0 == "}" }.count
                    end = index + offset
                    if depth <= 0 { break }
                }
                #expect(end - index + 1 <= 40, "\(path):\(index + 1) is \(end - index + 1) lines")
            }
        }
    }

    /// Files stay small enough to read in one go.
    @Test func sourceFiles_underThreeHundredLines() throws {
        for folder in ["PQ", "Domain", "Store", "Workflows", "App", "quorum"] {
            for (path, text) in try Self.files(in: folder) {
                #expect(text.components(separatedBy: "\n").count <= 301, "\(path) is over 300 lines")
            }
        }
    }

    /// SQL text is built from constant fragments, never by concatenating
    /// strings into `unsafeSQL`; stored enums decode through throwing
    /// initialisers, never a fallback case.
    @Test func store_buildsNoSQLByConcatenation_andDecodesWithoutFallbacks() throws {
        for (path, text) in try Self.files(in: "Store") where !path.hasSuffix("Migrator.swift") {
            #expect(!text.contains("unsafeSQL"), "\(path) builds SQL from unchecked text")
            #expect(text.range(of: #"rawValue: [^)]*\) \?\? \."#, options: .regularExpression) == nil, "\(path) decodes a stored enum with a fallback")
        }
    }
}
