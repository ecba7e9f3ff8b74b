import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let griffie = ActorIdentity(role: "griffie")
private let presidium = ActorIdentity(role: "presidium")
private let college = ActorIdentity(role: "college")
private let raad = ActorIdentity(role: "raad")
private let projectleider = ActorIdentity(role: "projectleider")
private func t(_ text: String) -> Date { TestSupport.instant(text) }
private func d(_ text: String) -> CivilDate { TestSupport.day(text) }

private let letterID: InputID = "BRIEF-2027-012"
private let collegePoint: InputID = "BRIEF-2027-012.1"
private let raadPoint: InputID = "BRIEF-2027-012.2"
private let openPoint: InputID = "BRIEF-2027-012.3"

/// Runs a command that must be accepted, and checks that replaying the journal so far gives
/// the state the engine holds (after every step).
private func step(_ harness: inout ProcessHarness, _ command: Command, at now: String, by actor: ActorIdentity) {
    let result = harness.run(command, at: t(now), by: actor)
    #expect(result.isSuccess, "\(result)")
    #expect(harness.replayed() == harness.state)
}

/// The messages of a refused command; empty (and recorded as an issue) when it was accepted.
private func refused(_ harness: inout ProcessHarness, _ command: Command, at now: String, by actor: ActorIdentity) -> [String] {
    let result = harness.run(command, at: t(now), by: actor)
    guard let refusal = result.refusal else {
        Issue.record("aanvaard: \(command)")
        return []
    }
    return refusal.reasons.map(\.message)
}

private func answer(_ id: InputID, _ verdict: Verdict = .overgenomen) -> Command {
    .recordFeedback(NewFeedback(input: id, verdict: verdict, motivation: "Antwoord op \(id)."))
}

/// An ingekomen stuk with one letter of three points: one for the college, one for the raad,
/// one without a route; split over college and raad by the griffie.
private func splitLetter() throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"), process: "BRIEF-2027-012")
    #expect(harness.start(at: t("2027-03-01T10:00:00+01:00"), by: griffie, title: "Brief van de ouderraad").isSuccess)
    step(
        &harness,
        .addInput(
            NewInput(
                id: letterID, kind: "brief", text: "Brief van de ouderraad over de schoolroute.", publicName: "Ouderraad De Wilg",
                points: [
                    NewPoint(text: "Graag een zebrapad bij de school.", route: "college"),
                    NewPoint(text: "Bespreek hoe de gemeente signalen van ouders opvolgt.", route: "raad"),
                    NewPoint(text: "Dank voor de nieuwe fietsenstalling."),
                ])), at: "2027-03-01T11:00:00+01:00", by: griffie)
    step(&harness, .attachDocument(kind: "ontvangstbevestiging", reference: "OB-12"), at: "2027-03-02T10:00:00+01:00", by: griffie)
    step(&harness, .advance("bevestigen", reason: nil), at: "2027-03-02T10:05:00+01:00", by: griffie)
    step(&harness, .attachDocument(kind: "afdoeningsvoorstel", reference: "AV-12"), at: "2027-03-03T10:00:00+01:00", by: griffie)
    return harness
}

@Suite("Points of a letter or a zienswijze")
struct PointsTests {
    @Test("assigning a letter assigns its open points too; a point named by its own id, or already answered and sent, is not moved along")
    func assignLetterMovesPoints() throws {
        var harness = try splitLetter()
        // The raad's point is answered and sent: the writer no longer waits for it.
        step(&harness, answer(raadPoint), at: "2027-03-04T10:00:00+01:00", by: raad)
        step(&harness, .markFeedbackSent(.inputs([raadPoint]), on: d("2027-03-04")), at: "2027-03-04T10:05:00+01:00", by: griffie)
        let before = try #require(harness.state)
        let raadOwner = before.input(raadPoint)?.owner
        let result = harness.run(
            .assignInputs([letterID], to: "Wijkzaken", reason: "Gaat over de wijk."), at: t("2027-03-05T10:00:00+01:00"), by: griffie)
        #expect(try result.get().map(\.assignedInputs) == [[letterID, collegePoint, openPoint]])
        #expect(harness.replayed() == harness.state)
        let state = try #require(harness.state)
        for id in [letterID, collegePoint, openPoint] {
            #expect(state.input(id)?.owner == "Wijkzaken", "\(id)")
            #expect(state.input(id)?.handovers.last?.reason == "Gaat over de wijk.")
        }
        #expect(state.input(raadPoint)?.owner == raadOwner)

        // A point named by its own id goes where it is sent; the letter and its other open points follow the letter.
        let split = harness.run(
            .assignInputs([letterID, collegePoint], to: "Afdeling Verkeer", reason: nil), at: t("2027-03-05T11:00:00+01:00"), by: griffie)
        #expect(try split.get().map(\.assignedInputs) == [[letterID, openPoint, collegePoint]])
        step(&harness, .assignInputs([collegePoint], to: "Team Groen"), at: "2027-03-05T12:00:00+01:00", by: griffie)
        #expect(harness.state?.input(collegePoint)?.owner == "Team Groen")
        #expect(harness.state?.input(letterID)?.owner == "Afdeling Verkeer")

        // The letter already with this owner: its points still move, and the letter gets no empty hand-over.
        let handovers = harness.state?.input(letterID)?.handovers.count
        step(&harness, .assignInputs([letterID], to: "afdeling verkeer"), at: "2027-03-05T13:00:00+01:00", by: griffie)
        #expect(harness.state?.input(collegePoint)?.owner == "afdeling verkeer")
        #expect(harness.state?.input(letterID)?.handovers.count == handovers)
        // Now nothing would move: refused as before.
        let again = harness.run(.assignInputs([letterID], to: "Afdeling Verkeer"), at: t("2027-03-05T14:00:00+01:00"), by: griffie)
        #expect(again.refusal?.reasons.map(\.code) == [.sameOwner])
    }

    @Test("a letter with points is one piece of inbreng; its points are the inputs needing an answer")
    func counts() throws {
        let harness = try splitLetter()
        let state = try #require(harness.state)
        #expect(state.counts.total == 1)
        #expect(state.counts.perKind["brief"] == 1)
        #expect(state.counts.points == 3)
        #expect(state.counts.needingFeedback == 3)
        #expect(state.counts.pointsPerRoute["college"]?.needing == 1)
        #expect(state.counts.pointsPerRoute["raad"]?.needing == 1)
        #expect(state.counts.pointsPerRoute[""]?.needing == 1)
        let letter = try #require(state.input(letterID))
        #expect(letter.pointCount == 3)
        #expect(!letter.countsForGate)
        #expect(state.points(of: letterID).map(\.id) == [collegePoint, raadPoint, openPoint])
        #expect(state.input(collegePoint)?.parent == letterID)
        #expect(state.input(collegePoint)?.route == "college")
        #expect(state.input(openPoint)?.route == nil)
        // Each point has its own owner: the route's role, else the letter's.
        #expect(state.input(collegePoint)?.owner == "College van B en W")
        #expect(state.input(raadPoint)?.owner == "Gemeenteraad")
        #expect(state.input(openPoint)?.owner == "Griffie")
        #expect(state.unansweredIDs == [collegePoint, raadPoint, openPoint])
    }

    @Test("a letter with points takes no answer of its own; the refusal names its points")
    func parentRefusesAnswer() throws {
        var harness = try splitLetter()
        let result = harness.run(answer(letterID), at: t("2027-03-04T10:00:00+01:00"), by: griffie)
        let refusal = try #require(result.refusal)
        #expect(refusal.reasons.map(\.code) == [.hasPoints])
        #expect(
            refusal.reasons.first?.message
                == "BRIEF-2027-012 heeft 3 punten (BRIEF-2027-012.1, BRIEF-2027-012.2, BRIEF-2027-012.3); "
                + "elk punt krijgt een eigen antwoord, BRIEF-2027-012 zelf niet.")
        #expect(harness.state?.input(letterID)?.feedback.isEmpty == true)
    }

    @Test("the letter counts as answered when every point is, and as sent when every answer is")
    func parentAnsweredByPoints() throws {
        var harness = try splitLetter()
        for id in [collegePoint, raadPoint] { step(&harness, answer(id), at: "2027-03-04T10:00:00+01:00", by: griffie) }
        var state = try #require(harness.state)
        let letter = try #require(state.input(letterID))
        #expect(!state.isAnswered(letter))
        step(&harness, answer(openPoint), at: "2027-03-04T10:00:00+01:00", by: griffie)
        state = try #require(harness.state)
        #expect(state.isAnswered(letter))
        #expect(!state.isSent(letter))
        // Sending "the letter" sends the answers on its points.
        step(&harness, .markFeedbackSent(.inputs([letterID]), on: d("2027-03-04")), at: "2027-03-04T11:00:00+01:00", by: griffie)
        state = try #require(harness.state)
        #expect(state.isSent(letter))
        #expect(state.counts.sent == 3)
        #expect(state.counts.pointsPerRoute["raad"]?.sent == 1)
    }

    @Test("sending a letter sends the answers on its points not yet sent; with a point unanswered, or all sent, it names them")
    func sendingALetterPicksItsPoints() throws {
        var harness = try splitLetter()
        step(&harness, answer(raadPoint), at: "2027-03-04T10:00:00+01:00", by: raad)
        // One point has no answer: the letter stands for all three, and the refusal names that one.
        #expect(
            refused(&harness, .markFeedbackSent(.inputs([letterID]), on: d("2027-03-04")), at: "2027-03-04T10:05:00+01:00", by: griffie)
                == ["Nog geen antwoord om te versturen: \(collegePoint), \(openPoint)."])
        for id in [collegePoint, openPoint] { step(&harness, answer(id), at: "2027-03-04T10:10:00+01:00", by: griffie) }
        step(&harness, .markFeedbackSent(.inputs([raadPoint]), on: d("2027-03-04")), at: "2027-03-04T10:15:00+01:00", by: griffie)
        // The raad's answer went out already: sending the letter sends the other two, and is not refused for it.
        let sent = harness.run(.markFeedbackSent(.inputs([letterID]), on: d("2027-03-05")), at: t("2027-03-05T10:00:00+01:00"), by: griffie)
        #expect(try sent.get() == [.feedbackSent(FeedbackSent(inputs: [collegePoint, openPoint], on: d("2027-03-05")))])
        #expect(harness.replayed() == harness.state)
        // Everything went out: the letter stands for all three again, each named once as sent (also
        // when the letter is named twice, and one of its points beside it).
        #expect(
            refused(
                &harness, .markFeedbackSent(.inputs([letterID, raadPoint, letterID]), on: d("2027-03-06")), at: "2027-03-06T10:00:00+01:00",
                by: griffie)
                == ["Het antwoord is al verstuurd: \(collegePoint), \(raadPoint), \(openPoint)."])
        // An unknown id next to the letter: only that is named.
        let unknown = harness.run(
            .markFeedbackSent(.inputs([letterID, "BRIEF-2027-099"]), on: d("2027-03-06")), at: t("2027-03-06T10:00:00+01:00"), by: griffie)
        #expect(unknown.refusal?.reasons.map(\.code) == [.unknownInput])
    }

    @Test("a decision by the college waits for the college's points and those without a route, not for the raad's")
    func collegeDecisionWaitsForItsPoints() throws {
        var harness = try splitLetter()
        step(&harness, .advance("splitsen", reason: nil), at: "2027-03-04T10:00:00+01:00", by: griffie)
        step(&harness, .attachDocument(kind: "antwoordbrief", reference: "AB-12"), at: "2027-03-05T10:00:00+01:00", by: college)
        var messages = refused(&harness, .advance("collegeBeantwoordt", reason: nil), at: "2027-03-05T11:00:00+01:00", by: college)
        #expect(
            messages == [
                "Beide punten voor college van B en W hebben nog geen antwoord: BRIEF-2027-012.1, BRIEF-2027-012.3."
            ])
        #expect(!messages.joined().contains(raadPoint.rawValue))
        step(&harness, answer(collegePoint), at: "2027-03-05T12:00:00+01:00", by: college)
        messages = refused(&harness, .advance("collegeBeantwoordt", reason: nil), at: "2027-03-05T13:00:00+01:00", by: college)
        #expect(messages == ["1 van de 2 punten voor college van B en W heeft nog geen antwoord: BRIEF-2027-012.3."])
        step(&harness, answer(openPoint), at: "2027-03-05T14:00:00+01:00", by: griffie)
        step(&harness, .advance("collegeBeantwoordt", reason: nil), at: "2027-03-05T15:00:00+01:00", by: college)
        let state = try #require(harness.state)
        #expect(state.current == "collegeKlaar")
        #expect(state.input(raadPoint)?.isAnswered == false)
        // The decision weighed the two points it waited for, both answered.
        let decision = try #require(state.history.last)
        #expect(decision.decision)
        #expect(decision.inputsWeighed == 2)
        #expect(decision.unansweredAtThatMoment == 0)
    }

    @Test("a decision by the raad waits for the raad's points (and those without a route)")
    func raadDecisionWaitsForItsPoints() throws {
        var harness = try splitLetter()
        step(&harness, .advance("splitsen", reason: nil), at: "2027-03-04T10:00:00+01:00", by: griffie)
        step(&harness, .attachDocument(kind: "raadsbesluit", reference: "RB-12"), at: "2027-03-05T10:00:00+01:00", by: raad)
        step(&harness, answer(collegePoint), at: "2027-03-05T10:30:00+01:00", by: college)
        let messages = refused(&harness, .advance("raadBesluit", reason: nil), at: "2027-03-05T11:00:00+01:00", by: raad)
        #expect(messages == ["Beide punten voor gemeenteraad hebben nog geen antwoord: BRIEF-2027-012.2, BRIEF-2027-012.3."])
        step(&harness, answer(raadPoint, .kennisgenomen), at: "2027-03-05T12:00:00+01:00", by: raad)
        step(&harness, answer(openPoint), at: "2027-03-05T12:00:00+01:00", by: griffie)
        step(&harness, .advance("raadBesluit", reason: nil), at: "2027-03-05T13:00:00+01:00", by: raad)
        #expect(harness.state?.current == "raadKlaar")
    }

    @Test("closing needs every point answered and sent; the refusal names each point with the label of its role")
    func finalNeedsEveryPoint() throws {
        var harness = try splitLetter()
        step(&harness, .advance("inHandenCollege", reason: nil), at: "2027-03-04T10:00:00+01:00", by: presidium)
        step(&harness, .attachDocument(kind: "antwoordbrief", reference: "AB-12"), at: "2027-03-05T10:00:00+01:00", by: college)
        step(&harness, answer(collegePoint), at: "2027-03-05T10:30:00+01:00", by: college)
        step(&harness, answer(openPoint), at: "2027-03-05T10:30:00+01:00", by: college)
        step(&harness, .advance("collegeBeantwoordt", reason: nil), at: "2027-03-05T11:00:00+01:00", by: college)
        #expect(harness.state?.current == "beantwoord")
        step(&harness, .markFeedbackSent(.allUnsent, on: d("2027-03-05")), at: "2027-03-05T12:00:00+01:00", by: griffie)
        let messages = refused(&harness, .advance("sluiten", reason: nil), at: "2027-03-05T13:00:00+01:00", by: griffie)
        #expect(
            messages == [
                "1 van de 3 punten heeft nog geen antwoord: BRIEF-2027-012.2 (Gemeenteraad).",
                "Het antwoord op 1 van de 3 punten is nog niet verstuurd: BRIEF-2027-012.2 (Gemeenteraad).",
            ])
        #expect(!messages.joined().contains("(raad)"))
        step(&harness, answer(raadPoint, .kennisgenomen), at: "2027-03-06T10:00:00+01:00", by: griffie)
        #expect(
            refused(&harness, .advance("sluiten", reason: nil), at: "2027-03-06T11:00:00+01:00", by: griffie)
                == ["Het antwoord op 1 van de 3 punten is nog niet verstuurd: BRIEF-2027-012.2 (Gemeenteraad)."])
        step(&harness, .markFeedbackSent(.inputs([raadPoint]), on: d("2027-03-06")), at: "2027-03-06T12:00:00+01:00", by: griffie)
        step(&harness, .advance("sluiten", reason: nil), at: "2027-03-06T13:00:00+01:00", by: griffie)
        #expect(harness.state?.isFinal == true)
    }

    @Test("a griffie step that is not final waits for every point, whatever its route")
    func otherRolesWaitForAll() throws {
        let definition = try TestSupport.shipped("ingekomen-stuk")
        let engine = ProcessEngine(definition: definition)
        #expect(engine.routeScope(to: "collegeKlaar", by: "college") == "college")
        #expect(engine.routeScope(to: "beantwoord", by: "griffie") == nil)
        #expect(engine.routeScope(to: "gesloten", by: "college") == nil)
        #expect(engine.routeScope(to: "collegeKlaar", by: .system) == nil)
        // A workflow without routes scopes nothing.
        let inspraak = ProcessEngine(definition: try TestSupport.shipped("inspraak"))
        #expect(inspraak.routeScope(to: "besloten", by: "college") == nil)
    }

    @Test(
        "points are refused with a route that is not the kind's, on a kind without points, or without text; nothing is registered",
        arguments: [
            (
                NewInput(id: "B-1", kind: "brief", text: "Brief", points: [NewPoint(text: "Zebrapad", route: "griffie")]),
                "route \"griffie\""
            ),
            (NewInput(id: "B-1", kind: "punt", text: "Punt", points: [NewPoint(text: "Zebrapad")]), "heeft geen punten"),
            (NewInput(id: "B-1", kind: "brief", text: "Brief", points: [NewPoint(text: "  ")]), "punt 1 heeft geen tekst"),
            (
                NewInput(
                    id: InputID(String(repeating: "B", count: 63)), kind: "brief", text: "Brief", points: [NewPoint(text: "Zebrapad")]),
                "kies een korter kenmerk"
            ),
        ])
    func invalidPoints(_ input: NewInput, _ expected: String) throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"))
        #expect(harness.start(at: t("2027-03-01T10:00:00+01:00"), by: griffie).isSuccess)
        let messages = refused(&harness, .addInput(input), at: "2027-03-01T11:00:00+01:00", by: griffie)
        #expect(messages.contains { $0.contains(expected) }, "\(messages)")
        #expect(harness.state?.inputs.isEmpty == true)
    }

    @Test("withdrawing a letter withdraws its points with it; counts stay right")
    func withdrawLetter() throws {
        var harness = try splitLetter()
        step(&harness, answer(collegePoint), at: "2027-03-04T10:00:00+01:00", by: college)
        step(
            &harness, .withdrawInput(letterID, reason: "De ouderraad trekt de brief in.", evidence: "E-mail 2027-044"),
            at: "2027-03-05T10:00:00+01:00", by: griffie)
        let state = try #require(harness.state)
        #expect(state.inputs.allSatisfy { $0.isWithdrawn })
        #expect(state.counts.withdrawn == 1)
        #expect(state.counts.needingFeedback == 0)
        #expect(state.counts.answered == 0)
        #expect(state.counts.pointsPerRoute["college"]?.answered == 0)
        #expect(PropertyTests.recount(state) == nil)
    }

    @Test("a zienswijze with points is answered per point before the decision")
    func zienswijzePerPoint() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("zienswijze-uov"), process: "Z")
        #expect(harness.start(at: t("2026-01-05T10:00:00+01:00"), by: projectleider).isSuccess)
        for kind in ["aanvraag", "ontwerpbesluit", "kennisgevingOntwerp"] {
            step(
                &harness, .attachDocument(kind: DocumentKindID(kind), reference: kind.uppercased()), at: "2026-01-05T10:00:00+01:00",
                by: projectleider)
        }
        step(&harness, .advance("terInzageLeggen", reason: nil), at: "2026-01-05T11:00:00+01:00", by: projectleider)
        step(
            &harness,
            .addInput(
                NewInput(
                    id: "ZW-1", kind: "zienswijze", text: "Zienswijze van de buren.",
                    points: [NewPoint(text: "De aanbouw is te hoog."), NewPoint(text: "De bomen moeten blijven.")])),
            at: "2026-01-20T10:00:00+01:00", by: projectleider)
        step(&harness, .advance("inzageSluiten", reason: nil), at: "2026-03-01T10:00:00+01:00", by: projectleider)
        for kind in ["notaVanBeantwoording", "besluit"] {
            step(&harness, .attachDocument(kind: DocumentKindID(kind), reference: kind), at: "2026-03-02T10:00:00+01:00", by: college)
        }
        step(&harness, answer("ZW-1.1", .deels), at: "2026-03-02T11:00:00+01:00", by: projectleider)
        #expect(
            refused(&harness, .advance("besluiten", reason: nil), at: "2026-03-02T12:00:00+01:00", by: college)
                == ["1 van de 2 punten heeft nog geen antwoord: ZW-1.2."])
        step(&harness, answer("ZW-1.2", .nietOvergenomen), at: "2026-03-02T13:00:00+01:00", by: projectleider)
        step(&harness, .advance("besluiten", reason: nil), at: "2026-03-02T14:00:00+01:00", by: college)
        #expect(harness.state?.history.last?.inputsWeighed == 2)
        #expect(harness.state?.counts.total == 1)
    }

    // MARK: Journal and snapshot

    @Test("a point's line carries parent and route; both readers read it alike; a line without them is an input of its own")
    func journalLine() throws {
        let harness = try splitLetter()
        let points = harness.events.filter {
            if case .inputReceived(let received) = $0.payload { return received.parent != nil }
            return false
        }
        #expect(points.count == 3)
        for event in harness.events {
            let body = Array(#"{"v":1,"seq":1,"#.utf8) + EventCoding.encode(event)
            let general = try EventCoding.decodeGenerally(body: body[...])
            #expect(general == event)
            if case .inputReceived = event.payload {
                let fast = body.withUnsafeBufferPointer { EventLineDecoder.decode(body: $0) }
                #expect(fast == event)
            }
        }
        let line = String(decoding: EventCoding.encode(points[0]), as: UTF8.self)
        #expect(line.contains(#""parent":"BRIEF-2027-012""#) && line.contains(#""route":"college""#))
        let letterLine = String(decoding: EventCoding.encode(harness.events[1]), as: UTF8.self)
        #expect(!letterLine.contains(#""parent":"#) && !letterLine.contains(#""route":"#))
    }

    @Test("a snapshot (format 12) keeps parent, route and the counts per route; formats 9, 10 and 11 are still read")
    func snapshotFormats() throws {
        var harness = try splitLetter()
        step(&harness, answer(raadPoint), at: "2027-03-04T10:00:00+01:00", by: raad)
        let live = try #require(harness.state)
        let snapshot = Snapshot(position: Journal.Position.start, processes: [live])
        let decoded = try #require(Snapshot.decode(snapshot.encoded()))
        #expect(decoded.processes == [live])
        #expect(decoded.processes[0].input(raadPoint)?.route == "raad")
        #expect(decoded.processes[0].counts.pointsPerRoute["raad"]?.answered == 1)
        // A store written before points has a format 9 snapshot: read, not replayed.
        var old = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"))
        #expect(old.start(at: t("2027-03-01T10:00:00+01:00"), by: griffie).isSuccess)
        step(&old, .addInput(NewInput(id: "B-1", kind: "punt", text: "Een punt.")), at: "2027-03-01T11:00:00+01:00", by: griffie)
        let oldState = try #require(old.state)
        let nine = Snapshot(position: Journal.Position.start, processes: [oldState]).encoded(version: 9)
        #expect(nine.starts(with: Array("PKSNAP\u{9}\n".utf8)))
        #expect(Snapshot.decode(nine)?.processes == [oldState])
        #expect(Snapshot.decode(snapshot.encoded(version: 8)) == nil)
        #expect(Snapshot.decode(snapshot.encoded(version: 10))?.processes == [live])
        #expect(Snapshot.decode(snapshot.encoded(version: 11))?.processes == [live])
        #expect(Snapshot.decode(snapshot.encoded(version: 13)) == nil)
        #expect(snapshot.encoded().starts(with: Array("PKSNAP".utf8) + [12, 10]))
    }

    @Test("a store with points reopens to the same state from the journal and from its snapshot")
    func storeReplayAndSnapshot() throws {
        let path = TestSupport.temporaryDirectory("points-store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ParticipationStore(path: path, session: .exercise())
        store.snapshotInterval = .max
        let hash = try store.storeDefinition(try TestSupport.shippedFile("ingekomen-stuk"))
        let process: ProcessID = "BRIEF-2027-012"
        var steps: [(Command, ActorIdentity)] = [
            (.start(StartProcess(id: process, title: "Brief", definitionHash: hash)), griffie),
            (
                .addInput(
                    NewInput(
                        id: letterID, kind: "brief", text: "Brief.",
                        points: [NewPoint(text: "Zebrapad.", route: "college"), NewPoint(text: "Bespreken.", route: "raad")])), griffie
            ),
        ]
        steps += [
            (answer(collegePoint), college), (answer(raadPoint, .kennisgenomen), raad),
            (.markFeedbackSent(.inputs([letterID]), on: d("2027-03-01")), griffie),
        ]
        for (command, actor) in steps {
            try store.execute(command, on: process, by: actor, at: t("2027-03-01T11:00:00+01:00"))
            let live = try #require(store.process(process))
            // Reopened after every step: from the journal alone, and from a snapshot.
            #expect(try ParticipationStore(path: path, access: .readOnly).process(process) == live)
            try store.writeSnapshot()
            #expect(try ParticipationStore(path: path, access: .readOnly).process(process) == live)
            try? FileManager.default.removeItem(atPath: path + "/" + Snapshot.fileName)
        }
        let state = try #require(store.process(process))
        #expect(state.counts.sent == 2)
        #expect(state.isSent(try #require(state.input(letterID))))
    }

    // MARK: Workflow files

    @Test(
        "PK018: a route that is not a role; PK019: points on a kind that takes no answer",
        arguments: [
            (
                #""points": { "routes": ["college", "wethouder"] }"#, "required", Diagnostic.Code.unknownPointRoute,
                "/inputKinds/brief/points/routes/1"
            ),
            (#""points": { "routes": ["college"] }"#, "none", Diagnostic.Code.pointsWithoutFeedback, "/inputKinds/brief/points"),
        ])
    func diagnostics(_ points: String, _ feedback: String, _ code: Diagnostic.Code, _ pointer: String) {
        let found = pointsDiagnostics(points: points, feedback: feedback)
        #expect(found.map(\.code) == [code], "\(found)")
        #expect(found.first?.pointer.description == pointer)
        #expect(pointsDiagnostics(points: #""points": { "routes": ["college"] }"#, feedback: "required").isEmpty)
    }

    // MARK: Import

    @Test("an import with punt and route columns makes one letter with its points")
    func importPoints() throws {
        let csv = """
            kenmerk;soort;ontvangen;tekst;punt;route;behandelaar
            B-7;brief;2027-02-26;Brief over de schoolroute;Graag een zebrapad;college;Afdeling Verkeer
            B-7;brief;;;Bespreek de opvolging;raad;
            B-8;punt;2027-02-26;Een los punt;;;
            """
        let reading = try InputImport.read(
            fromCSV: Array(csv.utf8), file: "brieven.csv", definition: try TestSupport.shipped("ingekomen-stuk"), today: d("2027-03-01"))
        #expect(reading.inputs.count == 2)
        #expect(reading.inputs[0].text == "Brief over de schoolroute")
        #expect(
            reading.inputs[0].points == [
                NewPoint(text: "Graag een zebrapad", route: "college", owner: "Afdeling Verkeer"),
                NewPoint(text: "Bespreek de opvolging", route: "raad"),
            ])
        #expect(reading.inputs[0].owner == nil)
        #expect(reading.inputs[1].points.isEmpty)
    }

    @Test(
        "an import with a bad point row registers nothing and names the row",
        arguments: [
            (
                "B-7;brief;;;Bespreek de opvolging;raadd;",
                "brieven.csv:3: route \"raadd\" kan niet; kies uit college (College van B en W), raad"
            ),
            ("B-7;punt;;;Bespreek de opvolging;raad;", "brieven.csv:3: soort \"punt\" verschilt van regel 2"),
            (";brief;;Brief;Bespreek de opvolging;raad;", "brieven.csv:3: punt zonder kenmerk"),
            ("B-9;brief;;Brief;;raad;", "brieven.csv:3: route \"raad\" zonder punt"),
        ])
    func importBadRow(_ row: String, _ expected: String) throws {
        let csv = """
            kenmerk;soort;ontvangen;tekst;punt;route;behandelaar
            B-7;brief;2027-02-26;Brief over de schoolroute;Graag een zebrapad;college;Afdeling Verkeer
            \(row)
            """
        let definition = try TestSupport.shipped("ingekomen-stuk")
        do {
            _ = try InputImport.read(fromCSV: Array(csv.utf8), file: "brieven.csv", definition: definition, today: d("2027-03-01"))
            Issue.record("geen fout")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.description.contains("Er is niets geregistreerd"))
        }
    }
}

/// A small workflow with a kind `brief` whose points are declared as given.
private func pointsDiagnostics(points: String, feedback: String) -> [Diagnostic] {
    let reason = feedback == "none" ? #", "feedbackReason": "Telt alleen.""# : ""
    let text = """
        {
          "formatVersion": 1, "id": "test", "version": "1", "title": "Test",
          "roles": { "griffie": "Griffie", "college": "College van B en W" },
          "inputKinds": { "brief": { "label": "Brief", "feedback": "\(feedback)"\(reason), \(points) } },
          "initial": "open",
          "states": { "open": { "label": "Open", "accepts": ["brief"] }, "klaar": { "label": "Klaar", "final": true } },
          "transitions": [ { "name": "besluiten", "from": ["open"], "to": "klaar", "by": ["college"], "decision": true } ]
        }
        """
    do {
        let file = try WorkflowFile(bytes: Array(text.utf8), file: "workflows/test.json")
        return WorkflowValidator.diagnostics(for: file).filter { $0.severity == .error }
    } catch {
        return error.diagnostics
    }
}

extension EventPayload {
    /// The inputs of an `inputsAssigned` event; empty for any other.
    fileprivate var assignedInputs: [InputID] {
        if case .inputsAssigned(let assigned) = self { return assigned.inputs }
        return []
    }
}
