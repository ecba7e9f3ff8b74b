/// A Dutch noun in its singular and plural, so that a count never reads "1 reacties" or
/// "2 reactie": every count in a report goes through ``counted(_:)``.
///
/// Dutch takes the plural for every count but one, zero included ("0 reacties"). The noun may
/// be a phrase ("stuk inbreng" / "stuks inbreng"); counts are written the Dutch way, with a
/// point between thousands (``DutchNumber``).
public struct DutchNoun: Hashable, Sendable {
    /// The form after 1: "reactie", "idee", "stuk inbreng".
    public var singular: String
    /// The form after every other count: "reacties", "ideeën", "stuks inbreng".
    public var plural: String

    public init(_ singular: String, _ plural: String) {
        self.singular = singular
        self.plural = plural
    }

    /// The form that goes with `count`: the singular for 1, the plural otherwise.
    public func form(for count: Int) -> String { count == 1 ? singular : plural }

    /// The count and the form that goes with it: "1 reactie", "0 reacties", "4.000 handtekeningen".
    public func counted(_ count: Int) -> String { "\(DutchNumber.format(count)) \(form(for: count))" }

    /// The verb form that goes with `count` as subject: `agreeing(1, "heeft", "hebben")` is "heeft".
    public static func agreeing(_ count: Int, _ singular: String, _ plural: String) -> String {
        count == 1 ? singular : plural
    }

    /// "beide" for two and "alle 5" for more, to stand before the plural; `nil` for one or
    /// none, where "alle" would read wrong ("alle 1 reactie", "alle 2 reacties").
    public static func all(_ count: Int) -> String? {
        switch count {
        case ..<2: nil
        case 2: "beide"
        default: "alle \(DutchNumber.format(count))"
        }
    }

    /// The noun with its first letter made small, for use inside a sentence ("Inspraakreactie"
    /// becomes "inspraakreactie"); a word that starts with two capitals ("AVG-verzoek") keeps them.
    public var lowercased: DutchNoun { DutchNoun(Self.lowercasingFirst(singular), Self.lowercasingFirst(plural)) }

    static func lowercasingFirst(_ text: String) -> String {
        guard let first = text.first, first.isUppercase else { return text }
        let second = text.dropFirst().first
        if let second, second.isUppercase { return text }
        return first.lowercased() + text.dropFirst()
    }

    static func capitalizingFirst(_ text: String) -> String {
        guard let first = text.first, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// The plural of a label whose plural is regular beyond doubt, or `nil`.
    ///
    /// Only the first word changes ("Reactie op de uitvoering" → "Reacties op de uitvoering"),
    /// and only by the endings whose plural no Dutch reader doubts:
    /// -tie → -ties (reactie), -ing → -ingen (uitdaging), -ee → -eeën (idee), and -de, -ke,
    /// -te, -ze → -n (zienswijze). Anything else (voorstel → voorstellen, advies → adviezen,
    /// categorie → categorieën, signaal → signalen) needs the workflow's own plural label.
    public static func regularPlural(of label: String) -> String? {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let split = trimmed.firstIndex(of: " ") ?? trimmed.endIndex
        let word = String(trimmed[..<split])
        let rest = trimmed[split...]
        let lower = word.lowercased()
        let plural: String
        if lower.hasSuffix("tie") {
            plural = word + "s"
        } else if lower.hasSuffix("ing") {
            plural = word + "en"
        } else if lower.hasSuffix("ee") {
            plural = word + "ën"
        } else if lower.hasSuffix("ze") || lower.hasSuffix("ke") || lower.hasSuffix("te") || lower.hasSuffix("de") {
            plural = word + "n"
        } else {
            return nil
        }
        return plural + rest
    }
}

extension DutchNoun {
    /// An input that needs an answer, the audit's word for it.
    public static let reactie = DutchNoun("reactie", "reacties")
    /// An input of any kind.
    public static let inbreng = DutchNoun("stuk inbreng", "stuks inbreng")
    public static let proces = DutchNoun("proces", "processen")
    public static let brief = DutchNoun("brief", "brieven")
    public static let antwoord = DutchNoun("antwoord", "antwoorden")
    public static let besluit = DutchNoun("besluit", "besluiten")
    public static let dag = DutchNoun("dag", "dagen")
    public static let regel = DutchNoun("regel", "regels")
    public static let intrekking = DutchNoun("intrekking", "intrekkingen")
    public static let termijn = DutchNoun("termijn", "termijnen")
}
