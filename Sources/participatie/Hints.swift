import ParticipationKit

/// What to type to meet a refusal. The library says what is missing in words any program can
/// show (a portal must never show `--as ROL` to a resident); the command line adds how to give
/// it here, from each reason's stable code.
enum CommandLineHints {
    /// The refusal as the command line prints it: each reason with its hint, if it has one.
    ///
    /// - Parameter process: The process the command was about, for hints that name it.
    static func describe(_ refusal: Refusal, process: String?) -> String {
        var hinted = refusal
        hinted.reasons = refusal.reasons.map { reason in
            var reason = reason
            if let hint = hint(for: reason, process: process ?? "PROC") { reason.message += " " + hint }
            return reason
        }
        return hinted.description
    }

    /// The hint for one reason, or `nil` when the message says enough.
    static func hint(for reason: Refusal.Reason, process: String) -> String? {
        switch reason.code {
        case .missingReason: "Geef die met --reason."
        case .missingDocument:
            "Voeg het toe met: participatie document add \(process) --kind \(reason.ids.first ?? "SOORT") --ref VERWIJZING"
                + (reason.ids.count > 1 ? " --as \(reason.ids[1])." : ".")
        case .documentWrongRole:
            "Voeg het toe in de juiste rol met: participatie document add \(process) --kind \(reason.ids.first ?? "SOORT") --ref VERWIJZING --as \(reason.ids.dropFirst().first ?? "ROL")."
        case .documentWrongMoment:
            "Voeg een document van het juiste moment toe met: participatie document add \(process) --kind \(reason.ids.first ?? "SOORT") --ref VERWIJZING, met --date DATUM als het een eigen datum heeft."
        case .verdictNotAllowed:
            "Pas het antwoord aan met: participatie feedback add \(process) KENMERK --verdict OORDEEL --reason MOTIVERING."
        case .planIncomplete:
            "Controleer het plan met: participatie plan check PLAN, en koppel het met: participatie plan attach \(process) PLAN."
        case .roleNotAllowed: "Kies de rol met --as ROL of PARTICIPATIE_ACTOR."
        case .roleNotGranted: "De beheerder kent een rol toe met: participatie role grant ACCOUNT ROL."
        case .noInputsNamed: "Noem ze na het proces, of gebruik --all voor alle antwoorden die nog niet verstuurd zijn."
        case .missingEvidence: "Geef het verzoek met --evidence VERWIJZING."
        case .missingBasis: "Geef die met --basis GRONDSLAG."
        case .sameOwner: "Kies een andere behandelaar met --to, of laat dit kenmerk weg."
        case .withdrawnInput: "Laat dit kenmerk weg."
        default: nil
        }
    }

    /// What to add when the clock may not be set here.
    static func clockHint() -> String {
        "Laat PARTICIPATIE_NOW weg; een oefenopslag maakt u met PARTICIPATIE_NOW in een nieuwe map (--store)."
    }

    /// What to add to a store error that stops a command: where to find the details.
    static func integrityHint() -> String {
        "Voer participatie verify uit voor de eerste foute regel en wat er precies mis is."
    }
}
