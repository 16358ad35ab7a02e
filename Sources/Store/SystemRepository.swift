public import PQ

/// What the server asks the database about itself.
public enum SystemRepository {
    /// Whether the database answers a trivial statement (readiness).
    public static func ping(on connection: PQConnection) throws -> Bool {
        try connection.query("SELECT 1").count == 1
    }

    /// Why the connection's role must not serve: a superuser, a role that
    /// bypasses row-level security, or the owner of the schema's tables could
    /// read across organisations or rewrite the audit trail. Empty when it may.
    public static func servingRoleProblems(on connection: PQConnection) throws -> [String] {
        guard let row = try connection.query("""
            SELECT r.rolname, r.rolsuper, r.rolbypassrls,
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relowner = r.oid)::int8
              FROM pg_roles r WHERE r.rolname = current_user
            """).first else { return ["the connection's role is not in pg_roles"] }
        let name: String = try row.decode(at: 0)
        var problems: [String] = []
        if try row.decode(Bool.self, at: 1) { problems.append("\(name) is a superuser") }
        if try row.decode(Bool.self, at: 2) { problems.append("\(name) bypasses row-level security (BYPASSRLS)") }
        let owned: Int = try row.decode(at: 3)
        if owned > 0 { problems.append("\(name) owns \(owned) of the schema's tables (it is the migrations' role)") }
        return problems
    }
}
