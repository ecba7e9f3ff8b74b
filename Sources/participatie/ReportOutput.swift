import Foundation
import ParticipationKit

/// The options every report takes.
let reportOptions: [OptionSpec] = [
    .value("format", "text|md|html|json|csv", "Uitvoer: tekst (standaard), Markdown, HTML (één bestand), JSON of CSV."),
    .flag("excel", "CSV zoals Nederlandse Excel het leest: puntkomma's en een BOM."),
    .value("out", "BESTAND", "Schrijf het rapport naar dit bestand (in één keer: eerst een tijdelijk bestand)."),
]

/// Writes a report in the format the user asked for, to standard output or atomically to
/// `--out`. JSON comes from the report's own data model, which carries `formatVersion`.
func emitReport(_ document: ReportDocument, json model: some Encodable, context: Context, arguments: ParsedArguments) throws -> Int32 {
    let formatText = arguments.value("format") ?? ReportFormat.text.rawValue
    guard let format = ReportFormat(rawValue: formatText) else {
        throw UsageError(message: "Onbekend formaat \"\(formatText)\"; kies uit \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    }
    if arguments.has("excel"), format != .csv { throw UsageError(message: "--excel hoort bij --format csv.") }
    let bytes: [UInt8]
    switch format {
    case .text: bytes = Array(ReportRenderer.text(document).utf8)
    case .md: bytes = Array(ReportRenderer.markdown(document).utf8)
    case .html: bytes = Array(ReportRenderer.html(document).utf8)
    case .csv: bytes = ReportRenderer.csv(document, excel: arguments.has("excel"))
    case .json:
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        bytes = Array(context.jsonSafe(String(decoding: try encoder.encode(model), as: UTF8.self)).utf8) + [0x0A]
    }
    if let path = arguments.value("out") {
        try context.writeAtomically(bytes, to: path, what: "het rapport")
        context.warn("Rapport (\(format.rawValue)) geschreven naar \(path).")
    } else {
        // The renderers made every format safe; CSV keeps its CRLF line ends.
        context.printRaw(String(decoding: bytes, as: UTF8.self))
    }
    return ExitCode.ok
}
