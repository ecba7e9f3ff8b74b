import Foundation
import ParticipationKit

/// A command the trial is about to run, with the contact details that go with it.
struct PlannedCommand {
    var process: String
    var command: Command
    var personal: [PersonalDetails?] = []
    /// For the trace, in Dutch.
    var summary: String
}

/// Drawing commands: sizes over the whole range and on both sides of every limit, texts with
/// everything JSON must escape, refusals of every kind the model knows.
extension StoreTrialRun {
    func startProcess(_ id: String) -> PlannedCommand {
        PlannedCommand(
            process: id,
            command: .start(
                StartProcess(
                    id: ProcessID(id), title: "Proef \(id) — plein", attributes: ["impact": "laag"], definitionHash: definitionHash)),
            summary: "proces starten")
    }

    /// A command on the processes as the model has them; about one in eight is meant to be refused.
    func planCommand() -> PlannedCommand {
        let ids = model.processes.keys.sorted()
        let process = ids.randomElement(using: &random) ?? "P1"
        guard let state = model.processes[process] else { return startProcess(process) }
        if Int.random(in: 0..<8, using: &random) == 0 { return planRefusal(state) }
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<3 where ids.count < 3:
            return startProcess("P\(ids.count + 1)")
        case 0..<40:
            return planInputs(state, single: roll < 8)
        case 40..<62 where !state.inputs.isEmpty:
            return planFeedback(state, single: roll < 46)
        case 62..<76 where state.inputs.contains(where: { $0.verdict != nil && $0.sentOn == nil }):
            return planSent(state)
        case 76..<84:
            guard let input = state.inputs.filter({ !$0.withdrawn }).randomElement(using: &random) else { break }
            return PlannedCommand(
                process: process,
                command: .withdrawInput(
                    InputID(input.id), reason: note(what: "intrekking"),
                    // Now and then without the writer's request, which the rules refuse.
                    evidence: Int.random(in: 0..<10, using: &random) == 0 ? nil : "e-mail van de indiener \(serialNumber())"),
                summary: "\(input.id) intrekken")
        case 84..<94:
            guard let input = state.inputs.filter({ $0.contact != nil && !$0.erased }).randomElement(using: &random) else { break }
            return PlannedCommand(
                process: process, command: .redactPersonalData(InputID(input.id), reason: note(what: "verzoek")),
                summary: "contactgegevens van \(input.id) verwijderen")
        case 94..<96 where bytesLeft > 65 * 600:
            return planContactEdge(state)
        case 96..<98:
            let date = Int.random(in: 0..<2, using: &random) == 0 ? nil : today.adding(days: -Int.random(in: 0...30, using: &random))
            return PlannedCommand(
                process: process, command: .attachDocument(kind: "reactienota", reference: "Z-\(serialNumber())", date: date),
                summary: "reactienota toevoegen" + (date.map { " van \($0.iso)" } ?? ""))
        default:
            break
        }
        return planInputs(state, single: false)
    }

    // MARK: Inputs

    func planInputs(_ state: StoreTrialModel.Process, single: Bool) -> PlannedCommand {
        var lines = single ? 1 : drawLines(perLine: 420)
        var textBytes = drawTextBytes()
        // Keep the seed within its bytes: shorter texts first, then fewer lines.
        if lines * (420 + textBytes) > bytesLeft {
            textBytes = max(profile.textBytes.lowerBound, bytesLeft / lines - 420)
            if lines * (420 + textBytes) > bytesLeft { lines = max(1, bytesLeft / (420 + textBytes)) }
        }
        var inputs: [NewInput] = []
        var personal: [PersonalDetails?] = []
        inputs.reserveCapacity(lines)
        var withContact = 0
        var ownIDs = 0
        var smallest = Int.max
        var largest = 0
        let varied = lines < 200 || Int.random(in: 0..<4, using: &random) == 0
        let shared = varied ? "" : text(bytes: textBytes)
        for _ in 0..<lines {
            let bytes =
                varied
                ? Int.random(in: profile.textBytes.lowerBound...max(profile.textBytes.lowerBound, textBytes), using: &random) : textBytes
            let number = serialNumber()
            let body = varied ? text(bytes: bytes) : shared
            let own = Int.random(in: 0..<4, using: &random) == 0 ? ownID(in: state, alone: lines == 1) : nil
            if own != nil { ownIDs += 1 }
            let received: CivilDate? =
                Int.random(in: 0..<2, using: &random) == 0 ? nil : today.adding(days: -Int.random(in: 0...10, using: &random))
            inputs.append(
                NewInput(
                    id: own.map(InputID.init), kind: "inspraakreactie", text: "Reactie \(number): " + body, received: received,
                    owner: drawOwner()))
            let contact = Int.random(in: 0..<10, using: &random) < 3 ? details(number) : nil
            if contact != nil { withContact += 1 }
            personal.append(contact)
            smallest = min(smallest, inputs[inputs.count - 1].text.utf8.count)
            largest = max(largest, inputs[inputs.count - 1].text.utf8.count)
        }
        bytesLeft -= inputs.reduce(0) { $0 + 420 + $1.text.utf8.count }
        if withContact == 0 { personal = [] }
        return PlannedCommand(
            process: state.id, command: single ? .addInput(inputs[0]) : .addInputs(inputs), personal: personal,
            summary: "\(single ? "addInput" : "addInputs") \(lines) \(lines == 1 ? "reactie" : "reacties") "
                + "(\(withContact) met contactgegevens, \(ownIDs) met eigen kenmerk, tekst \(smallest)–\(largest) B)")
    }

    /// 63, 64 or 65 inputs, all with contact details: from 64 on they are written on a
    /// second thread (``ParticipationStore`` `backgroundPersonalRecords`).
    func planContactEdge(_ state: StoreTrialModel.Process) -> PlannedCommand {
        let count = Int.random(in: 63...65, using: &random)
        var inputs: [NewInput] = []
        var personal: [PersonalDetails?] = []
        for _ in 0..<count {
            let number = serialNumber()
            inputs.append(NewInput(kind: "inspraakreactie", text: "Reactie \(number): " + text(bytes: 100)))
            personal.append(details(number))
        }
        bytesLeft -= inputs.reduce(0) { $0 + 420 + $1.text.utf8.count }
        return PlannedCommand(
            process: state.id, command: .addInputs(inputs), personal: personal,
            summary: "addInputs \(count) reacties, alle met contactgegevens")
    }

    /// Lines of a command: near the batch size (both sides), ordinary, or large (a big seed
    /// has one large command early on; a profile without big seeds has them now and then).
    func drawLines(perLine: Int) -> Int {
        let batch = tuning.batchSize
        var lines: Int
        if big, !largeCommandDrawn, Int.random(in: 0..<2, using: &random) == 0 {
            largeCommandDrawn = true
            lines = Int.random(in: profile.largeCommandLines, using: &random)
        } else {
            switch Int.random(in: 0..<20, using: &random) {
            case 0..<7:
                let edges = [1, 2, batch - 1, batch, batch + 1, 2 * batch - 1, 2 * batch, 2 * batch + 1, smallBatch, smallBatch + 1]
                lines = max(1, edges.randomElement(using: &random) ?? 1)
            case 7..<18:
                lines = Int.random(in: profile.commandLines, using: &random)
            default:
                lines = Int.random(in: profile.bigSeedEvery == 0 ? profile.largeCommandLines : profile.commandLines, using: &random)
            }
        }
        return max(1, min(lines, bytesLeft / perLine))
    }

    /// A behandelaar for one input in three: two spellings of one, or another (the workload
    /// `status` reads from a snapshot's summary is checked against the records after every reopening).
    func drawOwner() -> String? {
        switch Int.random(in: 0..<9, using: &random) {
        case 0: "Afdeling Verkeer"
        case 1: "afdeling  verkeer"
        case 2: "Wijkzaken"
        default: nil
        }
    }

    /// Text sizes spread evenly over the orders of magnitude of the profile's range.
    func drawTextBytes() -> Int {
        let low = log(Double(profile.textBytes.lowerBound))
        let high = log(Double(profile.textBytes.upperBound))
        return Int(exp(Double.random(in: low...high, using: &random))).clamped(to: profile.textBytes)
    }

    /// A kenmerk of the writer's own: a DMS number, one of the engine's own form (so the
    /// numbering must skip it), one with an accented letter, or one of exactly 64 tekens.
    ///
    /// - Parameter alone: The input is the only one of its command; otherwise a kenmerk of
    ///   the engine's form is taken far ahead, so the inputs numbered in the same command do
    ///   not get it first (which would refuse the whole command).
    func ownID(in state: StoreTrialModel.Process, alone: Bool) -> String {
        let number = serialNumber()
        switch Int.random(in: 0..<5, using: &random) {
        case 0 where alone: return StoreTrialModel.numbered(state.nextNumber + Int.random(in: 0...3, using: &random))
        case 0: return StoreTrialModel.numbered(state.nextNumber + 70_000 + number)
        case 1: return "kenmerk-é-\(number)"
        case 2:
            let head = "K\(number)-"
            return head + String(repeating: "ë", count: 64 - head.unicodeScalars.count)
        default: return "DMS-\(number)"
        }
    }

    func details(_ number: Int) -> PersonalDetails {
        let long = profile.textsAtTheLimit && Int.random(in: 0..<20, using: &random) == 0
        let name = long ? String(repeating: "Ë", count: 1_000) : "Indiener \(number) \"de Ëlla\""
        return PersonalDetails(
            name: name,
            address: Int.random(in: 0..<2, using: &random) == 0 ? "Plein \(number)\n6511 AB Nijmegen" : nil,
            email: Int.random(in: 0..<2, using: &random) == 0 ? "indiener\(number)@example.nl" : nil,
            phone: Int.random(in: 0..<3, using: &random) == 0 ? "024-\(100_000 + number % 900_000)" : nil)
    }

    // MARK: Feedback and sending

    func planFeedback(_ state: StoreTrialModel.Process, single: Bool) -> PlannedCommand {
        var count = single ? 1 : min(drawLines(perLine: 300), state.inputs.count)
        let noteBytes = Int.random(
            in: profile.noteBytes.lowerBound...max(profile.noteBytes.lowerBound, min(profile.noteBytes.upperBound, 2_000)), using: &random)
        if count * (300 + noteBytes) > bytesLeft { count = max(1, bytesLeft / (300 + noteBytes)) }
        // Consecutive inputs from a random place (cheap for 60,000), or a random pick.
        var positions: [Int]
        if count > 100 || Int.random(in: 0..<2, using: &random) == 0 {
            let start = Int.random(in: 0...(state.inputs.count - count), using: &random)
            positions = Array(start..<(start + count))
        } else {
            positions = Array(state.inputs.indices.shuffled(using: &random).prefix(count))
        }
        let verdicts = Verdict.allCases
        let motivation = text(bytes: noteBytes)
        let items = positions.map { position in
            NewFeedback(
                input: InputID(state.inputs[position].id), verdict: verdicts[position % verdicts.count],
                motivation: count > 100 ? motivation : "Antwoord \(serialNumber()): " + text(bytes: noteBytes))
        }
        bytesLeft -= count * (300 + noteBytes)
        return PlannedCommand(
            process: state.id, command: single ? .recordFeedback(items[0]) : .recordFeedbacks(items),
            summary: "\(single ? "recordFeedback" : "recordFeedbacks") \(count) (motivering ~\(noteBytes) B)")
    }

    func planSent(_ state: StoreTrialModel.Process) -> PlannedCommand {
        let day = today.adding(days: -Int.random(in: 0...3, using: &random))
        if Int.random(in: 0..<2, using: &random) == 0 {
            let unsent = state.inputs.filter { $0.verdict != nil && $0.sentOn == nil }.count
            return PlannedCommand(
                process: state.id, command: .markFeedbackSent(.allUnsent, on: day),
                summary: "markFeedbackSent alle onverstuurde (\(unsent)) op \(day.iso)")
        }
        let ready = state.inputs.filter { $0.verdict != nil && $0.sentOn == nil }.map(\.id)
        let count = Int.random(in: 1...ready.count, using: &random)
        var ids = Array(ready.shuffled(using: &random).prefix(count))
        if Int.random(in: 0..<4, using: &random) == 0, let again = ids.first { ids.append(again) }
        return PlannedCommand(
            process: state.id, command: .markFeedbackSent(.inputs(ids.map(InputID.init)), on: day),
            summary: "markFeedbackSent \(ids.count) genoemd op \(day.iso)")
    }

    // MARK: Refusals

    /// A command meant to be refused (the model decides whether it is).
    func planRefusal(_ state: StoreTrialModel.Process) -> PlannedCommand {
        let process = state.id
        func input(_ text: String, id: String? = nil, received: CivilDate? = nil, kind: String = "inspraakreactie") -> NewInput {
            NewInput(id: id.map(InputID.init), kind: InputKindID(kind), text: text, received: received)
        }
        // Contact details go with the refused inputs too: they must not reach personal.jsonl.
        func plan(_ command: Command, _ summary: String) -> PlannedCommand {
            var personal: [PersonalDetails?] = []
            switch command {
            case .addInput: personal = [details(serialNumber())]
            case .addInputs(let inputs): personal = inputs.indices.map { $0 % 2 == 0 ? details(serialNumber()) : nil }
            default: break
            }
            return PlannedCommand(
                process: process, command: command, personal: personal, summary: summary + (personal.isEmpty ? "" : ", met contactgegevens")
            )
        }
        let choice = Int.random(in: 0..<20, using: &random)
        if let existing = state.inputs.randomElement(using: &random) {
            let id = InputID(existing.id)
            switch choice {
            case 0:
                return plan(.addInput(input("Nog een keer", id: existing.id)), "addInput met bestaand kenmerk \(existing.id)")
            case 3:
                let feedback = NewFeedback(input: id, verdict: .deels, motivation: "Twee keer")
                return plan(.recordFeedbacks([feedback, feedback]), "recordFeedbacks met \(existing.id) twee keer")
            case 4:
                let now = existing.verdict == nil ? "onbeantwoord" : existing.sentOn == nil ? "nog niet verstuurd" : "al verstuurd"
                return plan(.markFeedbackSent(.inputs([id]), on: today), "markFeedbackSent van \(existing.id) (\(now))")
            case 6:
                return plan(
                    .withdrawInput(id, reason: "Nogmaals", evidence: "Brief"),
                    "\(existing.id) intrekken (\(existing.withdrawn ? "al ingetrokken" : "nog niet"))")
            case 7:
                let now = existing.contact == nil ? "heeft er geen" : existing.erased ? "al verwijderd" : "heeft ze"
                return plan(.redactPersonalData(id, reason: "Verzoek"), "contactgegevens van \(existing.id) verwijderen (\(now))")
            case 15:
                return plan(
                    .recordFeedback(NewFeedback(input: id, verdict: .kennisgenomen, motivation: "  ")), "recordFeedback zonder motivering")
            default:
                break
            }
        }
        switch choice {
        case 1:
            let id = "DMS-dubbel-\(serialNumber())"
            return plan(
                .addInputs([input("Eerste", id: id), input("Tweede"), input("Derde", id: id)]), "addInputs met kenmerk \(id) twee keer")
        case 2:
            return plan(
                .recordFeedback(NewFeedback(input: InputID("ONBEKEND-\(serialNumber())"), verdict: .deels, motivation: "Waarop?")),
                "recordFeedback op onbekende inbreng")
        case 5:
            return plan(.markFeedbackSent(.allUnsent, on: today.adding(days: 1)), "markFeedbackSent met verzenddatum morgen")
        case 8:
            return PlannedCommand(
                process: "ONBEKEND", command: .addInput(input("Waarheen?")), personal: [details(serialNumber())],
                summary: "addInput met contactgegevens in een proces dat niet bestaat")
        case 9:
            return plan(.addInputs([input("Goed"), input(" \n\t ")]), "addInputs met een lege tekst")
        case 10:
            return plan(.addInput(input("Uit de toekomst", received: today.adding(days: 1))), "addInput ontvangen morgen")
        case 11:
            let head = "K\(serialNumber())-"
            let id = head + String(repeating: "ë", count: 65 - head.unicodeScalars.count)
            return plan(.addInput(input("Lang kenmerk", id: id)), "addInput met kenmerk van 65 tekens")
        case 12:
            return plan(.addInput(input("Regeleinde", id: "K-\(serialNumber())\u{2028}x")), "addInput met regeleinde in het kenmerk")
        case 13:
            return startProcess(process)
        case 14:
            return plan(.addInput(input("Verkeerde soort", kind: "zienswijze")), "addInput van een onbekende soort")
        case 16:
            return plan(.addInputs([]), "addInputs zonder inbreng")
        case 17:
            // The same kenmerk with é written as e + combining accent: canonically equal.
            guard
                let original = state.inputs.first(where: { $0.id.contains("é") })?.id
            else { break }
            let decomposed = original.replacingOccurrences(of: "é", with: "e\u{301}")
            return plan(
                .addInput(input("Zelfde kenmerk, anders geschreven", id: decomposed)), "addInput met kenmerk \(original) als e + accent")
        case 18:
            return planAtTheLimit(state)
        case 19:
            return plan(
                .attachDocument(kind: "reactienota", reference: "Z-\(serialNumber())", date: today.adding(days: 1)),
                "reactienota van morgen toevoegen")
        default:
            break
        }
        return plan(.advance("terInzageLeggen", reason: nil), "nogmaals ter inzage leggen")
    }

    /// Texts, reasons and motivations of exactly the limit and one teken over, counted in
    /// Unicode scalars (an accent written as a combining mark is a teken of its own).
    func planAtTheLimit(_ state: StoreTrialModel.Process) -> PlannedCommand {
        // The small profile tries only one teken over (refused, nothing written): a line of
        // 100,000 tekens would slow every later opening of a debug build.
        let over = profile.textsAtTheLimit ? Int.random(in: 0..<2, using: &random) : 1
        let combining = Int.random(in: 0..<2, using: &random) == 0
        func limitText(_ tekens: Int) -> String {
            combining
                ? String(repeating: "e\u{301}", count: tekens / 2) + (tekens % 2 == 1 ? "x" : "")
                : String(repeating: "ë", count: tekens)
        }
        let how = combining ? "e + accent" : "ë"
        let note = StoreTrialModel.noteLimit + over
        let choice = Int.random(in: 0..<4, using: &random)
        if choice == 1, let target = state.inputs.filter({ !$0.withdrawn }).randomElement(using: &random) {
            return PlannedCommand(
                process: state.id, command: .withdrawInput(InputID(target.id), reason: limitText(note), evidence: "Brief"),
                summary: "\(target.id) intrekken met reden van \(note) tekens (\(how))")
        }
        if choice == 2, let target = state.inputs.randomElement(using: &random) {
            return PlannedCommand(
                process: state.id,
                command: .recordFeedback(NewFeedback(input: InputID(target.id), verdict: .deels, motivation: limitText(note))),
                summary: "recordFeedback op \(target.id) met motivering van \(note) tekens (\(how))")
        }
        if choice == 3, let target = state.inputs.filter({ $0.contact != nil && !$0.erased }).randomElement(using: &random) {
            return PlannedCommand(
                process: state.id, command: .redactPersonalData(InputID(target.id), reason: limitText(note)),
                summary: "contactgegevens van \(target.id) verwijderen met reden van \(note) tekens (\(how))")
        }
        let tekens = StoreTrialModel.textLimit + over
        bytesLeft -= 420 + tekens * 2
        return PlannedCommand(
            process: state.id, command: .addInput(NewInput(kind: "inspraakreactie", text: limitText(tekens))),
            summary: "addInput met tekst van \(tekens) tekens (\(how))")
    }

    // MARK: Text

    /// A reason or motivation.
    func note(what: String) -> String {
        let bytes = Int.random(in: profile.noteBytes.lowerBound...min(profile.noteBytes.upperBound, 500), using: &random)
        return "Reden (\(what)) \(serialNumber()): " + text(bytes: bytes)
    }

    /// About `bytes` bytes of UTF-8 with what JSON must escape (quotes, backslashes, line
    /// ends, controls), letters of two and four bytes, and an accent both precomposed and combining.
    func text(bytes: Int) -> String {
        var result = ""
        result.reserveCapacity(bytes + 16)
        var written = 0
        while written < bytes {
            let piece = Self.pieces[Int(random.next() % UInt64(Self.pieces.count))]
            result += piece
            written += piece.utf8.count
        }
        return result
    }

    static let pieces: [String] = [
        "bomen ", "op het ", "plein ", "parkeren ", "fietsen ", "schaduw ", "spelen ", "de ", "een ", "geluid ", "veilig ",
        "oversteken ", "bankjes ", "groen ", "water ", "café ", "cafe\u{301} ", "ëën ", "straße ", "😀 ", "🚲 ", "\"zo\" ",
        "C:\\pad\\ ", "\n", "\r\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "</script> ", "&amp; ", "\u{2028}", "\u{A0}", "ĳ ",
        "1.000 ", "€ 12,50 ", "a/b ", "{\"json\":1} ",
    ]

    func serialNumber() -> Int {
        serial += 1
        return serial
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
