import Foundation

extension ProcessEngine {
    /// Decides an erasure of a writer's contact details (AVG).
    ///
    /// Allowed in any state, also after the process was closed or the input was withdrawn:
    /// the right to erasure does not wait for the process. Refused, with every reason, when the
    /// input does not exist, when there is no reason, when the details were already erased, or
    /// when the input never had contact details (no `personalDigest`).
    func decideRedaction(_ id: InputID, reason: String, in state: ProcessState, name: String) -> Result<[EventPayload], Refusal> {
        var reasons: [Refusal.Reason] = []
        if let input = state.input(id) {
            if let redaction = input.redaction {
                reasons.append(
                    Refusal.Reason(
                        .nothingToDo,
                        "De persoonsgegevens bij \(id) zijn al verwijderd op \(CivilDate(amsterdam: redaction.at)).",
                        ids: [id.rawValue]))
            } else if input.personalDigest == nil {
                reasons.append(
                    Refusal.Reason(
                        .nothingToDo, "Bij \(id) zijn geen persoonsgegevens bewaard. Er is niets te verwijderen.", ids: [id.rawValue]))
            }
        } else {
            reasons.append(
                Refusal.Reason(.unknownInput, "Onbekende inbreng in proces \(state.id): \(id).", ids: [id.rawValue]))
        }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            reasons.append(
                Refusal.Reason(
                    .missingReason, "Geef de reden voor het verwijderen, bijvoorbeeld: verzoek van de indiener van 3 april."))
        } else if reason.count > InputLimits.noteLength {
            reasons.append(Refusal.Reason(.invalidValue, "De reden is langer dan \(InputLimits.noteLength) tekens."))
        }
        if !reasons.isEmpty { return .failure(Refusal(name, reasons)) }
        return .success([.personalDataRedacted(PersonalDataRedacted(input: id, reason: reason))])
    }
}
