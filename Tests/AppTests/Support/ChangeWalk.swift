@testable import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Store
import Testing
import Workflows

/// Sends one change the way `ChangeMatrixTests` checks every change: first as
/// each caller docs/access.md refuses, then with an empty body, then for real,
/// then as each other caller the document allows — counting the audit events
/// every attempt wrote. What differs from the document, or writes the wrong
/// number of events, is collected in `differences`.
final class ChangeWalk {
    /// A caller: a column of the matrix, or someone the journey needs beyond them.
    typealias Caller = TestOrganisation.Member

    let client: any TestClientProtocol
    let columns: [String]
    let callers: [Caller]
    let rows: [String: [Bool]]
    let organisations: [OrganisationID]
    let admin: PQConnection
    /// Who reads each change back through the audit history API (the organisation's coordinator).
    let historyReader: Caller
    private(set) var differences: [String] = []
    private(set) var covered: Set<String> = []
    private(set) var cellsChecked = 0
    /// The record's ETag after the last change, replays included: the next change's `If-Match`.
    private(set) var lastETag: String?

    init(client: any TestClientProtocol, columns: [String], callers: [Caller], rows: [String: [Bool]],
         organisations: [OrganisationID], admin: PQConnection, historyReader: Caller) {
        self.client = client
        self.columns = columns
        self.callers = callers
        self.rows = rows
        self.organisations = organisations
        self.admin = admin
        self.historyReader = historyReader
    }

    /// Audit events in the organisations under test, read as a superuser so
    /// row-level security hides none.
    private func auditCount() throws -> Int {
        try admin.query("SELECT count(*)::int8 FROM audit_events WHERE organisation_id IN (\(organisations[0]), \(organisations[1]))")[0].decode(at: 0)
    }

    /// What is wrong with the last `count` events, if they are not one
    /// transaction's, one per record it changed, each naming `actor`.
    /// (`xmin` is the inserting transaction: one value means one transaction.)
    private func lastEvents(_ count: Int, actor: Caller) throws -> String? {
        let rows = try admin.query("""
            SELECT xmin::text, entity_type || ' ' || entity_id::text, coalesce(actor_person_id::text, '')
              FROM audit_events WHERE organisation_id IN (\(organisations[0]), \(organisations[1])) ORDER BY id DESC LIMIT \(count)
            """)
        let events = try rows.map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1), try $0.decode(String.self, at: 2)) }
        if Set(events.map(\.0)).count != 1 { return "its audit events were written by \(Set(events.map(\.0)).count) transactions" }
        if Set(events.map(\.1)).count != events.count { return "a record got more than one audit event: \(events.map(\.1))" }
        if events.contains(where: { $0.2 != actor.id.description }) { return "an audit event does not name the actor" }
        return nil
    }

    /// What the coordinator cannot read back of the last `count` events through
    /// `GET /v1/audit`: each must be there with its actor, action, reason and
    /// every field's before → after, as stored.
    private func unreadable(_ count: Int, actor: Caller) async throws -> String? {
        let stored = try admin.query("""
            SELECT seq, action, coalesce(reason, ''), (SELECT count(*) FROM jsonb_object_keys(changes))::int8
              FROM audit_events WHERE organisation_id = \(organisations[0]) ORDER BY seq DESC LIMIT \(count)
            """).map { (try $0.decode(Int.self, at: 0), try $0.decode(String.self, at: 1), try $0.decode(String.self, at: 2), try $0.decode(Int.self, at: 3)) }
        let page = try await client.call(.get, "/v1/audit?limit=\(count)", token: historyReader.token)
        guard page.status == 200, case .array(let items)? = page["items"], items.count == stored.count else {
            return "the audit history API answered \(page.status) without its \(count) events"
        }
        for (item, event) in zip(items, stored) {
            guard case .object(let entry) = item, entry["seq"] == .number(Double(event.0)) else { return "the history's newest events are not the change's" }
            if entry["actorId"] != .string(actor.id.description) { return "the history does not name the actor of event \(event.0)" }
            if entry["action"] != .string(event.1) { return "the history shows event \(event.0) as another action" }
            let reason: String = if case .string(let text)? = entry["reason"] { text } else { "" }
            if reason != event.2 { return "the history loses event \(event.0)'s reason" }
            guard case .array(let changes)? = entry["changes"], changes.count == event.3 else { return "the history loses event \(event.0)'s before → after" }
        }
        return nil
    }

    /// One change, walked. `row` is the document's row (`operation` or
    /// `operation: variant`); `bodies` replaces the body for some columns, for
    /// changes whose fields belong to one role (a review's comments);
    /// `records` is how many records the change touches, each getting one
    /// audit event (a panel's signature also decides the recommendation and
    /// closes the year).
    @discardableResult
    func change(
        _ row: String, _ method: HTTPRequest.Method, _ path: String, by actor: Caller, body: String? = nil, bodies: [Int: String] = [:],
        ifMatch: String? = nil, expect expected: Int = 200, records: Int = 1, emptyBodyFails: Bool = true
    ) async throws -> APIResponse {
        covered.insert(String(row.split(separator: ":")[0]))
        let allowed: [Bool]
        if let documented = rows[row] { allowed = documented } else {
            differences.append("\(row): no such row in docs/access.md")
            allowed = Array(repeating: false, count: columns.count)
        }
        var etag = ifMatch
        func send(_ token: String, _ body: String?) async throws -> (APIResponse, Int) {
            let before = try auditCount()
            let response = try await client.call(method, path, token: token, headers: etag.map { [.ifMatch: $0] } ?? [:], body: body)
            if let tag = response.headers[.eTag], (200..<300).contains(response.status) || response.status == 412 { etag = tag }
            return (response, try auditCount() - before)
        }

        for (index, caller) in callers.enumerated() where !allowed[index] {
            cellsChecked += 1
            if caller.id == actor.id { differences.append("\(row): the journey's actor \(columns[index]) is refused by the document") }
            let (response, written) = try await send(caller.token, bodies[index] ?? body)
            // A coordinator elsewhere acts in their own organisation: a body naming
            // this one's people is a validation error there (422), never a change here.
            let refusals = columns[index] == "FOREIGN" ? [403, 404, 422] : [403, 404]
            if !refusals.contains(response.status) {
                differences.append("\(row) as \(columns[index]): \(response.status), document says —")
            }
            if written != 0 { differences.append("\(row) as \(columns[index]): refused, yet \(written) audit events written") }
        }
        if body != nil, emptyBodyFails {
            let (response, written) = try await send(actor.token, "{}")
            if !(400..<500).contains(response.status) { differences.append("\(row): an empty body answered \(response.status)") }
            if written != 0 { differences.append("\(row): an empty body failed, yet \(written) audit events written") }
        }
        let actorColumn = callers.firstIndex { $0.id == actor.id }
        let (response, written) = try await send(actor.token, actorColumn.flatMap { bodies[$0] } ?? body)
        if actorColumn != nil { cellsChecked += 1 }
        if response.status != expected {
            differences.append("\(row) by its actor: \(response.status), expected \(expected): \(response.text.prefix(400))")
        } else if written != records {
            differences.append("\(row): \(written) audit events written, expected \(records)")
        } else if let problem = try lastEvents(written, actor: actor) {
            differences.append("\(row): \(problem)")
        } else if let problem = try await unreadable(written, actor: actor) {
            differences.append("\(row): \(problem)")
        }
        for (index, caller) in callers.enumerated() where allowed[index] && caller.id != actor.id {
            cellsChecked += 1
            let (again, written) = try await send(caller.token, bodies[index] ?? body)
            switch again.status {
            case 200..<300 where written == records: if let problem = try lastEvents(written, actor: caller) { differences.append("\(row) as \(columns[index]): \(problem)") }
            case 200..<300: differences.append("\(row) as \(columns[index]): \(written) audit events written, expected \(records)")
            case 409, 412, 422 where written == 0: break
            case 403, 404: differences.append("\(row) as \(columns[index]): \(again.status), document says ✔")
            default: differences.append("\(row) as \(columns[index]): \(again.status) with \(written) audit events: \(again.text.prefix(300))")
            }
        }
        lastETag = etag
        return response
    }
}
