public import Foundation
public import Domain
internal import Crypto

/// The key that anchors the audit chains: it lives in the server's secret
/// configuration and never in the database, so a database owner who rewrites
/// and re-hashes a chain cannot make anchors that match it.
public struct AuditKey: Sendable {
    /// Names the key without revealing it: the first 8 bytes of its SHA-256, hex.
    public let id: String
    private let key: SymmetricKey

    public enum Problem: Error, CustomStringConvertible {
        case tooShort(Int)
        case unreadable(String)

        public var description: String {
            switch self {
            case .tooShort(let bytes): "the audit key has \(bytes) bytes; it needs at least 32 (for example `openssl rand -hex 32`)"
            case .unreadable(let reason): "cannot read the audit key: \(reason)"
            }
        }
    }

    /// A key from its secret bytes (at least 32).
    public init(secret: [UInt8]) throws(Problem) {
        guard secret.count >= 32 else { throw .tooShort(secret.count) }
        key = SymmetricKey(data: secret)
        id = SHA256.hash(data: secret).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A key from a file: its contents as text, surrounding whitespace ignored
    /// (a hex string from `openssl rand -hex 32` is used as its characters).
    public static func load(contentsOf url: URL) throws(Problem) -> AuditKey {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw .unreadable("\(url.path): \(error.localizedDescription)") }
        return try AuditKey(secret: Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
    }

    /// The MAC of one anchor: the organisation, the head's seq and hash, and
    /// the previous anchor's MAC, so anchors chain too (one removed from the
    /// middle breaks the next).
    func mac(organisation: OrganisationID, seq: Int, hash: [UInt8], previous: [UInt8]?) -> [UInt8] {
        var message = Array("quorum-audit-anchor-v1|\(organisation)|\(seq)|".utf8)
        message += hash
        message += Array("|".utf8)
        message += previous ?? []
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }
}
