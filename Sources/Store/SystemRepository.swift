public import PQ

/// What the server asks the database about itself.
public enum SystemRepository {
    /// Whether the database answers a trivial statement (readiness).
    public static func ping(on connection: PQConnection) throws -> Bool {
        try connection.query("SELECT 1").count == 1
    }
}
