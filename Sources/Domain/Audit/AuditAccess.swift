/// Who reads which history, decided once: a coordinator reads the whole of
/// their organisation's trail; the PSW reads the history of the
/// fitness-to-practise matters they may read (the escalations and the
/// concerns escalated) and nothing else; everyone else reads none of it —
/// their records' current state is theirs to see, the trail is not.
public enum AuditAccess {
    public enum Scope: Sendable, Hashable {
        case organisation
        case fitnessToPractiseMatters
        case none
    }

    public static func scope(_ caller: Caller) -> Scope {
        if caller.holds(.coordinator) { return .organisation }
        if caller.holds(.psw) { return .fitnessToPractiseMatters }
        return .none
    }
}
