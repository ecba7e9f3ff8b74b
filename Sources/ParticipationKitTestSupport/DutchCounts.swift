import Foundation
import ParticipationKit

/// Counts that read wrong in Dutch, found in rendered output: "1 reacties", "2 reactie",
/// "alle 1 …", "alle 2 …" (that is "beide"), "van de 1 …", "de ene reactie" (that is "de
/// enige"), "2 × punt" (that is "2 punten").
public enum DutchCounts: Sendable {
    /// Nouns that reports count, singular and plural.
    public static let nouns: [(singular: String, plural: String)] = [
        ("reactie", "reacties"), ("inspraakreactie", "inspraakreacties"), ("evaluatiereactie", "evaluatiereacties"),
        ("idee", "ideeën"), ("antwoord", "antwoorden"), ("proces", "processen"), ("brief", "brieven"), ("dag", "dagen"),
        ("week", "weken"), ("stuk inbreng", "stuks inbreng"), ("punt", "punten"), ("regel", "regels"),
        ("intrekking", "intrekkingen"), ("termijn", "termijnen"), ("besluit", "besluiten"), ("zienswijze", "zienswijzen"),
        ("handtekening", "handtekeningen"), ("voorstel", "voorstellen"), ("advies", "adviezen"), ("signaal", "signalen"),
        ("inzending", "inzendingen"), ("indiener", "indieners"), ("uitdaging", "uitdagingen"), ("aanbeveling", "aanbevelingen"),
    ]

    /// Every wrong count in the text of a document: title, subtitle, notices, headings,
    /// paragraphs, warnings, facts, list items, table captions, column titles and cells, and
    /// charts, each on its own (so that two cells side by side do not read as one phrase).
    public static func problems(in document: ReportDocument) -> [String] {
        var pieces = [document.title, document.subtitle ?? ""] + document.notices
        for section in document.sections {
            pieces.append(section.heading)
            for block in section.blocks {
                switch block {
                case .paragraph(let text), .subheading(let text), .warning(let text): pieces.append(text)
                case .facts(let facts): pieces += facts.flatMap { [$0.label, $0.value] }
                case .list(let items): pieces += items
                case .table(let table): pieces += [table.caption] + table.columns.map(\.title) + table.rows.flatMap { $0 }
                case .chart(let chart):
                    pieces += [chart.title, chart.summary] + chart.rows.flatMap { [$0.label, $0.note] } + chart.series.map(\.label)
                case .phaseRibbon: break
                }
            }
        }
        return pieces.flatMap(problems)
    }

    /// Every wrong count in `text`, with a little of what stands around it. Line breaks and
    /// runs of spaces (a wrapped paragraph, a Markdown line) count as one space; case does not
    /// count.
    public static func problems(_ text: String) -> [String] {
        let flat = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var patterns: [String] = [
            #"(?:^|[^\d.,-])alle [01] "#, #"(?:^|[^\d.,-])alle 2 "#, #"(?:^|[^\d.,-])van de [01] "#, #"\bde ene "#,
            #"\d+ × \p{L}"#, #"(?:^|[^\d.,-])1 stuks "#,
        ]
        for noun in nouns {
            patterns.append(#"(?:^|[^\d.,-])1 "# + NSRegularExpression.escapedPattern(for: noun.plural) + #"(?![\p{L}])"#)
            patterns.append(
                #"(?:^|[^\d.,-])(?:0|[2-9]|[1-9]\d+|\d{1,3}(?:\.\d{3})+) "# + NSRegularExpression.escapedPattern(for: noun.singular)
                    + #"(?![\p{L}])"#)
        }
        var found: [String] = []
        let range = NSRange(flat.startIndex..., in: flat)
        for pattern in patterns {
            guard let expression = try? NSRegularExpression(pattern: pattern) else {
                found.append("ongeldig patroon \(pattern)")
                continue
            }
            for match in expression.matches(in: flat, range: range) {
                guard let matched = Range(match.range, in: flat) else { continue }
                let start = flat.index(matched.lowerBound, offsetBy: -30, limitedBy: flat.startIndex) ?? flat.startIndex
                let end = flat.index(matched.upperBound, offsetBy: 30, limitedBy: flat.endIndex) ?? flat.endIndex
                found.append("…\(flat[start..<end])…")
            }
        }
        return found
    }
}
