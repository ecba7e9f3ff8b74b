import Foundation

/// The verdict of feedback on an input: what was done with it.
public enum Verdict: String, Hashable, Sendable, Codable, CaseIterable {
    /// Overgenomen: adopted.
    case overgenomen
    /// Deels: partly adopted.
    case deels
    /// Niet overgenomen: not adopted (the motivation says why).
    case nietOvergenomen = "niet-overgenomen"
    /// Kennisgenomen: noted, with nothing to adopt.
    case kennisgenomen
    /// Doorverwezen: passed on to whoever can act on it.
    case doorverwezen
    /// Niet ontvankelijk: inadmissible.
    case nietOntvankelijk = "niet-ontvankelijk"

    /// The Dutch label for people: `niet overgenomen`.
    public var label: String {
        switch self {
        case .overgenomen: "overgenomen"
        case .deels: "deels overgenomen"
        case .nietOvergenomen: "niet overgenomen"
        case .kennisgenomen: "kennisgenomen"
        case .doorverwezen: "doorverwezen"
        case .nietOntvankelijk: "niet ontvankelijk"
        }
    }

    /// Parses the written form, forgiving case, spaces and underscores (`niet_overgenomen`).
    ///
    /// Also the labels the reports print (`deels overgenomen`, `niet ontvankelijk`), so a
    /// reactienota exported to Excel and filled in reads back.
    public init?(parsing text: String) {
        func normalised(_ text: String) -> String {
            text.trimmingCharacters(in: .whitespaces).lowercased()
                .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        }
        let normal = normalised(text)
        if let verdict = Verdict(rawValue: normal) {
            self = verdict
        } else if let verdict = Verdict.allCases.first(where: { normalised($0.label) == normal }) {
            self = verdict
        } else {
            return nil
        }
    }

    /// Every written form, for messages.
    public static var writtenForms: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
