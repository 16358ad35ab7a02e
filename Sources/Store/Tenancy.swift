public import Domain
public import PQ

/// Row-level security's side of need-to-know: the organisation a transaction
/// acts for. The server enters it when it authenticates the caller
/// (``Tokens/callerQuery(forSecret:)``); system work — the CLI, demo data,
/// creating an organisation — enters the organisation it names. Until then
/// the database shows no organisation's rows at all (`sql/0013`).
public enum Tenancy {
    /// Acts for `organisation` until the transaction ends (`set_config(..., true)`).
    public static func enter(_ organisation: OrganisationID, on connection: PQConnection) throws {
        try connection.query("SELECT quorum_enter_organisation(\(organisation))")
    }
}
