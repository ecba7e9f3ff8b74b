import Foundation
import ParticipationKit

/// The plain truth a store trial holds every reading of the store to: per process its inputs
/// and what was done with them, and how many journal lines the store has.
///
/// Written from the rules as a person would state them ("a kenmerk that exists is refused",
/// "a new answer replaces the old one and must be sent again", "one line per event"), with
/// dictionaries and arrays and no engine code, so the store and the model agree only when
/// both are right. Only the inspraak workflow's rules are needed: a process starts in
/// `voorbereiding`, goes `terInzage` once an `ontwerp` is attached, and takes
/// `inspraakreactie` inputs in either state.
public struct StoreTrialModel: Sendable {
    /// One input as the model knows it.
    public struct Input: Sendable {
        public var id: String
        public var kind: String
        public var text: String
        public var received: CivilDate
        /// The latest verdict and motivation; `nil` while unanswered.
        public var verdict: Verdict?
        public var motivation: String?
        /// Answers recorded so far (a new one supersedes, both are kept).
        public var answers = 0
        /// The day the latest answer was sent; `nil` when it was not (or a newer answer came).
        public var sentOn: CivilDate?
        public var withdrawn = false
        /// The writer's contact details were erased (AVG).
        public var erased = false
        /// The contact details given with the input, if any.
        public var contact: PersonalDetails?
    }

    /// One process as the model knows it.
    public struct Process: Sendable {
        public var id: String
        /// `terInzage` once advanced, else `voorbereiding`.
        public var underReview = false
        public var designs = 0
        public var documents = 0
        public var inputs: [Input] = []
        /// Positions in `inputs` by id (Swift string equality: canonically equal ids are one id).
        public var positions: [String: Int] = [:]
        /// The number the next input without a kenmerk of its own gets (`R-0001` first).
        public var nextNumber = 1
        /// The journal line of the last event of this process.
        public var lastLine: UInt64 = 0

        func input(_ id: String) -> Input? { positions[id].map { inputs[$0] } }
    }

    /// What the model expects of a command.
    public enum Outcome: Hashable, Sendable, CustomStringConvertible {
        /// Accepted; this many journal lines are written.
        case accepted(lines: Int)
        /// Refused by a rule; nothing is written.
        case refused(String)
        /// The process does not exist; nothing is written.
        case unknownProcess

        public var description: String {
            switch self {
            case .accepted(let lines): "aanvaard, \(lines) \(lines == 1 ? "regel" : "regels")"
            case .refused(let why): "geweigerd (\(why))"
            case .unknownProcess: "geweigerd (proces bestaat niet)"
            }
        }
    }

    public private(set) var processes: [String: Process] = [:]
    /// Journal lines written so far: the store's own first line (`storeCreated`, written with
    /// the first accepted command) and one per event.
    public private(set) var lines: UInt64 = 0

    public init() {}

    /// The longest input text, motivation or reason, and kenmerk, in Unicode scalars (tekens).
    static let textLimit = 100_000
    static let noteLimit = 20_000
    static let idLimit = 64
    /// Inputs named in one `feedbackSent` line.
    static let idsPerSentLine = 10_000

    /// Decides `command` on `process` as the rules say and, when it is accepted, applies it.
    public mutating func run(_ command: Command, on process: String, today: CivilDate, personal: [PersonalDetails?]) -> Outcome {
        if case .start = command {
            if processes[process] != nil { return .refused("proces bestaat al") }
            if lines == 0 { lines += 1 }
            lines += 1
            processes[process] = Process(id: process, lastLine: lines)
            return .accepted(lines: 1)
        }
        guard var state = processes[process] else { return .unknownProcess }
        let outcome = Self.decide(command, in: &state, today: today, personal: personal)
        if case .accepted(let count) = outcome {
            if lines == 0 { lines += 1 }
            lines += UInt64(count)
            state.lastLine = lines
            processes[process] = state
        }
        return outcome
    }

    /// Spoils the model on purpose (the trial's own test: a disagreement must be reported).
    mutating func spoil() {
        guard let id = processes.keys.sorted().first else {
            lines += 1
            return
        }
        if processes[id]?.inputs.isEmpty == false {
            processes[id]?.inputs[0].text += "!"
        } else {
            processes[id]?.documents += 1
        }
    }

    /// Changes `state` as `command` does when the rules accept it; otherwise leaves it.
    private static func decide(_ command: Command, in state: inout Process, today: CivilDate, personal: [PersonalDetails?]) -> Outcome {
        switch command {
        case .start, .tick, .attachPlan, .extendTerm, .extendNamedTerm, .assignInputs:
            return .refused("niet in het model")
        case .attachDocument(let kind, let reference, let date):
            guard ["ontwerp", "reactienota", "kaders"].contains(kind.rawValue) else { return .refused("onbekende documentsoort") }
            if let problem = noteProblem(reference) { return .refused(problem) }
            if let date, date > today { return .refused("documentdatum in de toekomst") }
            state.documents += 1
            if kind == "ontwerp" { state.designs += 1 }
            return .accepted(lines: 1)
        case .advance(let name, _):
            guard name == "terInzageLeggen", !state.underReview else { return .refused("overgang kan niet vanuit deze toestand") }
            guard state.designs > 0 else { return .refused("geen ontwerp") }
            state.underReview = true
            return .accepted(lines: 1)
        case .addInput(let input):
            return addInputs([input], personal: personal, to: &state, today: today)
        case .addInputs(let inputs):
            return addInputs(inputs, personal: personal, to: &state, today: today)
        case .withdrawInput(let id, let reason, let evidence):
            guard let position = state.positions[id.rawValue] else { return .refused("onbekende inbreng") }
            if state.inputs[position].withdrawn { return .refused("al ingetrokken") }
            if let problem = noteProblem(reason) { return .refused(problem) }
            guard let evidence, !isBlank(evidence) else { return .refused("geen verzoek van de indiener") }
            if tekens(evidence) > noteLimit { return .refused("verwijzing te lang") }
            state.inputs[position].withdrawn = true
            return .accepted(lines: 1)
        case .recordFeedback(let feedback):
            return record([feedback], in: &state)
        case .recordFeedbacks(let feedback):
            return record(feedback, in: &state)
        case .markFeedbackSent(let selection, let day):
            return send(selection, on: day, in: &state, today: today)
        case .redactPersonalData(let id, let reason):
            guard let position = state.positions[id.rawValue] else { return .refused("onbekende inbreng") }
            if state.inputs[position].erased { return .refused("al verwijderd") }
            if state.inputs[position].contact == nil { return .refused("geen contactgegevens") }
            if let problem = noteProblem(reason) { return .refused(problem) }
            state.inputs[position].erased = true
            return .accepted(lines: 1)
        }
    }

    private static func addInputs(_ inputs: [NewInput], personal: [PersonalDetails?], to state: inout Process, today: CivilDate) -> Outcome
    {
        if inputs.isEmpty { return .refused("geen inbreng") }
        var problems: [String] = []
        var ids: [String] = []
        var taken: Set<String> = []
        var number = state.nextNumber
        for input in inputs {
            if input.kind != "inspraakreactie" { problems.append("onbekende soort") }
            if isBlank(input.text) { problems.append("lege tekst") }
            if tekens(input.text) > textLimit { problems.append("tekst te lang") }
            if let received = input.received, received > today { problems.append("ontvangen in de toekomst") }
            var id: String
            if let given = input.id?.rawValue {
                id = given
                if isBlank(given) || tekens(given) > idLimit || given.unicodeScalars.contains(where: isLineEnd) {
                    problems.append("ongeldig kenmerk")
                } else if state.positions[given] != nil || taken.contains(given) {
                    problems.append("kenmerk bestaat al")
                }
            } else {
                id = numbered(number)
                while state.positions[id] != nil || taken.contains(id) {
                    number += 1
                    id = numbered(number)
                }
                number += 1
            }
            taken.insert(id)
            ids.append(id)
        }
        if !problems.isEmpty { return .refused(Array(Set(problems)).sorted().joined(separator: ", ")) }
        for (index, input) in inputs.enumerated() {
            let contact = index < personal.count ? personal[index] : nil
            state.positions[ids[index]] = state.inputs.count
            state.inputs.append(
                Input(
                    id: ids[index], kind: input.kind.rawValue, text: input.text, received: input.received ?? today,
                    contact: contact?.isEmpty == false ? contact : nil))
            // A kenmerk of the engine's own form moves the numbering on past it.
            if ids[index].hasPrefix("R-"), let value = Int(ids[index].dropFirst(2)), value >= state.nextNumber {
                state.nextNumber = value + 1
            }
        }
        return .accepted(lines: inputs.count)
    }

    private static func record(_ feedback: [NewFeedback], in state: inout Process) -> Outcome {
        if feedback.isEmpty { return .refused("geen terugkoppeling") }
        var problems: [String] = []
        var seen: Set<String> = []
        for item in feedback {
            if state.positions[item.input.rawValue] == nil { problems.append("onbekende inbreng") }
            if !seen.insert(item.input.rawValue).inserted { problems.append("twee keer in de lijst") }
            if let problem = noteProblem(item.motivation) { problems.append(problem) }
        }
        if !problems.isEmpty { return .refused(Array(Set(problems)).sorted().joined(separator: ", ")) }
        for item in feedback {
            guard let position = state.positions[item.input.rawValue] else { continue }
            state.inputs[position].verdict = item.verdict
            state.inputs[position].motivation = item.motivation
            state.inputs[position].answers += 1
            state.inputs[position].sentOn = nil
        }
        return .accepted(lines: feedback.count)
    }

    private static func send(_ selection: FeedbackSelection, on day: CivilDate, in state: inout Process, today: CivilDate) -> Outcome {
        if day > today { return .refused("verzenddatum in de toekomst") }
        var positions: [Int] = []
        switch selection {
        case .allUnsent:
            positions = state.inputs.indices.filter { state.inputs[$0].verdict != nil && state.inputs[$0].sentOn == nil }
            if positions.isEmpty { return .refused("niets te versturen") }
        case .inputs(let given):
            if given.isEmpty { return .refused("geen inbreng genoemd") }
            var seen: Set<Int> = []
            for id in given {
                guard let position = state.positions[id.rawValue] else { return .refused("onbekende inbreng") }
                if seen.insert(position).inserted { positions.append(position) }
            }
            if positions.contains(where: { state.inputs[$0].verdict == nil }) { return .refused("nog geen antwoord") }
            if positions.contains(where: { state.inputs[$0].sentOn != nil }) { return .refused("al verstuurd") }
        }
        for position in positions { state.inputs[position].sentOn = day }
        return .accepted(lines: (positions.count + idsPerSentLine - 1) / idsPerSentLine)
    }

    /// A reason, motivation or reference must have text and at most 20,000 tekens.
    private static func noteProblem(_ text: String) -> String? {
        if isBlank(text) { return "geen reden" }
        if tekens(text) > noteLimit { return "reden te lang" }
        return nil
    }

    /// Tekens as ``InputLimits`` counts them: Unicode scalars.
    static func tekens(_ text: String) -> Int { text.unicodeScalars.count }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { CharacterSet.whitespacesAndNewlines.contains($0) }
    }

    static func isLineEnd(_ scalar: Unicode.Scalar) -> Bool {
        [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains(scalar.value)
    }

    /// `R-0001`, `R-0123`, `R-12345`.
    static func numbered(_ number: Int) -> String {
        let digits = String(number)
        return "R-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
