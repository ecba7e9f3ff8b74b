import Foundation
import ParticipationKit

let redactCommand = CLICommand(
    words: ["redact"],
    usage: "participatie redact PROC INPUT --reason T",
    summary: "Verwijder de contactgegevens van een indiener (AVG). De inbreng en het antwoord blijven.",
    discussion: """
        Recht op vergetelheid: naam, adres, e-mail en telefoon van de indiener van INPUT worden gewist uit
        personal.jsonl. De tekst van de inbreng, het antwoord, de tellingen en de plaats in de audit blijven.
        Het journaal krijgt een regel met wie het deed, wanneer en waarom, maar nooit de gewiste gegevens;
        de hashketen blijft kloppen (participatie verify). Rapporten met --with-names tonen daarna
        "\(Redaction.placeholder)". Dit kan niet ongedaan worden gemaakt.
        Zet in de reden geen naam of adres van de indiener: de reden blijft altijd in het journaal.
        Geweigerd, zonder iets te schrijven: als de inbreng niet bestaat, als er geen reden is, als de gegevens
        al verwijderd zijn, of als er nooit contactgegevens waren.
        """,
    options: [.value("reason", "T", "Waarom (verplicht, zonder persoonsgegevens), bijvoorbeeld: verzoek van de indiener van 3 april.")],
    positionals: 2...2
) { context, arguments in
    let actor = try context.actor(arguments)
    let now = try context.now()
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    let input = InputID(arguments.positionals[1])
    let events = try store.execute(
        .redactPersonalData(input, reason: try context.limited(arguments, "reason", limit: InputLimits.noteLength) ?? ""), on: process,
        by: actor, at: now)
    if let erasure = store.lastErasure {
        if erasure.linesRemoved > 0 {
            context.print(
                "De contactgegevens bij \(input) in \(process) zijn verwijderd (AVG): "
                    + "\(erasure.linesRemoved == 1 ? "1 regel" : "\(erasure.linesRemoved) regels") uit \(erasure.file).")
        } else {
            context.print(
                "In \(erasure.file) stond geen regel met de contactgegevens bij \(input) meer; er was niets meer te wissen. "
                    + "De verwijdering staat wel in het journaal.")
        }
        context.print(
            "Gezocht in: \(erasure.file) en tijdelijke kopieën ervan ("
                + (erasure.temporaryFilesRemoved.isEmpty
                    ? "geen gevonden" : "verwijderd: \(erasure.temporaryFilesRemoved.joined(separator: ", "))") + ").")
        if erasure.otherLinesRemoved > 0 {
            context.print(
                "Ook verwijderd: \(erasure.otherLinesRemoved == 1 ? "1 regel" : "\(erasure.otherLinesRemoved) regels") met contactgegevens "
                    + "van een opdracht die nooit in het journaal kwam.")
        }
        context.print("Het journaal en snapshot.bin bevatten geen contactgegevens, alleen een vingerafdruk (SHA-256 met zout).")
    }
    context.print("De inbreng, het antwoord en de tellingen blijven. De hashketen blijft kloppen.")
    if let seq = events.last?.seq { context.print("In het journaal staat de verwijdering met de reden, in regel \(seq).") }
    return ExitCode.ok
}
