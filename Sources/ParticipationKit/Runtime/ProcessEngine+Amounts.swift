// Amounts: a budget in a process attribute, the amount an input asks for, the amount an answer
// grants, and the `withinBudget` requirement that the grants together stay within the budget.
// Every amount is whole cents (``EuroAmount``).

extension ProcessEngine {
    /// `Kenmerk "budget" (Budget van de kern): "veel" is geen bedrag; …`
    static func notAnAmount(_ attribute: AttributeName, _ spec: AttributeSpec, _ value: String) -> String {
        let named = spec.label.map { "\"\(attribute)\" (\($0))" } ?? "\"\(attribute)\""
        return "Kenmerk \(named): \"\(InputLimits.excerpt(value))\" is geen bedrag. "
            + "Schrijf het bedrag in euro's, bijvoorbeeld 40000, 40.000 of € 40.000,00."
    }

    /// What is wrong with the amount of a new input: missing where the kind asks for one, given
    /// where it does not, zero, or too large.
    func amountProblems(of input: NewInput, kind: InputKindSpec, label: @autoclosure () -> String) -> [Refusal.Reason] {
        // The label and the noun are put together only when there is a problem to name: this runs
        // for every input of a command.
        var noun: String { DutchNoun.lowercasingFirst(kind.label) }
        switch (kind.amount, input.amount) {
        case (nil, let amount?):
            return [
                Refusal.Reason(
                    .invalidAmount, "\(label())een \(noun) vraagt geen bedrag; laat het bedrag (\(EuroAmount.format(cents: amount))) weg.")
            ]
        case (.required?, nil):
            return [Refusal.Reason(.invalidAmount, "\(label())geef het gevraagde bedrag; een \(noun) noemt altijd een bedrag.")]
        case (_, let amount?) where amount <= 0:
            return [Refusal.Reason(.invalidAmount, "\(label())het gevraagde bedrag moet meer zijn dan € 0,00.")]
        case (_, let amount?) where amount > EuroAmount.maximumCents:
            return [
                Refusal.Reason(
                    .invalidAmount, "\(label())het gevraagde bedrag is meer dan \(EuroAmount.format(cents: EuroAmount.maximumCents)).")
            ]
        default:
            return []
        }
    }

    /// The amount an answer grants: the amount given, or with `overgenomen` and no amount the
    /// whole amount asked for; `nil` when it grants nothing. Refused: an amount with another
    /// verdict, on an input that asked for none (`requested` is the amount the input asked for),
    /// more than was asked, or `deels` without one.
    func grantedAmount(_ feedback: NewFeedback, requested: Int?, label: @autoclosure () -> String) -> Result<Int?, AmountRefusal> {
        let grants = feedback.verdict == .overgenomen || feedback.verdict == .deels
        // Only made for a refusal (an array for every answer would be an allocation each).
        var ids: [String] { [feedback.input.rawValue] }
        guard let asked = requested else {
            guard let amount = feedback.amount else { return .success(nil) }
            return .failure(
                AmountRefusal(
                    .invalidAmount,
                    "\(label())\(feedback.input) vraagt geen bedrag, dus er valt niets toe te kennen; "
                        + "laat het bedrag (\(EuroAmount.format(cents: amount))) weg.",
                    ids: ids))
        }
        guard grants else {
            guard let amount = feedback.amount else { return .success(nil) }
            return .failure(
                AmountRefusal(
                    .invalidAmount,
                    "\(label())bij \"\(feedback.verdict.label)\" wordt niets toegekend; laat het bedrag "
                        + "(\(EuroAmount.format(cents: amount))) weg, of kies \"overgenomen\" of \"deels overgenomen\".",
                    ids: ids))
        }
        guard let amount = feedback.amount else {
            if feedback.verdict == .overgenomen { return .success(asked) }
            return .failure(
                AmountRefusal(
                    .invalidAmount,
                    "\(label())geef bij \"\(feedback.verdict.label)\" het toegekende bedrag; gevraagd is \(EuroAmount.format(cents: asked)).",
                    ids: ids))
        }
        if amount <= 0 {
            return .failure(
                AmountRefusal(
                    .invalidAmount,
                    "\(label())het toegekende bedrag moet meer zijn dan € 0,00; wordt niets toegekend, kies dan \"niet-overgenomen\".",
                    ids: ids))
        }
        if amount > asked {
            return .failure(
                AmountRefusal(
                    .invalidAmount,
                    "\(label())het toegekende bedrag (\(EuroAmount.format(cents: amount))) is meer dan gevraagd "
                        + "(\(EuroAmount.format(cents: asked))).",
                    ids: ids))
        }
        return .success(amount)
    }

    /// The attributes named by the workflow's `withinBudget` requirements, in file order.
    var budgetAttributes: [AttributeName] {
        var result: [AttributeName] = []
        for (requirement, _) in definition.requirementsWithPointers() {
            if case .withinBudget(let attribute) = requirement, !result.contains(attribute) { result.append(attribute) }
        }
        return result
    }

    /// Why `total` granted does not fit the budget in `attribute`; none when it does, and none
    /// when nothing is granted.
    ///
    /// `De toekenningen (€ 42.500,00) gaan € 2.500,00 over het budget van de kern (€ 40.000,00).`
    func overBudget(_ total: Int, attribute: AttributeName, in state: ProcessState) -> [Refusal.Reason] {
        let label = definition.attributes[attribute]?.label.map { "het \(DutchNoun.lowercasingFirst($0))" } ?? "het budget"
        guard total > 0 else { return [] }
        guard let budget = state.attributes[attribute].flatMap(EuroAmount.cents(stored:)) else {
            return [
                Refusal.Reason(
                    .overBudget,
                    "\(DutchNoun.capitalizingFirst(label)) (kenmerk \"\(attribute)\") is niet gegeven: zonder budget kan niets worden "
                        + "toegekend. Er is \(EuroAmount.format(cents: total)) toegekend.",
                    ids: [attribute.rawValue])
            ]
        }
        guard total > budget else { return [] }
        return [
            Refusal.Reason(
                .overBudget,
                "De toekenningen (\(EuroAmount.format(cents: total))) gaan \(EuroAmount.format(cents: total - budget)) over "
                    + "\(label) (\(EuroAmount.format(cents: budget))).",
                ids: [attribute.rawValue])
        ]
    }
}

extension ProcessState {
    /// The amounts granted by the current answers, withdrawn inputs and `excluded` ones left out.
    ///
    /// Complexity: O(inputs).
    public func grantedTotal(excluding excluded: Set<InputID>) -> Int {
        var total = 0
        for input in inputs where !excluded.contains(input.id) { total += input.grantedAmount ?? 0 }
        return total
    }
}

/// Why an answer cannot grant its amount.
struct AmountRefusal: Error {
    var reason: Refusal.Reason

    init(_ code: Refusal.Code, _ message: String, ids: [String]) {
        reason = Refusal.Reason(code, message, ids: ids)
    }
}
