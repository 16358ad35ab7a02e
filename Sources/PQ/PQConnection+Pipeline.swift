internal import CLibPQ

/// libpq's pipeline mode: many statements sent before any result is read,
/// so N statements cost one round trip.
extension PQConnection {
    /// Runs independent statements in one round trip (libpq pipeline mode):
    /// all are sent, then one sync, then the results are read in order. Each
    /// statement gets its own outcome; after a failure the rest of the
    /// pipeline is not run and reports the failure too. Outside a transaction
    /// each statement commits on its own, as with ``query(_:)``.
    public func pipeline(_ queries: [PQQuery]) throws -> [Result<PQResult, PQError>] {
        try pipeline(groups: [queries])[0]
    }

    /// Runs several groups of statements in one round trip, with a sync point
    /// after each group: a failure aborts only the rest of its own group. The
    /// pool uses this to send many callers' reads at once.
    public func pipeline(groups: [[PQQuery]]) throws -> [[Result<PQResult, PQError>]] {
        var names: [[String]] = []
        for group in groups {
            var groupNames: [String] = []
            for query in group {
                for bind in query.binds {
                    if case .invalid(let reason) = bind.payload {
                        throw PQError(code: .invalidParameter, message: reason, sqlState: SQLState.characterNotInRepertoire, query: query.sql)
                    }
                }
                guard let name = try preparedName(query, oids: query.binds.map(\.oid)) else {
                    // Not cacheable: fall back to one round trip per statement.
                    return groups.map { group in
                        group.map { query in Result { try self.query(query) }.mapError { $0 as? PQError ?? PQError(code: .server, message: "\($0)") } }
                    }
                }
                groupNames.append(name)
            }
            names.append(groupNames)
        }
        guard PQenterPipelineMode(handle) == 1 else {
            throw PQError(code: .server, message: String(cString: PQerrorMessage(handle)))
        }
        for (group, groupNames) in zip(groups, names) {
            for (query, name) in zip(group, groupNames) {
                let sent = withParameterArrays(query.binds) { values, lengths, formats in
                    PQsendQueryPrepared(handle, name, Int32(query.binds.count), values, lengths, formats, 0)
                }
                if sent != 1 { throw abandonPipeline(query.sql) }
            }
            guard PQpipelineSync(handle) == 1 else { throw abandonPipeline(nil) }
        }
        var all: [[Result<PQResult, PQError>]] = []
        for group in groups {
            var outcomes: [Result<PQResult, PQError>] = []
            var firstError: PQError?
            // Read every result up to this group's sync point, even after a failure, so the connection stays usable.
            readLoop: while true {
                guard let result = PQgetResult(handle) else {
                    if PQstatus(handle) != CONNECTION_OK { throw abandonPipeline(nil) }
                    continue // the end of one statement's results
                }
                switch PQresultStatus(result) {
                case PGRES_PIPELINE_SYNC:
                    PQclear(result)
                    break readLoop
                case PGRES_PIPELINE_ABORTED:
                    PQclear(result)
                    outcomes.append(.failure(firstError ?? PQError(code: .server, message: "pipeline aborted")))
                default:
                    let sql = group[min(outcomes.count, group.count - 1)].sql
                    do {
                        outcomes.append(.success(try check(result, sql: sql)))
                    } catch let error as PQError {
                        firstError = firstError ?? error
                        outcomes.append(.failure(error))
                    }
                }
            }
            all.append(outcomes)
        }
        PQexitPipelineMode(handle)
        return all
    }

    /// A pipeline that could not be sent leaves the connection in an unknown
    /// state: mark it broken so the pool replaces it.
    func abandonPipeline(_ sql: String?) -> PQError {
        isBroken = true
        return PQError(code: .connectionLost, message: String(cString: PQerrorMessage(handle)), query: sql)
    }
}
