/// A string-backed identifier with its own type, so a state name can never be passed where
/// an input id is expected.
public protocol StringIdentifier: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible
where RawValue == String {
    init(_ rawValue: String)
}

extension StringIdentifier {
    public init(rawValue: String) { self.init(rawValue) }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The name of a state in a workflow definition, for example `terInzage`.
public struct StateID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// The name of a transition in a workflow definition, for example `besluiten`.
public struct TransitionName: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The name as words, for a transition without a label: `terInzageLeggen` → "Ter inzage
    /// leggen", `besluiten` → "Besluiten". A run of capitals (an abbreviation) stays as it is.
    public var readable: String {
        let characters = Array(rawValue)
        var words = ""
        for (offset, character) in characters.enumerated() {
            if offset == 0 {
                words.append(contentsOf: character.uppercased())
            } else if character.isUppercase && !characters[offset - 1].isUppercase {
                // A new word: lowered, unless an abbreviation starts here ("naarOZBTarief").
                let next = offset + 1 < characters.count ? characters[offset + 1] : nil
                words.append(" ")
                words.append(contentsOf: next?.isUppercase == true ? String(character) : character.lowercased())
            } else {
                words.append(character)
            }
        }
        return words
    }
}

/// A role that may fire transitions, for example `college` or `raad`.
public struct RoleID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The role under which timed transitions fire; it is never declared in a workflow.
    public static let system: RoleID = "systeem"
}

/// A kind of citizen input, for example `inspraakreactie` or `zienswijze`.
public struct InputKindID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// A kind of document a process can have attached, for example `reactienota`.
public struct DocumentKindID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// The name of a process attribute, for example `impact`.
public struct AttributeName: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// The name of a term in a workflow definition (`"terms"`), for example `beslistermijn`.
public struct TermName: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// The id of a workflow definition, for example `inspraak`.
public struct WorkflowID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// The id of one running participation process in a store.
public struct ProcessID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// The id of one citizen input within a process: the municipality's own reference (a DMS
/// number) or a number the engine gave it (`R-0001`).
public struct InputID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

extension StringIdentifier {
    public var codingKey: any CodingKey { IdentifierCodingKey(stringValue: rawValue) }

    public init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }
}

extension StateID: CodingKeyRepresentable {}
extension InputKindID: CodingKeyRepresentable {}
extension DocumentKindID: CodingKeyRepresentable {}
extension AttributeName: CodingKeyRepresentable {}
extension ProcessID: CodingKeyRepresentable {}
extension InputID: CodingKeyRepresentable {}

struct IdentifierCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
