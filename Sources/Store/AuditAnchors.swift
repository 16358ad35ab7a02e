public import Domain
public import PQ
public import Foundation

/// A chain head as anchored: which event, its hash, and the MAC over them.
public struct AuditAnchor: Sendable, Hashable {
    public var organisationID: OrganisationID
    public var seq: Int
    public var hash: [UInt8]
    public var mac: [UInt8]
    public var keyID: String

    /// One line of the exported anchor file: `organisation seq hash mac key`.
    public var line: String {
        "\(organisationID) \(seq) \(Self.hex(hash)) \(Self.hex(mac)) \(keyID)"
    }

    /// Reads a line of the exported anchor file back (nil: not an anchor line).
    public init?(line: Substring) {
        let parts = line.split(separator: " ")
        guard parts.count == 5, let organisation = UUID(uuidString: String(parts[0])), let seq = Int(parts[1]),
              let hash = Self.bytes(hex: parts[2]), let mac = Self.bytes(hex: parts[3]) else { return nil }
        self.init(organisationID: OrganisationID(organisation), seq: seq, hash: hash, mac: mac, keyID: String(parts[4]))
    }

    public init(organisationID: OrganisationID, seq: Int, hash: [UInt8], mac: [UInt8], keyID: String) {
        self.organisationID = organisationID
        self.seq = seq
        self.hash = hash
        self.mac = mac
        self.keyID = keyID
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func bytes(hex: Substring) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// Anchoring: every organisation's head that moved since its last anchor gets
/// a new anchor, its MAC computed here with the key (never in SQL). Runs as
/// the application role through two SECURITY DEFINER functions that cross
/// organisations but show only hashes.
public enum AuditAnchors {
    /// Anchors every moved head; returns the anchors recorded (a head another
    /// server anchored first is skipped, and anchored on the next round).
    public static func anchorHeads(with key: AuditKey, on connection: PQConnection) throws -> [AuditAnchor] {
        let heads = try connection.query("SELECT organisation_id, seq, hash, previous_mac FROM audit_heads_to_anchor()")
        var anchored: [AuditAnchor] = []
        for row in heads {
            let organisation: OrganisationID = try row.decode(at: 0)
            let seq: Int = try row.decode(at: 1)
            let hash: PQBytes = try row.decode(at: 2)
            let previous: PQBytes? = try row.decode(at: 3)
            let mac = key.mac(organisation: organisation, seq: seq, hash: hash.bytes, previous: previous?.bytes)
            let recorded: Bool = try connection.query("""
                SELECT audit_record_anchor(\(organisation), \(seq), \(hash), \(previous), \(PQBytes(mac)), \(key.id))
                """)[0].decode(at: 0)
            if recorded { anchored.append(AuditAnchor(organisationID: organisation, seq: seq, hash: hash.bytes, mac: mac, keyID: key.id)) }
        }
        return anchored
    }

    /// Seals every organisation's read log older than `settle` into its chain
    /// (one `reads.sealed` event per organisation: the range, the count and a
    /// digest verify recomputes). Returns how many organisations were sealed.
    public static func sealReads(settle: Duration = .seconds(30), on connection: PQConnection) throws -> Int {
        let seconds = Double(settle.components.seconds) + Double(settle.components.attoseconds) / 1e18
        return try connection.query("SELECT audit_seal_reads(make_interval(secs => \(seconds)))")[0].decode(Int.self, at: 0)
    }

    /// Every anchor of every organisation (or one), oldest first: for verify (owner or admin).
    static func all(organisation only: OrganisationID?, on connection: PQConnection) throws -> [OrganisationID: [AuditAnchor]] {
        var anchors: [OrganisationID: [AuditAnchor]] = [:]
        for row in try connection.query("""
            SELECT organisation_id, seq, hash, mac, key_id FROM audit_anchors
             WHERE \(only) IS NULL OR organisation_id = \(only) ORDER BY organisation_id, seq
            """) {
            let anchor = AuditAnchor(organisationID: try row.decode(at: 0), seq: try row.decode(at: 1), hash: try row.decode(PQBytes.self, at: 2).bytes,
                                     mac: try row.decode(PQBytes.self, at: 3).bytes, keyID: try row.decode(at: 4))
            anchors[anchor.organisationID, default: []].append(anchor)
        }
        return anchors
    }
}
