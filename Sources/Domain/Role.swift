/// What a person does for their employer in the ASYE programme.
/// One person can hold several roles (an assessor may also sit on panels).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case nqsw
    case assessor
    case lineManager = "line_manager"
    case coordinator
    case panelMember = "panel_member"
    case psw
    case moderator
    case hr

    public static func < (lhs: Role, rhs: Role) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
