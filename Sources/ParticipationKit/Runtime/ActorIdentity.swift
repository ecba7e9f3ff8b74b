import Foundation

/// Who does something: a role, and optionally a person's name.
///
/// Written on the command line as `--as ROLE[:NAME]`, for example `--as college` or
/// `--as projectleider:Fatima Yilmaz`.
public struct ActorIdentity: Hashable, Sendable, Codable, CustomStringConvertible {
    public var role: RoleID
    public var name: String?

    public init(role: RoleID, name: String? = nil) {
        self.role = role
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The engine itself, for timed transitions.
    public static let system = ActorIdentity(role: .system)

    /// Parses `ROLE` or `ROLE:NAME`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let role = parts.first, !role.isEmpty, !role.contains(where: \.isWhitespace) else { return nil }
        let name = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        self.init(role: RoleID(String(role)), name: name)
    }

    /// `projectleider (Fatima Yilmaz)` or `college`.
    public var description: String {
        if let name { return "\(role) (\(name))" }
        return role.rawValue
    }
}
