// Een inspraak van begin tot eind met ParticipationKit, zonder de opdrachtregel: zo bouwt een
// gemeente het in een eigen portaal of backoffice in. De testsuite voert dit bestand uit
// (Tests/ParticipationKitTests/InspraakMetParticipationKit.swift verwijst ernaar), dus het werkt.

import Foundation
import ParticipationKit

/// Start een inspraak in de opslag op `pad`, registreert twee reacties, laat zien dat het college
/// niet kan besluiten zolang er een reactie zonder antwoord is, en rondt daarna af.
///
/// - Returns: de weigering van het eerste besluit en de eindtoestand van het proces.
func inspraakMetParticipationKit(opslag pad: String) throws -> (weigering: Refusal, proces: ProcessState) {
    let opslag = try ParticipationStore(path: pad, session: .exercise())
    guard let bytes = ShippedWorkflows.bytes(named: "inspraak") else { throw CocoaError(.fileNoSuchFile) }
    let werkstroom = try WorkflowFile(bytes: bytes, file: "inspraak.json")
    let hash = try opslag.storeDefinition(werkstroom)

    let projectleider = ActorIdentity(role: "projectleider", name: "Fatima Yilmaz")
    let college = ActorIdentity(role: "college")
    let proces: ProcessID = "INS-2026-007"

    try opslag.execute(
        .start(StartProcess(id: proces, title: "Fietsenstalling Stationsplein", attributes: ["impact": "midden"], definitionHash: hash)),
        on: proces, by: projectleider, at: op("2026-03-13T10:00:00+01:00"))
    try opslag.execute(.attachDocument(kind: "ontwerp", reference: "Z-2026-0301"), on: proces, by: projectleider, at: op("2026-03-13T10:05:00+01:00"))
    try opslag.execute(.advance("terInzageLeggen", reason: nil), on: proces, by: projectleider, at: op("2026-03-16T09:00:00+01:00"))

    // Contactgegevens gaan apart van het journaal (AVG); het journaal krijgt alleen een digest.
    try opslag.execute(
        .addInputs([
            NewInput(kind: "inspraakreactie", text: "Graag overdekte plekken voor bakfietsen.", channel: "webformulier"),
            NewInput(kind: "inspraakreactie", text: "Houd de looproute naar de bus vrij.", channel: "brief"),
        ]),
        on: proces, by: projectleider, at: op("2026-03-20T11:00:00+01:00"),
        personal: [PersonalDetails(name: "A. de Graaf", email: "a.degraaf@example.nl"), nil])
    try opslag.execute(.advance("inzageSluiten", reason: nil), on: proces, by: projectleider, at: op("2026-04-29T09:00:00+02:00"))
    try opslag.execute(.attachDocument(kind: "reactienota", reference: "Z-2026-0302"), on: proces, by: projectleider, at: op("2026-04-29T09:05:00+02:00"))

    // Het college wil besluiten; één reactie heeft nog geen antwoord. De weigering noemt haar.
    try opslag.execute(
        .recordFeedback(NewFeedback(input: "R-0001", verdict: .overgenomen, motivation: "Er komen twaalf overdekte plekken voor bakfietsen.")),
        on: proces, by: projectleider, at: op("2026-05-04T10:00:00+02:00"))
    var weigering: Refusal?
    do {
        try opslag.execute(.advance("besluiten", reason: nil), on: proces, by: college, at: op("2026-05-12T10:00:00+02:00"))
    } catch {
        // `execute` throws only StoreError; `.refused` carries every unmet requirement.
        guard case .refused(let refusal) = error else { throw error }
        weigering = refusal
    }
    try opslag.execute(
        .recordFeedback(NewFeedback(input: "R-0002", verdict: .deels, motivation: "De looproute blijft vrij; de stalling schuift twee meter op.")),
        on: proces, by: projectleider, at: op("2026-05-13T10:00:00+02:00"))
    try opslag.execute(.advance("besluiten", reason: nil), on: proces, by: college, at: op("2026-05-19T10:00:00+02:00"))
    let verstuurd = CivilDate(year: 2026, month: 5, day: 20) ?? CivilDate(dayNumber: 0)
    try opslag.execute(.markFeedbackSent(.allUnsent, on: verstuurd), on: proces, by: projectleider, at: op("2026-05-20T16:00:00+02:00"))
    try opslag.execute(.advance("afronden", reason: nil), on: proces, by: projectleider, at: op("2026-05-21T09:00:00+02:00"))

    guard let weigering, let toestand = opslag.process(proces) else { throw CocoaError(.featureUnsupported) }
    return (weigering, toestand)
}

/// De tijd geeft u zelf mee: de engine leest nooit de klok. Zo is alles na te spelen.
private func op(_ tekst: String) -> Date { Timestamp.parse(tekst) ?? Date(timeIntervalSince1970: 0) }
