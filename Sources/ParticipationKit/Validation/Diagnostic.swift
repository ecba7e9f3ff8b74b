/// A finding about a workflow file: an error, a warning or a note, with a stable code and
/// the place in the file it is about.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        case error, warning, note

        /// `fout`, `waarschuwing`, `opmerking`.
        public var dutchName: String {
            switch self {
            case .error: "fout"
            case .warning: "waarschuwing"
            case .note: "opmerking"
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs.rank < rhs.rank
        }

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }
    }

    /// A stable diagnostic code such as `PK002`. Codes are API; the wording of messages is not.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
        CustomStringConvertible, Comparable
    {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }
        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public var severity: Severity
    public var code: Code
    /// The finding in Dutch.
    public var message: String
    /// The file it is about, as the user named it.
    public var file: String?
    /// Where in the JSON document (`/transitions/2/to`).
    public var pointer: JSONPointer
    /// Line and column, where known.
    public var location: SourceLocation?

    public init(
        _ severity: Severity, _ code: Code, _ message: String, file: String? = nil,
        pointer: JSONPointer = JSONPointer(), location: SourceLocation? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.pointer = pointer
        self.location = location
    }

    /// `workflows/x.json:12:7: fout: [PK002] … (/transitions/2)`, the form editors and
    /// terminals make clickable.
    public var description: String {
        var place = file ?? "<workflow>"
        if let location { place += ":\(location.line):\(location.column)" }
        let pointerText = pointer.description.isEmpty ? "" : " (\(pointer))"
        return "\(place): \(severity.dutchName): [\(code)] \(message)\(pointerText)"
    }
}

extension Diagnostic.Code {
    /// The file is not valid JSON.
    public static let syntax: Self = "PK001"
    /// A key that the format does not know (usually a typo).
    public static let unknownKey: Self = "PK002"
    /// A value of the wrong JSON type.
    public static let wrongType: Self = "PK003"
    /// A required key is missing.
    public static let missingKey: Self = "PK004"
    /// A value of the right type that is not allowed (an unknown phase, a negative term…).
    public static let invalidValue: Self = "PK005"
    /// The file was written for a newer format version.
    public static let newerFormatVersion: Self = "PK006"
    /// A reference to a state that does not exist.
    public static let unknownState: Self = "PK010"
    /// A reference to a role that does not exist.
    public static let unknownRole: Self = "PK011"
    /// A reference to an input kind that does not exist.
    public static let unknownInputKind: Self = "PK012"
    /// A reference to a document kind that does not exist.
    public static let unknownDocument: Self = "PK013"
    /// A reference to an attribute (or attribute value) that does not exist.
    public static let unknownAttribute: Self = "PK014"
    /// The role `systeem` is reserved for timed transitions.
    public static let reservedRole: Self = "PK015"
}

extension [Diagnostic] {
    /// Whether any finding is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
