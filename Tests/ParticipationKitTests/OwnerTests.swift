import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let griffie = ActorIdentity(role: "griffie", name: "Anouk")
private let presidium = ActorIdentity(role: "presidium")
private let college = ActorIdentity(role: "college")
private func t(_ text: String) -> Date { TestSupport.instant(text) }
private func d(_ text: String) -> CivilDate { TestSupport.day(text) }

/// A letter (ingekomen-stuk) with two points: B-1 with the afdeling Verkeer, B-2 with Team Groen.
private func letter() throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"), process: "BRIEF-1")
    #expect(harness.start(at: t("2026-05-04T09:00:00+02:00"), by: griffie, title: "Brief Thijmstraat").isSuccess)
    let added = harness.run(
        .addInputs([
            NewInput(id: "B-1", kind: "punt", text: "Drempels graag.", received: d("2026-05-04"), owner: "Afdeling Verkeer"),
            NewInput(id: "B-2", kind: "punt", text: "Bomen in de straat.", received: d("2026-05-04"), owner: " Team Groen "),
        ]), at: t("2026-05-04T09:05:00+02:00"), by: griffie)
    #expect(added.isSuccess, "\(added)")
    return harness
}

/// The events of an accepted command.
private func events(_ result: Result<[EventPayload], Refusal>) -> [EventPayload] {
    if case .success(let events) = result { return events }
    return []
}

/// A workflow whose kind `advies` has a default behandelaar, and whose state `open` has one for
/// every other kind.
private let defaultsWorkflow = """
    {
      "formatVersion": 1, "id": "standaard", "version": "1", "title": "Standaardbehandelaars",
      "roles": { "college": "College" },
      "inputKinds": {
        "reactie": { "label": "Reactie", "answerWithin": { "weeks": 2 } },
        "advies": { "label": "Advies", "owner": "Adviesraad-secretariaat" }
      },
      "initial": "open",
      "states": {
        "open": { "label": "Open", "accepts": ["reactie", "advies"], "owner": "Projectteam" },
        "dicht": { "label": "Dicht", "accepts": ["reactie"] },
        "klaar": { "label": "Klaar", "final": true }
      },
      "transitions": [
        { "name": "sluiten", "from": ["open"], "to": "dicht", "by": ["college"] },
        { "name": "besluiten", "from": ["dicht"], "to": "klaar", "by": ["college"], "decision": true }
      ]
    }
    """

@Suite("Behandelaars: the engine")
struct OwnerEngineTests {
    @Test("an input keeps the behandelaar it is given, trimmed; the record and the event carry it")
    func givenOwner() throws {
        let harness = try letter()
        let state = try #require(harness.state)
        #expect(state.input("B-1")?.owner == "Afdeling Verkeer")
        #expect(state.input("B-2")?.owner == "Team Groen")
        #expect(state.input("B-1")?.ownerSince == t("2026-05-04T09:05:00+02:00"))
        #expect(state.input("B-1")?.handovers.isEmpty == true)
        guard case .inputReceived(let received) = harness.events.last?.payload else { Issue.record("geen inputReceived"); return }
        #expect(received.owner == "Team Groen")
    }

    @Test("without one, an input gets its kind's default, else the state's, else none")
    func defaults() throws {
        let definition = try WorkflowDefinition(jsonBytes: Array(defaultsWorkflow.utf8))
        #expect(definition.inputKinds["advies"]?.owner == "Adviesraad-secretariaat")
        #expect(definition.states["open"]?.owner == "Projectteam")
        var harness = ProcessHarness(definition: definition)
        harness.start(at: t("2026-05-04T09:00:00+02:00"), by: college)
        let now = t("2026-05-05T09:00:00+02:00")
        #expect(harness.run(.addInput(NewInput(id: "A", kind: "advies", text: "Advies.")), at: now, by: college).isSuccess)
        #expect(harness.run(.addInput(NewInput(id: "R", kind: "reactie", text: "Reactie.")), at: now, by: college).isSuccess)
        #expect(
            harness.run(.addInput(NewInput(id: "E", kind: "reactie", text: "Eigen.", owner: "Wijkzaken")), at: now, by: college).isSuccess)
        // A blank owner is no owner: the default applies, as for a blank channel.
        #expect(harness.run(.addInput(NewInput(id: "B", kind: "reactie", text: "Leeg.", owner: "  ")), at: now, by: college).isSuccess)
        #expect(harness.run(.advance("sluiten", reason: nil), at: now, by: college).isSuccess)
        #expect(harness.run(.addInput(NewInput(id: "D", kind: "reactie", text: "Later.")), at: now, by: college).isSuccess)
        let state = try #require(harness.state)
        #expect(state.input("A")?.owner == "Adviesraad-secretariaat")
        #expect(state.input("R")?.owner == "Projectteam")
        #expect(state.input("E")?.owner == "Wijkzaken")
        #expect(state.input("B")?.owner == "Projectteam")
        #expect(state.input("D")?.owner == nil)
        #expect(harness.replayed() == harness.state)
    }

    @Test("a hand-over changes the behandelaar and keeps who had it, when, who did it and why")
    func handover() throws {
        var harness = try letter()
        let result = harness.run(
            .assignInputs(["B-2"], to: " Wijkzaken ", reason: "Hoort bij de wijkaanpak."), at: t("2026-05-07T11:00:00+02:00"), by: griffie)
        #expect(
            events(result) == [.inputsAssigned(InputsAssigned(inputs: ["B-2"], owner: "Wijkzaken", reason: "Hoort bij de wijkaanpak."))])
        let input = try #require(harness.state?.input("B-2"))
        #expect(input.owner == "Wijkzaken")
        #expect(
            input.handovers == [
                Handover(
                    from: "Team Groen", to: "Wijkzaken", at: t("2026-05-07T11:00:00+02:00"), by: griffie, reason: "Hoort bij de wijkaanpak."
                )
            ])
        #expect(input.ownerSince == t("2026-05-07T11:00:00+02:00"))
        #expect(input.withOwnerSince == d("2026-05-07"))
        #expect(harness.state?.input("B-1")?.owner == "Afdeling Verkeer")
        // A second hand-over adds to the history; a blank reason is no reason.
        #expect(
            harness.run(.assignInputs(["B-2", "B-1"], to: "Griffie", reason: " "), at: t("2026-05-08T11:00:00+02:00"), by: griffie)
                .isSuccess)
        #expect(harness.state?.input("B-2")?.handovers.map(\.to) == ["Wijkzaken", "Griffie"])
        #expect(harness.state?.input("B-2")?.handovers.last?.reason == nil)
        #expect(harness.state?.input("B-1")?.handovers.map(\.from) == ["Afdeling Verkeer"])
        #expect(harness.replayed() == harness.state)
    }

    @Test("an input without a behandelaar gets one; the hand-over comes from nobody")
    func fromNobody() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        harness.start(at: t("2026-03-13T10:00:00+01:00"), by: ActorIdentity(role: "projectleider"), attributes: ["impact": "laag"])
        let now = t("2026-03-14T10:00:00+01:00")
        #expect(
            harness.run(
                .addInput(NewInput(kind: "inspraakreactie", text: "Meer bomen.")), at: now, by: ActorIdentity(role: "projectleider")
            ).isSuccess)
        #expect(harness.state?.input("R-0001")?.owner == nil)
        #expect(harness.state?.input("R-0001")?.ownerSince == nil)
        #expect(harness.run(.assignInputs(["R-0001"], to: "Team Groen"), at: now, by: ActorIdentity(role: "projectleider")).isSuccess)
        #expect(harness.state?.input("R-0001")?.handovers.first?.from == nil)
        #expect(harness.state?.input("R-0001")?.owner == "Team Groen")
    }

    @Test(
        "every reason a hand-over is refused, at once; a refused hand-over changes nothing",
        arguments: [
            (["B-9"], "Wijkzaken", Refusal.Code.unknownInput, "Onbekende inbreng in proces BRIEF-1: B-9."),
            (["B-1"], "afdeling  VERKEER", .sameOwner, "Al bij Afdeling Verkeer: B-1."),
            (["B-1"], "   ", .invalidOwner, "De behandelaar is leeg"),
            (["B-1"], "Afdeling\nVerkeer", .invalidOwner, "op één regel"),
            (["B-1"], String(repeating: "x", count: InputLimits.ownerLength + 1), .invalidOwner, "de grens is 200 tekens"),
            ([], "Wijkzaken", .noInputsNamed, "Noem de inbreng"),
        ])
    func refusals(ids: [String], owner: String, code: Refusal.Code, message: String) throws {
        var harness = try letter()
        let before = harness.state
        let result = harness.run(.assignInputs(ids.map(InputID.init), to: owner), at: t("2026-05-07T11:00:00+02:00"), by: griffie)
        let refusal = try #require(result.refusal)
        #expect(refusal.summary == "Behandelaar toewijzen")
        let reason = try #require(refusal.reasons.first { $0.code == code }, "\(refusal)")
        #expect(reason.message.contains(message), "\(reason.message)")
        #expect(harness.state == before)
    }

    @Test("a hand-over naming a good and a bad input hands over neither, and names every problem")
    func allOrNothing() throws {
        var harness = try letter()
        #expect(
            harness.run(
                .withdrawInput("B-2", reason: "Ingetrokken", evidence: "E-mail 12"), at: t("2026-05-06T10:00:00+02:00"), by: griffie
            )
            .isSuccess)
        let before = harness.state
        let result = harness.run(
            .assignInputs(["B-1", "B-2", "B-7", "B-1"], to: "Wijkzaken", reason: String(repeating: "r", count: 20_001)),
            at: t("2026-05-07T11:00:00+02:00"), by: griffie)
        let refusal = try #require(result.refusal)
        #expect(refusal.reasons.map(\.code) == [.unknownInput, .withdrawnInput, .invalidValue])
        #expect(refusal.reasons[1].ids == ["B-2"])
        #expect(harness.state == before)
        #expect(harness.state?.input("B-1")?.owner == "Afdeling Verkeer")
    }

    @Test("a closed process takes no hand-over (processClosed); an erasure still goes")
    func closed() throws {
        var harness = try closedLetter()
        let result = harness.run(.assignInputs(["B-1"], to: "Wijkzaken"), at: t("2026-06-02T10:00:00+02:00"), by: griffie)
        let refusal = try #require(result.refusal)
        #expect(refusal.reasons.map(\.code) == [.processClosed])
        #expect(refusal.description.contains("Het proces is afgesloten"))
        #expect(refusal.description.contains("Wie de inbreng behandelde, blijft bewaard."))
    }

    /// The letter answered by its behandelaars (B-2 after a hand-over to Wijkzaken), decided by
    /// the college, sent and closed.
    private func closedLetter() throws -> ProcessHarness {
        var harness = try letter()
        let steps: [(Command, String, ActorIdentity)] = [
            (.assignInputs(["B-2"], to: "Wijkzaken", reason: "Wijkaanpak"), "2026-05-07T11:00:00+02:00", griffie),
            (.attachDocument(kind: "ontvangstbevestiging", reference: "OB-1"), "2026-05-07T12:00:00+02:00", griffie),
            (.advance("bevestigen", reason: nil), "2026-05-07T12:05:00+02:00", griffie),
            (.attachDocument(kind: "afdoeningsvoorstel", reference: "Lijst 5"), "2026-05-08T10:00:00+02:00", griffie),
            (.advance("inHandenCollege", reason: nil), "2026-05-12T20:00:00+02:00", presidium),
            (
                .recordFeedback(NewFeedback(input: "B-1", verdict: .doorverwezen, motivation: "In het verkeersplan.")),
                "2026-05-20T10:00:00+02:00", griffie
            ),
            (
                .recordFeedback(NewFeedback(input: "B-2", verdict: .deels, motivation: "Plantenbakken.")), "2026-05-21T10:00:00+02:00",
                griffie
            ),
            (.attachDocument(kind: "antwoordbrief", reference: "AB-1"), "2026-05-22T10:00:00+02:00", college),
            (.advance("collegeBeantwoordt", reason: nil), "2026-05-26T10:00:00+02:00", college),
            (.markFeedbackSent(.allUnsent, on: d("2026-05-27")), "2026-05-27T10:00:00+02:00", griffie),
            (.advance("sluiten", reason: nil), "2026-05-27T11:00:00+02:00", griffie),
        ]
        for (command, moment, actor) in steps {
            let result = harness.run(command, at: t(moment), by: actor)
            try #require(result.isSuccess, "\(command): \(result)")
        }
        #expect(harness.state?.isFinal == true)
        return harness
    }

    @Test("an answer keeps the behandelaar it was given by; a decision keeps who answered what")
    func answeredBy() throws {
        let harness = try closedLetter()
        let state = try #require(harness.state)
        #expect(state.input("B-1")?.currentFeedback?.owner == "Afdeling Verkeer")
        #expect(state.input("B-2")?.currentFeedback?.owner == "Wijkzaken")
        #expect(state.counts.answeredPerOwner == ["Afdeling Verkeer": 1, "Wijkzaken": 1])
        let decision = try #require(state.history.first { $0.decision })
        #expect(decision.answeredByOwner == ["Afdeling Verkeer": 1, "Wijkzaken": 1])
        #expect(state.history.filter { !$0.decision }.allSatisfy { $0.answeredByOwner.isEmpty })
        #expect(harness.replayed() == harness.state)
    }

    @Test("the answers per behandelaar follow a new answer after a hand-over, a withdrawal, and inputs without one")
    func answeredPerOwnerCounts() throws {
        var harness = try letter()
        let now = t("2026-05-10T10:00:00+02:00")
        #expect(
            harness.run(.addInput(NewInput(id: "B-3", kind: "punt", text: "Derde punt.", owner: "Team Groen")), at: now, by: griffie)
                .isSuccess)
        for id: InputID in ["B-1", "B-2", "B-3"] {
            #expect(
                harness.run(.recordFeedback(NewFeedback(input: id, verdict: .kennisgenomen, motivation: "Gelezen.")), at: now, by: griffie)
                    .isSuccess)
        }
        #expect(harness.state?.counts.answeredPerOwner == ["Afdeling Verkeer": 1, "Team Groen": 2])
        // B-2 goes to Wijkzaken, who answer it again: the answer moves from Team Groen to them.
        #expect(harness.run(.assignInputs(["B-2"], to: "Wijkzaken"), at: now, by: griffie).isSuccess)
        #expect(harness.state?.counts.answeredPerOwner == ["Afdeling Verkeer": 1, "Team Groen": 2])
        #expect(
            harness.run(.recordFeedback(NewFeedback(input: "B-2", verdict: .deels, motivation: "Anders.")), at: now, by: griffie).isSuccess)
        #expect(harness.state?.counts.answeredPerOwner == ["Afdeling Verkeer": 1, "Team Groen": 1, "Wijkzaken": 1])
        // A withdrawn input no longer counts; its count goes, and an empty count disappears.
        #expect(harness.run(.withdrawInput("B-1", reason: "Weg", evidence: "Brief"), at: now, by: griffie).isSuccess)
        #expect(harness.state?.counts.answeredPerOwner == ["Team Groen": 1, "Wijkzaken": 1])
        #expect(harness.state.map { $0.counts.answeredPerOwner.values.reduce(0, +) == $0.counts.answered } == true)
        #expect(harness.replayed() == harness.state)
    }

    @Test("a withdrawn input takes no hand-over; the refusal names it and its code")
    func withdrawn() throws {
        var harness = try letter()
        #expect(
            harness.run(.withdrawInput("B-1", reason: "Weg", evidence: "Brief 3"), at: t("2026-05-06T10:00:00+02:00"), by: griffie)
                .isSuccess)
        let refusal = try #require(
            harness.run(.assignInputs(["B-1"], to: "Wijkzaken"), at: t("2026-05-06T11:00:00+02:00"), by: griffie).refusal)
        #expect(refusal.reasons.map(\.code) == [.withdrawnInput])
        #expect(refusal.description.contains("Ingetrokken door de indiener, dus geen behandelaar meer nodig: B-1."))
    }

    @Test("a new input with a behandelaar that cannot be one is refused, naming the input in an import")
    func invalidOwnerOnInput() throws {
        var harness = try letter()
        let result = harness.run(
            .addInputs([
                NewInput(id: "B-3", kind: "punt", text: "Goed."),
                NewInput(id: "B-4", kind: "punt", text: "Fout.", owner: "Twee\nregels"),
            ]), at: t("2026-05-06T10:00:00+02:00"), by: griffie)
        let refusal = try #require(result.refusal)
        #expect(refusal.reasons.map(\.code) == [.invalidOwner])
        #expect(refusal.reasons[0].message.hasPrefix("inbreng 2 (B-4): de behandelaar moet op één regel staan"))
        #expect(harness.state?.hasInput("B-3") == false)
    }

    @Test("days with the behandelaar count from the last hand-over, else from receipt, and stop when the answer was sent")
    func daysWithOwner() throws {
        var harness = try letter()
        #expect(harness.state?.input("B-1")?.daysWithOwner(on: d("2026-05-14")) == 10)
        #expect(harness.run(.assignInputs(["B-1"], to: "Wijkzaken"), at: t("2026-05-11T10:00:00+02:00"), by: griffie).isSuccess)
        #expect(harness.state?.input("B-1")?.daysWithOwner(on: d("2026-05-14")) == 3)
        #expect(
            harness.run(
                .recordFeedback(NewFeedback(input: "B-1", verdict: .deels, motivation: "Zo.")), at: t("2026-05-12T10:00:00+02:00"),
                by: griffie
            ).isSuccess)
        #expect(
            harness.run(.markFeedbackSent(.inputs(["B-1"]), on: d("2026-05-12")), at: t("2026-05-12T11:00:00+02:00"), by: griffie).isSuccess
        )
        #expect(harness.state?.input("B-1")?.daysWithOwner(on: d("2026-06-30")) == 1)
        // A letter typed in late: with its first behandelaar since it came in.
        #expect(
            harness.run(
                .addInput(NewInput(id: "B-5", kind: "punt", text: "Laat.", received: d("2026-05-01"))), at: t("2026-05-12T12:00:00+02:00"),
                by: griffie
            ).isSuccess)
        #expect(harness.state?.input("B-5")?.owner == "Griffie")
        #expect(harness.state?.input("B-5")?.daysWithOwner(on: d("2026-05-12")) == 11)
    }
}

@Suite("Behandelaars: journal, snapshot, workflow files and import")
struct OwnerRecordTests {
    static let received =
        #"{"at":"2026-05-04T07:05:00Z","actor":{"role":"griffie"},"process":"BRIEF-1","type":"inputReceived","data":{"input":"B-1","kind":"punt","text":"T","received":"2026-05-04","state":"ontvangen","late":false,"outOfScope":false,"needsFeedback":true,"answerDue":"2026-06-29""#

    static func readBoth(_ text: String) throws -> (fast: Event?, general: Event) {
        let body = Array(text.utf8)[...]
        let fast = body.withUnsafeBufferPointer { EventLineDecoder.decode(body: $0) }
        return (fast, try EventCoding.decodeGenerally(body: body))
    }

    static func owner(_ event: Event?) -> String?? {
        guard case .inputReceived(let input)? = event?.payload else { return .none }
        return .some(input.owner)
    }

    @Test("a line written before owners existed reads as no behandelaar, by both readers")
    func oldLine() throws {
        let read = try Self.readBoth(Self.received + "}")
        #expect(Self.owner(read.general) == .some(nil))
        #expect(read.fast == read.general)
    }

    @Test("the behandelaar is written only when there is one, and both readers read it back")
    func roundTrip() throws {
        let read = try Self.readBoth(Self.received + #","owner":"Afdeling \"Verkeer\" — Oost"}"#)
        #expect(Self.owner(read.general) == .some("Afdeling \"Verkeer\" — Oost"))
        #expect(read.fast == read.general)
        let written = String(decoding: EventCoding.encode(read.general), as: UTF8.self)
        #expect(written.contains(#""owner":"Afdeling \"Verkeer\" — Oost""#))
        #expect(try EventCoding.decode(Array("{".utf8) + EventCoding.encode(read.general) + Array("}".utf8)) == read.general)
        let plain = try Self.readBoth(Self.received + "}").general
        #expect(!String(decoding: EventCoding.encode(plain), as: UTF8.self).contains("owner"))
        #expect(throws: EventDecodingError.self) { _ = try EventCoding.decode(Array((Self.received + #","owner":3}}"#).utf8)) }
    }

    @Test("a hand-over is one journal line that reads back the same, with and without a reason")
    func assignedLine() throws {
        for reason in [nil, "Hoort bij de wijk"] as [String?] {
            let event = Event(
                at: t("2026-05-07T11:00:00+02:00"), actor: griffie, process: "BRIEF-1",
                payload: .inputsAssigned(InputsAssigned(inputs: ["B-1", "B-2"], owner: "Wijkzaken", reason: reason)),
                recorded: t("2026-05-07T11:00:01+02:00"), account: "anouk")
            let bytes = Array("{".utf8) + EventCoding.encode(event) + Array("}".utf8)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains(#""type":"inputsAssigned","data":{"inputs":["B-1","B-2"],"owner":"Wijkzaken""#))
            #expect(try EventCoding.decode(bytes) == event)
        }
    }

    @Test("a store with behandelaars and hand-overs reopens, from the journal and from a snapshot, to the same state")
    func store() throws {
        let path = TestSupport.temporaryDirectory("owners-store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ParticipationStore(path: path, session: .exercise())
        let hash = try store.storeDefinition(try TestSupport.shippedFile("ingekomen-stuk"))
        try store.execute(
            .start(StartProcess(id: "BRIEF-1", title: "Brief", definitionHash: hash)), on: "BRIEF-1", by: griffie,
            at: t("2026-05-04T09:00:00+02:00"))
        try store.execute(
            .addInputs([
                NewInput(id: "B-1", kind: "punt", text: "Drempels.", owner: "Afdeling Verkeer"),
                NewInput(id: "B-2", kind: "punt", text: "Bomen.", owner: "Team Groen"),
                NewInput(id: "B-3", kind: "punt", text: "Raad."),
            ]), on: "BRIEF-1", by: griffie, at: t("2026-05-04T09:05:00+02:00"))
        try store.execute(
            .assignInputs(["B-2"], to: "Wijkzaken", reason: "Wijkaanpak"), on: "BRIEF-1", by: griffie, at: t("2026-05-07T11:00:00+02:00"))
        try store.execute(
            .recordFeedback(NewFeedback(input: "B-2", verdict: .deels, motivation: "Bakken.")), on: "BRIEF-1", by: griffie,
            at: t("2026-05-08T11:00:00+02:00"))
        // Refused: nothing is written.
        let journal = JournalSurgery.segments(path + "/journal").flatMap { $0 }
        #expect(throws: StoreError.self) {
            try store.execute(
                .assignInputs(["B-1", "B-9"], to: "Wijkzaken"), on: "BRIEF-1", by: griffie, at: t("2026-05-09T11:00:00+02:00"))
        }
        #expect(JournalSurgery.segments(path + "/journal").flatMap { $0 } == journal)
        let live = try #require(store.process("BRIEF-1"))
        #expect(live.input("B-3")?.owner == "Griffie")
        let replayed = try ParticipationStore(path: path, access: .readOnly)
        #expect(replayed.process("BRIEF-1") == live)
        let snapshot = Snapshot(position: Journal.Position.start, processes: [live])
        let decoded = try #require(Snapshot.decode(snapshot.encoded()))
        #expect(decoded.processes == [live])
        #expect(decoded.processes[0].input("B-2")?.handovers.first?.reason == "Wijkaanpak")
        #expect(decoded.processes[0].input("B-2")?.currentFeedback?.owner == "Wijkzaken")
        #expect(decoded.processes[0].counts.answeredPerOwner == ["Wijkzaken": 1])
        try store.writeSnapshot()
        let fromSnapshot = try ParticipationStore(path: path, access: .readOnly)
        #expect(fromSnapshot.process("BRIEF-1") == live)
    }

    @Test("an input record read as JSON keeps its behandelaar and hand-overs; without them it has none")
    func recordCodable() throws {
        var harness = try letter()
        #expect(harness.run(.assignInputs(["B-2"], to: "Wijkzaken"), at: t("2026-05-07T11:00:00+02:00"), by: griffie).isSuccess)
        let record = try #require(harness.state?.input("B-2"))
        #expect(try JSONDecoder().decode(InputRecord.self, from: try JSONEncoder().encode(record)) == record)
        var plain = record
        plain.owner = nil
        plain.handovers = []
        let text = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!text.contains("owner") && !text.contains("handovers"))
        #expect(try JSONDecoder().decode(InputRecord.self, from: Data(text.utf8)) == plain)
    }

    /// `defaultsWorkflow` with one value replaced.
    static func workflow(replacing old: String, with new: String) -> [UInt8] {
        Array(defaultsWorkflow.replacingOccurrences(of: old, with: new).utf8)
    }

    @Test(
        "a default behandelaar in a workflow file must be one line, not blank, at most the limit",
        arguments: [
            (#""owner": "Projectteam""#, #""owner": "Project\nteam""#, "/states/open/owner"),
            (#""owner": "Adviesraad-secretariaat""#, #""owner": " ""#, "/inputKinds/advies/owner"),
            (#""owner": "Projectteam""#, "\"owner\": \"\(String(repeating: "p", count: 201))\"", "/states/open/owner"),
            (#""owner": "Projectteam""#, #""owner": 7"#, "/states/open/owner"),
        ])
    func workflowOwner(old: String, new: String, pointer: String) throws {
        #expect((try? WorkflowFile(bytes: Self.workflow(replacing: old, with: old))) != nil)
        do {
            _ = try WorkflowFile(bytes: Self.workflow(replacing: old, with: new), file: "w.json")
            Issue.record("\(new) werd gelezen")
        } catch {
            #expect(error.diagnostics.contains { $0.pointer.description == pointer && $0.severity == .error }, "\(error)")
        }
    }

    @Test("the schema's behandelaar is the decoder's: at most InputLimits.ownerLength tekens, on both kinds and states")
    func schema() throws {
        let bytes = try [UInt8](
            Data(contentsOf: TestSupport.repositoryRoot().appendingPathComponent("workflows/schema/workflow.schema.json")))
        let schema = try JSONParser.parse(bytes)
        #expect(schema["$defs"]?["owner"]?["maxLength"]?.intValue == InputLimits.ownerLength)
        #expect(schema["$defs"]?["inputKind"]?["properties"]?["owner"]?["$ref"]?.stringValue == "#/$defs/owner")
        #expect(schema["$defs"]?["state"]?["properties"]?["owner"]?["$ref"]?.stringValue == "#/$defs/owner")
    }

    @Test("the behandelaar column of an input import is read; a bad one is refused with its line, and nothing is registered")
    func importColumn() throws {
        let definition = try TestSupport.shipped("ingekomen-stuk")
        let good = "kenmerk;soort;behandelaar;tekst\nB-1;punt;Afdeling Verkeer;Drempels\nB-2;punt;;Bomen\n"
        let inputs = try InputImport.inputs(fromCSV: Array(good.utf8), file: "punten.csv", definition: definition, today: d("2026-05-04"))
            .inputs
        #expect(inputs.map(\.owner) == ["Afdeling Verkeer", nil])
        let bad =
            "kenmerk;soort;behandelaar;tekst\nB-1;punt;\"Twee\nregels\";Drempels\nB-2;punt;\(String(repeating: "x", count: 201));Bomen\n"
        #expect {
            _ = try InputImport.inputs(fromCSV: Array(bad.utf8), file: "punten.csv", definition: definition, today: d("2026-05-04"))
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.problems.map(\.line) == [2, 4] && error.problems[0].message.contains("op één regel")
                && error.problems[1].message.contains("de grens is 200 tekens")
        }
    }
}

@Suite("Behandelaars: status, register and audit")
struct OwnerReportTests {
    /// Three open points: B-1 with Verkeer (answered, not sent), B-2 handed to Wijkzaken, B-3
    /// without a behandelaar on a workflow without defaults; B-4 answered and sent.
    static func openWork() throws -> ProcessHarness {
        var harness = ProcessHarness(definition: try WorkflowDefinition(jsonBytes: Array(defaultsWorkflow.utf8)))
        harness.start(at: t("2026-05-04T09:00:00+02:00"), by: college)
        #expect(harness.run(.advance("sluiten", reason: nil), at: t("2026-05-04T09:01:00+02:00"), by: college).isSuccess)
        let inputs = [
            NewInput(id: "B-1", kind: "reactie", text: "Een", received: d("2026-05-04"), owner: "Afdeling Verkeer"),
            NewInput(id: "B-2", kind: "reactie", text: "Twee", received: d("2026-05-04"), owner: "Team Groen"),
            NewInput(id: "B-3", kind: "reactie", text: "Drie", received: d("2026-05-06")),
            NewInput(id: "B-4", kind: "reactie", text: "Vier", received: d("2026-05-04"), owner: "afdeling verkeer"),
        ]
        #expect(harness.run(.addInputs(inputs), at: t("2026-05-06T10:00:00+02:00"), by: college).isSuccess)
        #expect(
            harness.run(.assignInputs(["B-2"], to: "Wijkzaken", reason: "Wijk"), at: t("2026-05-11T10:00:00+02:00"), by: college).isSuccess)
        for id: InputID in ["B-1", "B-4"] {
            #expect(
                harness.run(
                    .recordFeedback(NewFeedback(input: id, verdict: .deels, motivation: "Zo.")), at: t("2026-05-12T10:00:00+02:00"),
                    by: college
                ).isSuccess)
        }
        #expect(
            harness.run(.markFeedbackSent(.inputs(["B-4"]), on: d("2026-05-12")), at: t("2026-05-12T11:00:00+02:00"), by: college).isSuccess
        )
        return harness
    }

    @Test("status counts open inputs per behandelaar with the oldest, and names those without one")
    func workload() throws {
        let harness = try Self.openWork()
        let state = try #require(harness.state)
        let today = d("2026-05-25")
        let workload = OwnerWorkload(state: state, today: today)
        // B-4 was sent: not open. B-1 (answered, not sent) still is. Answer terms end 18-05 and 20-05.
        #expect(workload.owners.map(\.owner) == ["Afdeling Verkeer", "Wijkzaken"])
        #expect(workload.owners.map(\.open) == [1, 1])
        #expect(workload.owners.map(\.overdue) == [1, 1])
        #expect(workload.owners[0].oldest == OwnerWorkload.Oldest(input: "B-1", since: d("2026-05-04"), days: 21))
        #expect(workload.owners[1].oldest == OwnerWorkload.Oldest(input: "B-2", since: d("2026-05-11"), days: 14))
        #expect(workload.withoutOwner.count == 1 && workload.withoutOwner.inputs == ["B-3"])
        let engine = harness.engine
        let text = StatusReport(state: state, engine: engine, today: today).text()
        #expect(text.contains("  Afdeling Verkeer: 1 open, 1 te laat · langst: B-1, 21 dagen bij deze behandelaar"), "\(text)")
        #expect(text.contains("  Wijkzaken: 1 open, 1 te laat · langst: B-2, 14 dagen bij deze behandelaar"))
        #expect(text.contains("Zonder behandelaar: 1 (B-3), 1 te laat · langst: B-3, 19 dagen zonder behandelaar"))
        // The JSON carries the same.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(StatusReport(state: state, engine: engine, today: today)), as: UTF8.self)
        #expect(json.contains(#""withoutOwner":{"count":1,"inputs":["B-3"]"#))
    }

    @Test("status says nothing about behandelaars when nothing is open")
    func nothingOpen() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        harness.start(at: t("2026-03-13T10:00:00+01:00"), by: ActorIdentity(role: "projectleider"), attributes: ["impact": "laag"])
        let state = try #require(harness.state)
        #expect(OwnerWorkload(state: state, today: d("2026-03-14")).lines.isEmpty)
    }

    @Test("the register lists each point with its behandelaar, days and hand-overs; --owner keeps that behandelaar's points")
    func register() throws {
        var harness = try letter()
        #expect(
            harness.run(.assignInputs(["B-2"], to: "Wijkzaken", reason: "Wijkaanpak"), at: t("2026-05-07T11:00:00+02:00"), by: griffie)
                .isSuccess)
        let state = try #require(harness.state)
        let all = RegisterReport(processes: [(state, harness.engine)], today: d("2026-05-14"))
        let points = try #require(all.letters.first?.perPoint)
        #expect(points.map(\.owner) == ["Afdeling Verkeer", "Wijkzaken"])
        #expect(points.map(\.daysWithOwner) == [10, 7])
        #expect(
            points[1].handovers.map(RegisterReport.handoverText) == [
                "Team Groen → Wijkzaken op 07-05-2026, door griffie (Anouk): Wijkaanpak"
            ])
        let markdown = ReportRenderer.markdown(all.document)
        #expect(markdown.contains("## Punten en behandelaars"))
        #expect(
            markdown.contains("| B-2 | BRIEF-1 | Wijkzaken | 07-05-2026 | 7 | 29-06-2026 | 0 | wacht op antwoord | Team Groen → Wijkzaken"))
        let mine = RegisterReport(processes: [(state, harness.engine)], today: d("2026-05-14"), owner: "WIJKZAKEN")
        #expect(mine.letters.first?.perPoint?.map(\.input) == ["B-2"])
        #expect(ReportRenderer.markdown(mine.document).contains("alleen brieven met een punt bij WIJKZAKEN"))
        let nobody = RegisterReport(processes: [(state, harness.engine)], today: d("2026-05-14"), owner: "Team Groen")
        #expect(nobody.letters.isEmpty)
    }

    @Test("a register without behandelaars looks as before: no points table, no points in the JSON")
    func registerWithoutOwners() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"))
        harness.start(at: t("2026-05-04T09:00:00+02:00"), by: griffie)
        // The workflow gives every point the griffie; a definition without that default gives none.
        var definition = try TestSupport.shipped("ingekomen-stuk")
        definition.inputKinds["punt"]?.owner = nil
        var plain = ProcessHarness(definition: definition)
        plain.start(at: t("2026-05-04T09:00:00+02:00"), by: griffie)
        #expect(
            plain.run(.addInput(NewInput(id: "B-1", kind: "punt", text: "Een")), at: t("2026-05-04T09:05:00+02:00"), by: griffie).isSuccess)
        let report = RegisterReport(processes: [(try #require(plain.state), plain.engine)], today: d("2026-05-14"))
        #expect(report.letters.first?.perPoint == nil)
        #expect(report.document.sections.map(\.heading) == ["Overzicht", "Brieven"])
        #expect(!String(decoding: try JSONEncoder().encode(report), as: UTF8.self).contains("perPoint"))
        #expect(
            harness.run(.addInput(NewInput(id: "B-1", kind: "punt", text: "Een")), at: t("2026-05-04T09:05:00+02:00"), by: griffie)
                .isSuccess)
        let withDefault = RegisterReport(processes: [(try #require(harness.state), harness.engine)], today: d("2026-05-14"))
        #expect(withDefault.letters.first?.perPoint?.first?.owner == "Griffie")
    }

    @Test("the audit shows who answered the inputs each decision weighed, and hand-overs after the answer term")
    func audit() throws {
        var harness = try Self.openWork()
        // B-3 goes to Team Groen after its term (20-05) has passed; then everything is answered and decided.
        #expect(
            harness.run(.assignInputs(["B-3"], to: "Team Groen", reason: "Eindelijk"), at: t("2026-05-26T10:00:00+02:00"), by: college)
                .isSuccess)
        for id: InputID in ["B-2", "B-3"] {
            #expect(
                harness.run(
                    .recordFeedback(NewFeedback(input: id, verdict: .overgenomen, motivation: "Ja \(id).")),
                    at: t("2026-05-27T10:00:00+02:00"), by: college
                ).isSuccess)
        }
        #expect(harness.run(.markFeedbackSent(.allUnsent, on: d("2026-05-27")), at: t("2026-05-27T11:00:00+02:00"), by: college).isSuccess)
        let decided = harness.run(.advance("besluiten", reason: nil), at: t("2026-05-28T10:00:00+02:00"), by: college)
        #expect(decided.isSuccess, "\(decided)")
        let state = try #require(harness.state)
        let report = AuditReport.build(
            processes: [(state, harness.engine.definition)], head: (1, .zero), verified: nil, asOf: d("2026-06-01"))
        let audit = try #require(report.processes.first)
        let decision = try #require(audit.decisions.first)
        #expect(
            decision.answeredBy == [
                AuditReport.OwnerCount(owner: "Afdeling Verkeer", answered: 2), AuditReport.OwnerCount(owner: "Team Groen", answered: 1),
                AuditReport.OwnerCount(owner: "Wijkzaken", answered: 1),
            ])
        let late = try #require(audit.owners?.handoversAfterDeadline)
        #expect(late.map(\.input) == ["B-3"])
        #expect(late.first?.daysAfterDeadline == 6)
        #expect(late.first?.from == nil && late.first?.to == "Team Groen")
        #expect(audit.inputs.first { $0.input == "B-2" }?.owner == "Wijkzaken")
        let markdown = ReportRenderer.markdown(report.document)
        #expect(markdown.contains("### Behandelaars"))
        #expect(markdown.contains("| 28-05-2026 | Besluiten | Afdeling Verkeer | 2 | 4 |"), "\(markdown)")
        #expect(markdown.contains("| B-3 | niemand | Team Groen | 26-05-2026 | 20-05-2026 | 6 |"))
    }

    @Test("an audit of a process without behandelaars has no behandelaar section and no owner fields")
    func auditWithoutOwners() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        harness.start(at: t("2026-03-13T10:00:00+01:00"), by: ActorIdentity(role: "projectleider"), attributes: ["impact": "laag"])
        #expect(
            harness.run(
                .addInput(NewInput(kind: "inspraakreactie", text: "Meer bomen.")), at: t("2026-03-14T10:00:00+01:00"),
                by: ActorIdentity(role: "projectleider")
            ).isSuccess)
        let report = AuditReport.build(
            processes: [(try #require(harness.state), harness.engine.definition)], head: (1, .zero), verified: nil, asOf: d("2026-04-01"))
        #expect(report.processes.first?.owners == nil)
        #expect(!ReportRenderer.markdown(report.document).contains("Behandelaar"))
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(!json.contains("owner") && !json.contains("answeredBy"))
    }
}
