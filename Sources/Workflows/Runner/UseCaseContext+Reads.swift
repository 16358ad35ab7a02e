internal import Domain
internal import Store
internal import Foundation

extension UseCaseContext {
    /// Records that the caller read these records, in the read log: once per
    /// request and kind, deduplicated per person and records within five
    /// minutes, never waiting on the chain's lock (``AuditLog/recordReads``).
    func recordRead(_ kind: AuditEntry.EntityType, _ ids: [UUID], _ action: AuditAction, as role: Role? = nil) throws {
        let acting = role ?? caller.actingRole(preferring: [.coordinator, .psw, .assessor, .lineManager, .nqsw, .panelMember, .moderator, .hr])
        try AuditLog.recordReads(of: kind, ids, action: action.rawValue, organisation: organisation,
                                 actor: actor(named: acting?.rawValue ?? "person"), on: connection)
    }
}
