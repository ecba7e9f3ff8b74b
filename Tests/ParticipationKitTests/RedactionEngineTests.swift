import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let projectleider = ActorIdentity(role: "projectleider")
private let privacy = ActorIdentity(role: "projectleider", name: "Fatima Yilmaz")
private func t(_ text: String) -> Date { TestSupport.instant(text) }
private let digest = String(repeating: "ab", count: 32)

/// An inspraak ter inzage with R-0001 (contact details kept: it has a digest, answered) and
/// R-0002 (anonymous, no digest).
private func inspraak() throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
    harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": "laag"])
    harness.run(.attachDocument(kind: "ontwerp", reference: "Z-1"), at: t("2026-03-13T10:00:00+01:00"), by: projectleider)
    harness.run(.advance("terInzageLeggen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider)
    let now = t("2026-04-02T10:00:00+02:00")
    let added = harness.run(
        .addInputs([
            NewInput(kind: "inspraakreactie", text: "Meer bomen.", publicName: "Buurtvereniging", personalDigest: digest),
            NewInput(kind: "inspraakreactie", text: "Een bankje."),
        ]), at: now, by: projectleider)
    #expect(added.isSuccess, "\(added)")
    harness.run(.recordFeedback(NewFeedback(input: "R-0001", verdict: .deels, motivation: "Er komen bomen.")), at: now, by: projectleider)
    return harness
}

@Suite("ProcessEngine: erasing contact details (AVG)")
struct RedactionEngineTests {
    @Test("an erasure is one personalDataRedacted event; the input, its digest and its feedback stay")
    func redaction() throws {
        var harness = try inspraak()
        let before = try #require(harness.state)
        let now = t("2026-05-04T11:00:00+02:00")
        let result = harness.run(.redactPersonalData("R-0001", reason: "Verzoek van de indiener."), at: now, by: privacy)
        #expect(try result.get() == [.personalDataRedacted(PersonalDataRedacted(input: "R-0001", reason: "Verzoek van de indiener."))])
        let after = try #require(harness.state)
        let input = try #require(after.input("R-0001"))
        #expect(input.redaction == Redaction(at: now, by: privacy, reason: "Verzoek van de indiener."))
        // Everything but the redaction is as it was.
        var unchanged = input
        unchanged.redaction = nil
        #expect(unchanged == before.input("R-0001"))
        #expect(input.personalDigest == digest)
        #expect(after.counts == before.counts)
        #expect(after.redactedInputs.map(\.id) == ["R-0001"])
        #expect(harness.replayed() == after)
    }

    @Test("refused with every reason, and nothing happens: unknown input and no reason")
    func unknownAndNoReason() throws {
        var harness = try inspraak()
        let events = harness.events.count
        let refusal = try #require(
            harness.run(.redactPersonalData("R-0099", reason: "  \n"), at: t("2026-05-04T11:00:00+02:00"), by: projectleider).refusal)
        #expect(refusal.reasons.map(\.code) == [.unknownInput, .missingReason])
        #expect(refusal.reasons[0].ids == ["R-0099"])
        #expect(refusal.description.hasPrefix("Persoonsgegevens verwijderen:"))
        #expect(harness.events.count == events)
    }

    @Test("refused when the reason is missing, even for an input with details")
    func noReason() throws {
        var harness = try inspraak()
        let refusal = try #require(
            harness.run(.redactPersonalData("R-0001", reason: ""), at: t("2026-05-04T11:00:00+02:00"), by: projectleider).refusal)
        #expect(refusal.reasons.map(\.code) == [.missingReason])
        #expect(harness.state?.input("R-0001")?.redaction == nil)
    }

    @Test("refused the second time, naming the day of the first")
    func twice() throws {
        var harness = try inspraak()
        #expect(
            harness.run(.redactPersonalData("R-0001", reason: "Verzoek."), at: t("2026-05-04T11:00:00+02:00"), by: projectleider).isSuccess)
        let first = harness.state?.input("R-0001")?.redaction
        let refusal = try #require(
            harness.run(.redactPersonalData("R-0001", reason: "Nog eens."), at: t("2026-05-05T11:00:00+02:00"), by: projectleider).refusal)
        #expect(refusal.reasons.map(\.code) == [.nothingToDo])
        #expect(refusal.reasons[0].message == "De persoonsgegevens bij R-0001 zijn al verwijderd op 04-05-2026.")
        #expect(harness.state?.input("R-0001")?.redaction == first)
    }

    @Test("refused for an input that never had contact details")
    func nothingKept() throws {
        var harness = try inspraak()
        let refusal = try #require(
            harness.run(.redactPersonalData("R-0002", reason: "Verzoek."), at: t("2026-05-04T11:00:00+02:00"), by: projectleider).refusal)
        #expect(refusal.reasons.map(\.code) == [.nothingToDo])
        #expect(refusal.reasons[0].message == "Bij R-0002 zijn geen persoonsgegevens bewaard. Er is niets te verwijderen.")
    }

    @Test("allowed for a withdrawn input: the right to erasure does not depend on the process")
    func withdrawn() throws {
        var harness = try inspraak()
        harness.run(
            .withdrawInput("R-0001", reason: "Brief van de indiener.", evidence: "Brief Z-2026-0401"), at: t("2026-04-03T10:00:00+02:00"),
            by: projectleider)
        #expect(
            harness.run(.redactPersonalData("R-0001", reason: "Verzoek."), at: t("2026-05-04T11:00:00+02:00"), by: projectleider).isSuccess)
        #expect(harness.state?.input("R-0001")?.isWithdrawn == true)
    }

    @Test("a role the workflow does not know is refused")
    func role() throws {
        var harness = try inspraak()
        let refusal = try #require(
            harness.run(
                .redactPersonalData("R-0001", reason: "Verzoek."), at: t("2026-05-04T11:00:00+02:00"), by: ActorIdentity(role: "buurman")
            )
            .refusal)
        #expect(refusal.reasons.map(\.code) == [.roleNotAllowed])
    }

    @Test("the journal line: type personalDataRedacted with data {input, reason}, and it decodes to the same event")
    func journalLine() throws {
        let event = Event(
            at: t("2026-05-04T11:00:00+02:00"), actor: privacy, process: "P-1",
            payload: .personalDataRedacted(PersonalDataRedacted(input: "R-0001", reason: "Verzoek \"per\" e-mail.")))
        let payload = EventCoding.encode(event)
        let text = String(decoding: payload, as: UTF8.self)
        #expect(text.contains(#""type":"personalDataRedacted","data":{"input":"R-0001","reason":"Verzoek \"per\" e-mail."}"#))
        var line = Array(#"{"v":1,"seq":1,"#.utf8)
        line += payload
        line.append(UInt8(ascii: "}"))
        #expect(try EventCoding.decode(line) == event)
    }
}
