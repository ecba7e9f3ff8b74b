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
///
/// - Parameters:
///   - document: The report as text, Markdown, HTML or CSV render it; made only for those.
///   - store: The store the report is about: an exercise store says so on every report, and
///     with `roles` the report also says when roles are not restricted (status, the audit).
func emitReport(
    _ makeDocument: @autoclosure () -> ReportDocument, json model: some Encodable, context: Context, arguments: ParsedArguments,
    store: ParticipationStore? = nil, roles: Bool = false
) throws -> Int32 {
    let formatText = arguments.value("format") ?? ReportFormat.text.rawValue
    guard let format = ReportFormat(rawValue: formatText) else {
        throw UsageError(
            message: "Onbekend formaat \"\(formatText)\"; kies uit \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    }
    if arguments.has("excel"), format != .csv { throw UsageError(message: "--excel hoort bij --format csv.") }
    if format != .json {
        // Text, Markdown, HTML and CSV are written as they are rendered, a megabyte at a time.
        var document = makeDocument()
        if let store { document.notices += storeNotices(store, roles: roles) }
        let excel = arguments.has("excel")
        let render: ((UnsafeRawBufferPointer) -> Void) -> Void =
            switch format {
            case .text: { ReportRenderer.text(document, chunks: $0) }
            case .md: { ReportRenderer.markdown(document, chunks: $0) }
            case .html: { ReportRenderer.html(document, chunks: $0) }
            // (JSON does not come here.)
            case .csv, .json: { ReportRenderer.csv(document, excel: excel, chunks: $0) }
            }
        if let path = arguments.value("out") {
            // Into the temporary file as it is rendered: a long report is never held whole.
            try context.writeAtomically(to: path, what: "het rapport", render)
            context.warn("Rapport (\(format.rawValue)) geschreven naar \(path).")
        } else {
            // The renderers made every format safe; CSV keeps its CRLF line ends.
            render { context.printRaw(bytes: $0) }
        }
        return ExitCode.ok
    }
    // Encoded as bytes without a tree of the whole report first (``ReportJSONEncoder``), and
    // written a megabyte at a time.
    func encode(_ chunks: (UnsafeRawBufferPointer) -> Void) throws {
        if let store {
            try ReportJSONEncoder().encode(WithStoreFacts(model: model, store: store, roles: roles), chunks: chunks)
        } else {
            try ReportJSONEncoder().encode(model, chunks: chunks)
        }
    }
    if let path = arguments.value("out") {
        // An error while encoding leaves no file behind (the temporary one is removed).
        try context.writeAtomically(to: path, what: "het rapport") { write throws(FileError) in
            do { try encode(write) } catch { throw FileError("het rapport kon niet als JSON worden gemaakt: \(error)") }
        }
        context.warn("Rapport (\(format.rawValue)) geschreven naar \(path).")
    } else {
        try encode { context.printRaw(bytes: $0) }
    }
    return ExitCode.ok
}

extension Context {
    /// Writes bytes a renderer already made safe to standard output as they are: streamed to
    /// the terminal or pipe, collected for the tests.
    func printRaw(bytes: UnsafeRawBufferPointer) {
        if streaming {
            FileHandle.standardOutput.write(Data(bytes))
        } else {
            printRaw(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// What every report of a store says before anything else: an exercise store accounts for
/// nothing; with `roles`, that anyone may act in any role while none is granted.
func storeNotices(_ store: ParticipationStore, roles: Bool) -> [String] {
    var notices: [String] = []
    if store.isExercise { notices.append(ReportDocument.exerciseNotice) }
    if roles, !store.rolesRestricted { notices.append(ReportDocument.openRolesNotice) }
    return notices
}

/// A report's JSON with the store's facts beside its own members: `exercise` and, for status
/// and the audit, `rolesRestricted`.
struct WithStoreFacts<Model: Encodable>: Encodable {
    let model: Model
    let exercise: Bool
    let rolesRestricted: Bool?

    init(model: Model, store: ParticipationStore, roles: Bool) {
        self.model = model
        exercise = store.isExercise
        rolesRestricted = roles ? store.rolesRestricted : nil
    }

    private enum Keys: String, CodingKey { case exercise, rolesRestricted }

    func encode(to encoder: any Encoder) throws {
        try model.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(exercise, forKey: .exercise)
        try container.encodeIfPresent(rolesRestricted, forKey: .rolesRestricted)
    }
}
