import Foundation

/// A writer's contact details. They never enter the hash-chained journal: they are kept in
/// `personal.jsonl` so they can be erased (AVG), and the journal keeps a salted digest.
public struct PersonalDetails: Hashable, Sendable, Codable {
    public var name: String?
    public var address: String?
    public var email: String?
    public var phone: String?

    public init(name: String? = nil, address: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name.nonEmpty
        self.address = address.nonEmpty
        self.email = email.nonEmpty
        self.phone = phone.nonEmpty
    }

    /// Whether there is anything to keep.
    public var isEmpty: Bool { name == nil && address == nil && email == nil && phone == nil }
}
