import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let kerncontact = ActorIdentity(role: "kerncontact")
private let dorpsraad = ActorIdentity(role: "dorpsraad")
private func t(_ text: String) -> Date { TestSupport.instant(text) }

/// A round of the leefbaarheidsbudget with € 40.000: three applications (€ 2.500, € 25.000 and
/// € 15.000), checked against the spelregels, waiting for the dorpsraad.
private func weighing(eigenBijdrage: String = "nee") throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try TestSupport.shipped("wijkbudget"))
    let started = harness.start(
        at: t("2027-01-11T09:00:00+01:00"), by: kerncontact, attributes: ["budget": "€ 40.000,00", "eigenBijdrage": eigenBijdrage])
    #expect(started.isSuccess, "\(started)")
    #expect(harness.state?.attributes["budget"] == "4000000")
    let added = harness.run(
        .addInputs([
            NewInput(id: "A-01", kind: "aanvraag", text: "Een AED bij de sporthal.", amount: 250_000),
            NewInput(id: "A-02", kind: "aanvraag", text: "Speeltoestellen op het Kerkeplein.", amount: 2_500_000),
            NewInput(id: "A-03", kind: "aanvraag", text: "Een jeu-de-boulesbaan.", amount: 1_500_000),
        ]), at: t("2027-02-01T10:00:00+01:00"), by: kerncontact)
    #expect(added.isSuccess, "\(added)")
    #expect(
        harness.run(.advance("indieningSluiten", reason: "Termijn voorbij."), at: t("2027-03-01T09:00:00+01:00"), by: kerncontact).isSuccess
    )
    for kind: DocumentKindID in ["spelregels", "toetsDraagvlak"] {
        #expect(
            harness.run(.attachDocument(kind: kind, reference: "Z-\(kind)"), at: t("2027-03-01T10:00:00+01:00"), by: kerncontact).isSuccess)
    }
    if eigenBijdrage == "ja" {
        #expect(
            harness.run(.attachDocument(kind: "toetsEigenBijdrage", reference: "Z-eb"), at: t("2027-03-01T10:00:00+01:00"), by: kerncontact)
                .isSuccess)
    }
    let checked = harness.run(.advance("ontvankelijkheidGetoetst", reason: nil), at: t("2027-03-01T11:00:00+01:00"), by: kerncontact)
    #expect(checked.isSuccess, "\(checked)")
    return harness
}

private let evening = t("2027-03-11T20:30:00+01:00")

private func grant(_ id: InputID, _ verdict: Verdict = .overgenomen, amount: Int? = nil) -> Command {
    .recordFeedback(NewFeedback(input: id, verdict: verdict, motivation: "Past bij de spelregels van de kern.", amount: amount))
}

@Suite("Wijkbudget: amounts, grants and the budget")
struct WijkbudgetTests {
    @Test("amounts are read the Dutch way, kept in whole cents and written back with a euro sign")
    func euroAmounts() {
        for text in ["40000", "40.000", "40.000,00", "€ 40.000,00", "€40.000,-", " 40000,0 "] {
            #expect(EuroAmount.cents(parsing: text) == 4_000_000, "\(text)")
        }
        #expect(EuroAmount.cents(parsing: "2500,5") == 250_050)
        for text in ["", "veertig", "40.00", "4.0000", "-40", "40,000", "1,2,3", "€", "99999999999999"] {
            #expect(EuroAmount.cents(parsing: text) == nil, "\(text)")
        }
        #expect(EuroAmount.format(cents: 4_250_000) == "€ 42.500,00")
        #expect(EuroAmount.format(cents: 5) == "€ 0,05")
    }

    @Test("a budget that is no amount refuses the start; a missing one too")
    func badBudget() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("wijkbudget"))
        let refusal = try #require(
            harness.start(at: t("2027-01-11T09:00:00+01:00"), by: kerncontact, attributes: ["budget": "veel", "eigenBijdrage": "ja"])
                .refusal)
        #expect(refusal.reasons.map(\.code) == [.invalidAttribute])
        #expect(refusal.description.contains("Kenmerk \"budget\" (Budget van de kern): \"veel\" is geen bedrag."), "\(refusal)")
        let missing = try #require(
            harness.start(at: t("2027-01-11T09:00:00+01:00"), by: kerncontact, attributes: ["eigenBijdrage": "ja"]).refusal)
        #expect(missing.description.contains("Kenmerk \"budget\" is verplicht"), "\(missing)")
        #expect(harness.state == nil)
    }

    @Test("an application names the amount asked for; another kind or a zero amount is refused")
    func requestedAmounts() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("wijkbudget"))
        harness.start(at: t("2027-01-11T09:00:00+01:00"), by: kerncontact, attributes: ["budget": "40000", "eigenBijdrage": "nee"])
        let missing = try #require(
            harness.run(.addInput(NewInput(kind: "aanvraag", text: "Bloembakken.")), at: t("2027-01-12T09:00:00+01:00"), by: kerncontact)
                .refusal)
        #expect(missing.reasons.map(\.code) == [.invalidAmount])
        #expect(missing.description.contains("geef het gevraagde bedrag"), "\(missing)")
        let zero = try #require(
            harness.run(
                .addInput(NewInput(kind: "aanvraag", text: "Bloembakken.", amount: 0)), at: t("2027-01-12T09:00:00+01:00"), by: kerncontact
            )
            .refusal)
        #expect(zero.description.contains("moet meer zijn dan € 0,00"), "\(zero)")
        #expect(harness.state?.inputs.isEmpty == true)
        #expect(
            harness.run(
                .addInput(NewInput(kind: "aanvraag", text: "Bloembakken.", amount: 80_000)), at: t("2027-01-12T09:00:00+01:00"),
                by: kerncontact
            )
            .isSuccess)
        #expect(harness.state?.inputs.first?.requestedAmount == 80_000)
        #expect(harness.replayed() == harness.state)
    }

    @Test("an amount on a kind that asks for none is refused")
    func amountOnAKindWithout() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("uitdaagrecht"))
        harness.start(at: t("2027-01-11T09:00:00+01:00"), by: ActorIdentity(role: "projectleider"))
        let kind = try #require(harness.engine.definition.inputKinds.keys.first)
        let refusal = try #require(
            harness.run(
                .addInput(NewInput(kind: kind, text: "Graag meer bomen.", amount: 10_000)), at: t("2027-01-12T09:00:00+01:00"),
                by: ActorIdentity(role: "projectleider")
            ).refusal)
        #expect(refusal.reasons.map(\.code) == [.invalidAmount])
        #expect(refusal.description.contains("vraagt geen bedrag"), "\(refusal)")
    }

    @Test("an answer grants at most what was asked, only with overgenomen or deels, and deels names the amount")
    func grants() throws {
        var harness = try weighing()
        let more = try #require(harness.run(grant("A-01", amount: 300_000), at: evening, by: dorpsraad).refusal)
        #expect(more.description.contains("het toegekende bedrag (€ 3.000,00) is meer dan gevraagd (€ 2.500,00)"), "\(more)")
        let refused = try #require(harness.run(grant("A-01", .nietOvergenomen, amount: 100_000), at: evening, by: dorpsraad).refusal)
        #expect(refused.description.contains("bij \"niet overgenomen\" wordt niets toegekend"), "\(refused)")
        let partly = try #require(harness.run(grant("A-01", .deels), at: evening, by: dorpsraad).refusal)
        #expect(partly.description.contains("geef bij \"deels overgenomen\" het toegekende bedrag"), "\(partly)")
        let zero = try #require(harness.run(grant("A-01", .deels, amount: 0), at: evening, by: dorpsraad).refusal)
        #expect(zero.description.contains("kies dan \"niet-overgenomen\""), "\(zero)")
        #expect(harness.state?.counts.answered == 0)
        #expect(harness.run(grant("A-01"), at: evening, by: dorpsraad).isSuccess)
        #expect(harness.state?.input("A-01")?.grantedAmount == 250_000)
        #expect(harness.run(grant("A-02", .deels, amount: 2_000_000), at: evening, by: dorpsraad).isSuccess)
        #expect(harness.state?.grantedTotal(excluding: []) == 2_250_000)
        #expect(harness.replayed() == harness.state)
    }

    @Test("an amount on an answer to an input that asked for none is refused")
    func grantWithoutRequest() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("uitdaagrecht"))
        let projectleider = ActorIdentity(role: "projectleider")
        harness.start(at: t("2027-01-11T09:00:00+01:00"), by: projectleider)
        let kind = try #require(harness.engine.definition.inputKinds.keys.first)
        harness.run(
            .addInput(NewInput(id: "R-1", kind: kind, text: "Graag meer bomen.")), at: t("2027-01-12T09:00:00+01:00"), by: projectleider)
        let refusal = try #require(harness.run(grant("R-1", amount: 10_000), at: t("2027-01-13T09:00:00+01:00"), by: projectleider).refusal)
        #expect(refusal.description.contains("R-1 vraagt geen bedrag"), "\(refusal)")
    }

    @Test("an answer that would over-commit the budget is refused with the amount it goes over")
    func overCommitmentAtFeedback() throws {
        var harness = try weighing()
        #expect(harness.run(grant("A-01"), at: evening, by: dorpsraad).isSuccess)
        #expect(harness.run(grant("A-02"), at: evening, by: dorpsraad).isSuccess)
        let refusal = try #require(harness.run(grant("A-03"), at: evening, by: dorpsraad).refusal)
        #expect(refusal.reasons.map(\.code) == [.overBudget])
        #expect(
            refusal.description
                == "Terugkoppeling vastleggen: De toekenningen (€ 42.500,00) gaan € 2.500,00 over het budget van de kern (€ 40.000,00).")
        // A whole import is refused too, and nothing is recorded.
        let batch = try #require(
            harness.run(
                .recordFeedbacks([
                    NewFeedback(input: "A-03", verdict: .deels, motivation: "Deels.", amount: 1_250_000),
                    NewFeedback(input: "A-02", verdict: .overgenomen, motivation: "Alles.", amount: 2_500_000),
                    NewFeedback(input: "A-01", verdict: .overgenomen, motivation: "Alles.", amount: 250_001),
                ]), at: evening, by: dorpsraad
            ).refusal)
        #expect(batch.description.contains("meer dan gevraagd"), "\(batch)")
        #expect(harness.state?.input("A-03")?.isAnswered == false)
        // Lowering a grant makes room: a new answer replaces the old one in the total.
        #expect(harness.run(grant("A-03", .deels, amount: 1_250_000), at: evening, by: dorpsraad).isSuccess)
        #expect(harness.state?.grantedTotal(excluding: []) == 4_000_000)
        #expect(harness.run(grant("A-02", .deels, amount: 2_000_000), at: evening, by: dorpsraad).isSuccess)
        #expect(harness.run(grant("A-03", .overgenomen), at: evening, by: dorpsraad).isSuccess)
        #expect(harness.state?.grantedTotal(excluding: []) == 3_750_000)
    }

    @Test("the decision requires the grants to stay within the budget, also when the answers got past the check")
    func withinBudgetAtDecision() throws {
        var harness = try weighing()
        #expect(harness.run(grant("A-01"), at: evening, by: dorpsraad).isSuccess)
        #expect(harness.run(grant("A-02"), at: evening, by: dorpsraad).isSuccess)
        // An answer journaled by an earlier version of the engine, which did not check the budget.
        let answer = Event(
            at: evening, actor: dorpsraad, process: harness.process,
            payload: .feedbackRecorded(FeedbackRecorded(input: "A-03", verdict: .overgenomen, motivation: "Alles.", amount: 1_500_000)))
        harness.engine.apply(answer, to: &harness.state)
        let refusal = try #require(harness.run(.advance("toekennen", reason: "Drie aanvragen."), at: evening, by: dorpsraad).refusal)
        #expect(refusal.reasons.map(\.code) == [.overBudget])
        #expect(refusal.description.contains("De toekenningen (€ 42.500,00) gaan € 2.500,00 over het budget van de kern (€ 40.000,00)."))
        #expect(harness.state?.current == "afweging")
        #expect(harness.run(grant("A-03", .deels, amount: 1_250_000), at: evening, by: dorpsraad).isSuccess)
        let decided = harness.run(.advance("toekennen", reason: "Drie aanvragen."), at: evening, by: dorpsraad)
        #expect(decided.isSuccess, "\(decided)")
    }

    @Test("the requirement withinBudget: nothing granted holds, over the budget names the excess, a missing budget is named")
    func requirementDirectly() throws {
        let harness = try weighing()
        var state = try #require(harness.state)
        let engine = harness.engine
        #expect(engine.unmet(.withinBudget(attribute: "budget"), in: state, today: TestSupport.day("2027-03-11"), reason: nil).isEmpty)
        state.updateInput("A-01") {
            $0.feedback.append(FeedbackRecord(verdict: .overgenomen, motivation: "x", at: evening, by: dorpsraad, amount: 4_000_100))
        }
        let over = engine.unmet(.withinBudget(attribute: "budget"), in: state, today: TestSupport.day("2027-03-11"), reason: nil)
        #expect(over.map(\.message) == ["De toekenningen (€ 40.001,00) gaan € 1,00 over het budget van de kern (€ 40.000,00)."])
        state.attributes["budget"] = nil
        let missing = engine.unmet(.withinBudget(attribute: "budget"), in: state, today: TestSupport.day("2027-03-11"), reason: nil)
        #expect(missing.first?.message.hasPrefix("Het budget van de kern (kenmerk \"budget\") is niet gegeven") == true, "\(missing)")
    }

    @Test("every application gets a decision: deciding waits for every answer, rejecting all allows no grant")
    func everyApplicationDecided() throws {
        var harness = try weighing()
        #expect(harness.run(grant("A-01"), at: evening, by: dorpsraad).isSuccess)
        let early = try #require(harness.run(.advance("toekennen", reason: "Eén aanvraag."), at: evening, by: dorpsraad).refusal)
        #expect(early.reasons.map(\.code) == [.unanswered])
        #expect(harness.run(grant("A-02", .nietOvergenomen), at: evening, by: dorpsraad).isSuccess)
        #expect(harness.run(grant("A-03", .nietOntvankelijk), at: evening, by: dorpsraad).isSuccess)
        let reject = try #require(harness.run(.advance("afwijzen", reason: "Geen."), at: evening, by: dorpsraad).refusal)
        #expect(reject.reasons.map(\.code) == [.verdictNotAllowed], "\(reject)")
        // Only a deciding body decides.
        let byContact = try #require(harness.run(.advance("toekennen", reason: "Ja."), at: evening, by: kerncontact).refusal)
        #expect(byContact.reasons.map(\.code) == [.roleNotAllowed])
        #expect(harness.run(.advance("toekennen", reason: "Eén aanvraag."), at: evening, by: dorpsraad).isSuccess)
    }

    @Test("the kern's criteria: an eigen bijdrage is checked only where the kern asks for one")
    func criteriaAsData() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("wijkbudget"))
        harness.start(at: t("2027-01-11T09:00:00+01:00"), by: kerncontact, attributes: ["budget": "40000", "eigenBijdrage": "ja"])
        harness.run(
            .addInput(NewInput(kind: "aanvraag", text: "AED.", amount: 250_000)), at: t("2027-01-12T09:00:00+01:00"), by: kerncontact)
        harness.run(.advance("indieningSluiten", reason: "Termijn voorbij."), at: t("2027-03-01T09:00:00+01:00"), by: kerncontact)
        for kind: DocumentKindID in ["spelregels", "toetsDraagvlak"] {
            harness.run(.attachDocument(kind: kind, reference: "Z"), at: t("2027-03-01T10:00:00+01:00"), by: kerncontact)
        }
        let refusal = try #require(
            harness.run(.advance("ontvankelijkheidGetoetst", reason: nil), at: t("2027-03-01T11:00:00+01:00"), by: kerncontact).refusal)
        #expect(refusal.description.contains("(toetsEigenBijdrage) ontbreekt. (want eigenBijdrage is ja)"), "\(refusal)")
        _ = try weighing(eigenBijdrage: "nee")
    }

    @Test("amounts survive the journal and the snapshot")
    func journalAndSnapshot() throws {
        var harness = try weighing()
        #expect(harness.run(grant("A-03", .deels, amount: 1_250_050), at: evening, by: dorpsraad).isSuccess)
        for event in harness.events {
            let body = Array("{".utf8) + EventCoding.encode(event)
            #expect(try EventCoding.decode(body + Array("}".utf8)) == event)
            // The one-pass reader reads the amounts as the general one does.
            let fast = body[...].withUnsafeBufferPointer { EventLineDecoder.decode(body: $0) }
            guard ["inputReceived", "feedbackRecorded"].contains(event.payload.type) else { continue }
            #expect(fast == event, "\(String(decoding: body, as: UTF8.self))")
        }
        let state = try #require(harness.state)
        let snapshot = Snapshot(position: Journal.Position.start, processes: [state])
        let read = try #require(Snapshot.decode(snapshot.encoded()))
        #expect(read.processes == [state])
        #expect(read.processes.first?.input("A-03")?.currentFeedback?.amount == 1_250_050)
        #expect(read.processes.first?.input("A-01")?.requestedAmount == 250_000)
    }
}
