import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Random command sequences on every shipped workflow. After every step: no decision with
/// unanswered inputs, no final state with unsent answers, nothing but an erasure accepted once
/// the process is closed, every counter equals a recount, and the events so far (encoded, parsed and decoded again through the journal's line format)
/// replay to the live state.
///
/// The workflows come from the shipped set (`ShippedFilesTests` checks it equals
/// `workflows/`), so a new workflow file is covered without a change here. Each workflow runs
/// all its seeds in one test, which then checks that the seeds reached decisions and final
/// states, with inputs to weigh: a generator that never gets there proves nothing.
@Suite("Properties")
struct PropertyTests {
    static let workflows = ShippedWorkflows.names
    /// To replay one failing seed, put only that one here.
    static let seeds: [UInt64] = Array(1...20)
    /// Commands per seed; a seed that reaches a final state runs a few more and stops.
    static let steps = 240
    static let stepsAfterFinal = 12

    @Test("random command sequences keep the feedback gate, the counters and replay exactly", arguments: workflows)
    func randomSequences(workflow: String) throws {
        let definition = try TestSupport.shipped(workflow)
        var total = Reached()
        for seed in Self.seeds {
            total.add(try Self.run(definition, seed: seed))
        }
        // Without these the invariants above were never put to the test.
        #expect(total.decisionsWeighingInputs > 0, "\(workflow): geen besluit met inbreng bereikt; \(total)")
        #expect(total.finalsWithInputs > 0, "\(workflow): geen eindtoestand met inbreng bereikt; \(total)")
        #expect(total.gateRefusals > 0, "\(workflow): de poort heeft nooit iets tegengehouden; \(total)")
        #expect(total.seedsReachingFinal * 2 >= Self.seeds.count, "\(workflow): te weinig seeds bereiken een eindtoestand; \(total)")
        let transitions = Set(definition.transitions.map(\.name))
        #expect(total.transitionsFired.count * 2 >= transitions.count, "\(workflow): weinig overgangen genomen; \(total)")
    }

    /// What one or more seeds reached.
    struct Reached: CustomStringConvertible {
        var seeds = 0
        var steps = 0
        var accepted = 0
        var decisions = 0
        var decisionsWeighingInputs = 0
        var finals = 0
        var finalsWithInputs = 0
        var seedsReachingFinal = 0
        var timed = 0
        /// Advances refused because an input had no answer, or an answer was not sent.
        var gateRefusals = 0
        var transitionsFired = Set<TransitionName>()

        mutating func add(_ other: Reached) {
            seeds += other.seeds
            steps += other.steps
            accepted += other.accepted
            decisions += other.decisions
            decisionsWeighingInputs += other.decisionsWeighingInputs
            finals += other.finals
            finalsWithInputs += other.finalsWithInputs
            seedsReachingFinal += other.seedsReachingFinal
            timed += other.timed
            gateRefusals += other.gateRefusals
            transitionsFired.formUnion(other.transitionsFired)
        }

        var description: String {
            "\(seeds) seeds, \(steps) stappen (\(accepted) aanvaard), \(decisions) besluiten (\(decisionsWeighingInputs) met inbreng), "
                + "\(finals) eindtoestanden (\(finalsWithInputs) met inbreng, in \(seedsReachingFinal) seeds), \(timed) getimed, "
                + "\(gateRefusals) keer geweigerd om inbreng zonder (verstuurd) antwoord, "
                + "overgangen: \(transitionsFired.map(\.rawValue).sorted().joined(separator: ", "))"
        }
    }

    /// Runs one seed on one workflow, recording an issue (with the seed and the last steps) for
    /// every broken invariant.
    static func run(_ definition: WorkflowDefinition, seed: UInt64) throws -> Reached {
        let workflow = definition.id.rawValue
        var generator = CommandGenerator(definition: definition, seed: seed)
        var harness = ProcessHarness(definition: definition, process: ProcessID("P-\(seed)"))
        var reached = Reached(seeds: 1)
        var trace: [Step] = []
        var now = TestSupport.instant("2026-01-05T09:00:00+01:00")
        let attributes = generator.attributes()
        let opening =
            "start op \(CivilDate(amsterdam: now)), kenmerken: "
            + attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        func fail(_ message: String) {
            let recent: String = trace.suffix(40).map(\.description).joined(separator: "\n")
            Issue.record("\(message)\nworkflow \(workflow), seed \(seed)\n\(opening)\n\(trace.count > 40 ? "…\n" : "")\(recent)")
        }
        harness.start(at: now, by: ActorIdentity(role: definition.roles.keys[0]), attributes: attributes)
        guard harness.state != nil else {
            fail("start geweigerd")
            return reached
        }
        // The state rebuilt from the journal lines so far, one step behind the live one.
        var rebuilt: ProcessState?
        var replayedEvents = 0
        var fastPath = 0
        var recordsRead = 0
        var afterFinal = 0

        for step in 0..<steps {
            guard let before = harness.state else {
                fail("geen toestand")
                break
            }
            if before.isFinal {
                afterFinal += 1
                if afterFinal > stepsAfterFinal { break }
            }
            now = now.addingTimeInterval(generator.pause())
            let (command, actor) = generator.next(in: before, at: now)
            let result = harness.run(command, at: now, by: actor)
            reached.steps += 1
            trace.append(Step(number: step, at: now, state: before.current, role: actor.role, command: command, accepted: result.isSuccess))
            if let refusal = result.refusal {
                if refusal.reasons.isEmpty { fail("weigering zonder reden: \(refusal.summary)") }
                if case .advance = command, refusal.reasons.contains(where: { $0.code == .unanswered || $0.code == .unsent }) {
                    reached.gateRefusals += 1
                }
            }
            guard case .success(let payloads) = result, let after = harness.state else { continue }
            reached.accepted += 1
            // A closed process takes nothing but an erasure of contact details.
            if before.isFinal, payloads.contains(where: { if case .personalDataRedacted = $0 { false } else { true } }) {
                fail("afgesloten proces nam \(describe(command)) aan")
            }

            // The gate, checked on the records rather than on the counters.
            for payload in payloads {
                guard case .transitioned(let moved) = payload else { continue }
                reached.transitionsFired.insert(moved.transition)
                if moved.timed { reached.timed += 1 }
                let weighed = before.inputs.contains { $0.countsForGate }
                if moved.decision {
                    reached.decisions += 1
                    if weighed { reached.decisionsWeighingInputs += 1 }
                    // A decision by a role points are routed to waits for its own points only.
                    let route = harness.engine.routeScope(to: moved.to, by: actor.role)
                    if before.inputs.contains(where: { $0.isUnanswered && (route == nil || $0.route == nil || $0.route == route) }) {
                        fail("besluit \(moved.transition) met onbeantwoorde inbreng")
                    }
                }
                if definition.states[moved.to]?.isFinal == true {
                    reached.finals += 1
                    if weighed { reached.finalsWithInputs += 1 }
                    if before.inputs.contains(where: \.isUnsent) { fail("eindtoestand \(moved.to) met onverstuurde antwoorden") }
                }
            }
            // What the history keeps of those moments.
            for record in after.history.dropFirst(before.history.count) {
                let final = definition.states[record.to]?.isFinal == true
                if record.decision || final, record.unansweredAtThatMoment != 0 {
                    fail("geschiedenis toont \(record.transition) met \(record.unansweredAtThatMoment) onbeantwoord")
                }
                if final, record.unsentAtThatMoment != 0 {
                    fail("geschiedenis toont \(record.to) met \(record.unsentAtThatMoment) onverstuurd")
                }
                let answeredByOwner = record.answeredByOwner.values.reduce(0, +)
                if record.decision, answeredByOwner != record.inputsWeighed - record.unansweredAtThatMoment {
                    fail(
                        "besluit \(record.transition) noemt \(answeredByOwner) antwoorden per behandelaar, niet \(record.inputsWeighed - record.unansweredAtThatMoment)"
                    )
                }
            }
            if let problem = recount(after) { fail(problem) }

            // Replay through the journal's own line format equals the live state. Of a command
            // with many events (thousands of signatures in one import) the first and last few
            // go through the line format; the rest, of the same shape, are applied as they are.
            let new = harness.events.dropFirst(replayedEvents)
            for (offset, event) in new.enumerated() {
                guard offset < 32 || offset >= new.count - 32 else {
                    harness.engine.apply(event, to: &rebuilt)
                    continue
                }
                var bytes = Array(#"{"v":1,"seq":1,"more":0,"#.utf8)
                bytes += EventCoding.encode(event)
                // The one-pass reader either declines or reads exactly what the general one reads.
                let body = bytes[...]
                let general = try EventCoding.decodeGenerally(body: body)
                if general != event { fail("de algemene lezer leest \(event.payload) anders") }
                if let fast = body.withUnsafeBufferPointer({ EventLineDecoder.decode(body: $0) }) {
                    if fast != general { fail("de snelle lezer leest \(event.payload) anders") }
                    fastPath += 1
                }
                bytes.append(UInt8(ascii: "}"))
                let decoded = try EventCoding.decode(bytes)
                if decoded != event { fail("de journaalregel leest \(event.payload) anders") }
                // Replay reads an input's line straight into its record, and applies that.
                switch try EventCoding.decodeForReplay(body: body) {
                case .input(let record, let process, let recorded):
                    guard case .inputReceived(let received) = event.payload,
                        record == ProcessEngine.record(of: received, at: event.at, by: event.actor), process == event.process,
                        recorded == event.recorded
                    else {
                        fail("het herafspelen leest \(event.payload) als een ander record")
                        break
                    }
                    recordsRead += 1
                    if var state = rebuilt {
                        rebuilt = nil
                        harness.engine.applyReceived(record, recorded: recorded, to: &state)
                        rebuilt = state
                    }
                case .event(let replayed):
                    if replayed != event { fail("het herafspelen leest \(event.payload) anders") }
                    harness.engine.apply(replayed, to: &rebuilt)
                }
            }
            replayedEvents = harness.events.count
            if rebuilt != after { fail("herhaling uit het journaal wijkt af van de toestand") }
            if after.isFinal, !before.isFinal {
                reached.seedsReachingFinal += 1
            }
        }
        // Replay from the events alone, from scratch, equals the live state.
        if harness.replayed() != harness.state { fail("herhaling van alle gebeurtenissen wijkt af") }
        if fastPath == 0 || recordsRead == 0,
            harness.events.contains(where: { if case .inputReceived = $0.payload { true } else { false } })
        {
            fail("de snelle lezer las geen enkele inbreng (\(fastPath) gebeurtenissen, \(recordsRead) records)")
        }
        return reached
    }

    /// One step of the trace, put into words only when a check fails.
    struct Step: CustomStringConvertible {
        var number: Int
        var at: Date
        var state: StateID
        var role: RoleID
        var command: Command
        var accepted: Bool

        var description: String {
            "\(number): \(CivilDate(amsterdam: at)) \(state) \(role) \(PropertyTests.describe(command)) -> \(accepted ? "ok" : "geweigerd")"
        }
    }

    /// A command for the trace; of a batch, the size and the first item.
    static func describe(_ command: Command) -> String {
        switch command {
        case .addInputs(let inputs) where inputs.count > 3:
            "addInputs(\(inputs.count) × \(inputs[0].kind), first: \(inputs[0]))"
        case .recordFeedbacks(let feedback) where feedback.count > 3:
            "recordFeedbacks(\(feedback.count), first: \(feedback[0]))"
        case .markFeedbackSent(.inputs(let ids), let day) where ids.count > 3:
            "markFeedbackSent(\(ids.count) inputs, first: \(ids[0]), on: \(day))"
        default:
            "\(command)".replacingOccurrences(of: "ParticipationKit.", with: "")
        }
    }

    /// Every counter of the state recounted from its records; a description of the first
    /// difference, or `nil`.
    static func recount(_ state: ProcessState) -> String? {
        var total = 0, gate = 0, answered = 0, sent = 0, late = 0, outOfScope = 0, withdrawn = 0, exempt = 0
        var perKind: [InputKindID: Int] = [:]
        var perOwner: [String: Int] = [:]
        var pointsPerRoute: [String: PointTally] = [:]
        for input in state.inputs {
            if input.isPoint {
                // A point needs its own answer; the letter it belongs to is the piece of inbreng.
                var tally = pointsPerRoute[input.route?.rawValue ?? "", default: PointTally()]
                tally.total += 1
                if input.countsForGate {
                    gate += 1
                    tally.needing += 1
                    if let feedback = input.currentFeedback {
                        answered += 1
                        tally.answered += 1
                        perOwner[feedback.owner ?? "", default: 0] += 1
                    }
                    if input.isSent {
                        sent += 1
                        tally.sent += 1
                    }
                }
                pointsPerRoute[input.route?.rawValue ?? ""] = tally
                continue
            }
            total += 1
            if input.countsForGate {
                gate += 1
                if let feedback = input.currentFeedback {
                    answered += 1
                    perOwner[feedback.owner ?? "", default: 0] += 1
                }
                if input.isSent { sent += 1 }
            }
            if input.late { late += 1 }
            if input.outOfScope { outOfScope += 1 }
            if input.isWithdrawn { withdrawn += 1 } else { perKind[input.kind, default: 0] += 1 }
            if !input.needsFeedback { exempt += 1 }
        }
        var documentsPerKind: [DocumentKindID: Int] = [:]
        for document in state.documents { documentsPerKind[document.kind, default: 0] += 1 }
        let counts = state.counts
        let expected: [(String, Int, Int)] = [
            ("total", counts.total, total),
            ("needingFeedback", counts.needingFeedback, gate),
            ("answered", counts.answered, answered),
            ("sent", counts.sent, sent),
            ("late", counts.late, late),
            ("outOfScope", counts.outOfScope, outOfScope),
            ("withdrawn", counts.withdrawn, withdrawn),
            // Counted at receipt, like total, late and outOfScope: withdrawn ones stay in.
            ("exempt", counts.exempt, exempt),
        ]
        for (name, counter, recounted) in expected where counter != recounted {
            return "teller \(name) is \(counter), hertelling \(recounted)"
        }
        if counts.perKind.filter({ $0.value != 0 }) != perKind {
            return "teller perKind is \(counts.perKind), hertelling \(perKind)"
        }
        if counts.pointsPerRoute != pointsPerRoute {
            return "teller pointsPerRoute is \(counts.pointsPerRoute), hertelling \(pointsPerRoute)"
        }
        if counts.answeredPerOwner != perOwner {
            return "teller answeredPerOwner is \(counts.answeredPerOwner), hertelling \(perOwner)"
        }
        if counts.documentsPerKind.filter({ $0.value != 0 }) != documentsPerKind {
            return "teller documentsPerKind is \(counts.documentsPerKind), hertelling \(documentsPerKind)"
        }
        return nil
    }
}

/// Makes commands that fit one workflow: its input kinds, documents, transitions, roles and
/// attributes.
///
/// About half steer: they pick a transition that can start in the current state and supply
/// what it lacks (a document, an answer, a sent answer, inputs, a tick for a timed one), or
/// fire it by one of its roles. The others probe: any transition, any role, unknown kinds,
/// blank texts, duplicate ids, dates in the future; most of those are refused.
private struct CommandGenerator {
    let definition: WorkflowDefinition
    private var random: SeededGenerator
    private let roles: [RoleID]
    private var references = 0
    private var goal: (state: StateID, transition: Transition)?
    /// Whether this seed imports thousands of inputs when a requirement asks for them (a
    /// referendum request needs 4,000 signatures); only some do, as every later step costs
    /// time in proportion to the inputs.
    private let importsThousands: Bool

    init(definition: WorkflowDefinition, seed: UInt64) {
        self.definition = definition
        // The name goes into the seed, so the workflows do not all walk in step.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in definition.id.rawValue.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        random = SeededGenerator(seed: (seed &* 7919) ^ hash)
        roles = definition.roles.keys
        importsThousands = random.next() % 4 == 0
    }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    private mutating func pick<T>(_ options: [T]) -> T? { options.randomElement(using: &random) }
    private mutating func role() -> RoleID { pick(roles) ?? .system }
    private mutating func reference() -> String {
        references += 1
        return "Z-2026-\(references)"
    }
    private mutating func digest() -> String {
        (0..<4).map { _ in String(random.next(), radix: 16).leftPadded(to: 16) }.joined()
    }

    private static let texts = [
        "Meer groen graag.", "Te weinig parkeerplaatsen.", "  ", "Prima plan", String(repeating: "lang ", count: 50),
        "Zoë vraagt: \"waarom?\"\nTweede regel.",
    ]
    private static let motivations = ["Zo overgenomen in het plan.", "Past niet binnen de kaders.", "", "Doorgestuurd naar team Verkeer."]
    /// Behandelaars, one of them also in other spellings, and one that cannot be one.
    private static let owners = ["Afdeling Verkeer", "afdeling  verkeer", "Team Groen", "Wijkzaken", " ", "Twee\nregels"]

    /// The attributes at start: every required one, some optional ones, from the allowed values.
    mutating func attributes() -> [AttributeName: String] {
        var result: [AttributeName: String] = [:]
        for (name, spec) in definition.attributes where spec.required || chance(50) {
            // A budget large enough that random grants rarely reach it.
            result[name] =
                spec.isAmount ? "€ 10.000.000,00" : pick(spec.values ?? []) ?? "wijk-\(Int.random(in: 1...4, using: &random))"
        }
        return result
    }

    /// Seconds until the next command: mostly up to four days, now and then two months, at
    /// any time of day (so also just before and after midnight in Amsterdam).
    mutating func pause() -> TimeInterval {
        let days = chance(3) ? Int.random(in: 20...70, using: &random) : Int.random(in: 0...3, using: &random)
        return Double(days * 86_400 + Int.random(in: 0..<86_400, using: &random))
    }

    mutating func next(in state: ProcessState, at now: Date) -> (Command, ActorIdentity) {
        let today = CivilDate(amsterdam: now)
        if chance(45), let (command, role) = steer(state, today: today) {
            return (command, ActorIdentity(role: role))
        }
        let actor = ActorIdentity(role: chance(8) ? .system : role())
        return (probe(state, today: today), actor)
    }

    // MARK: Steering

    private mutating func steer(_ state: ProcessState, today: CivilDate) -> (Command, RoleID)? {
        // Inputs the current state accepts, so that decisions have something to weigh.
        let accepts = definition.states[state.current]?.accepts ?? []
        if let kind = pick(accepts), chance(25) {
            return (.addInput(newInput(kind: kind, received: today.adding(days: -Int.random(in: 0...3, using: &random)))), role())
        }
        guard let transition = goal(in: state.current) else { return nil }
        if transition.isTimed { return (.tick, .system) }
        let needs = definition.effectiveRequirements(of: transition).flatMap { help($0, in: state, today: today) }
        // Now and then it tries before everything is in place: the gate must hold it back.
        if let need = pick(needs), !chance(20) { return (need.command, need.role ?? role()) }
        return (.advance(transition.name, reason: "Afgewogen in het raadsvoorstel."), pick(transition.by) ?? role())
    }

    /// The transition to steer towards from a state: kept until the state changes, so that
    /// its requirements are met one after another. One that can start anywhere (the noodrem)
    /// is chosen rarely, or every process would stop early.
    private mutating func goal(in current: StateID) -> Transition? {
        if let goal, goal.state == current, !chance(10) { return goal.transition }
        let options = definition.transitions(from: current)
        let forward = options.filter { if case .states = $0.from { true } else { false } }
        guard let chosen = (forward.isEmpty || chance(5)) ? pick(options) : pick(forward) else { return nil }
        goal = (current, chosen)
        return chosen
    }

    /// A command that would help meet a requirement, and the role it needs (`nil`: any).
    typealias Need = (command: Command, role: RoleID?)

    /// Commands that would meet a requirement that is not met; empty when it is met or only
    /// time can meet it.
    private mutating func help(_ requirement: Requirement, in state: ProcessState, today: CivilDate) -> [Need] {
        switch requirement {
        case .document(let condition):
            let engine = ProcessEngine(definition: definition)
            if state.documents(of: condition.kind).contains(where: { engine.meets($0, condition, in: state) }) { return [] }
            // Dated the day before a moment it must precede, once that moment has happened.
            let date = condition.before.flatMap { state.occurrence(of: $0, last: false) }.map { $0.day.adding(days: -1) }
            return [(.attachDocument(kind: condition.kind, reference: reference(), date: date), pick(condition.by))]
        case .verdicts(let condition):
            let failing = state.inputs.filter {
                condition.kinds.contains($0.kind) && !$0.isWithdrawn
                    && $0.currentFeedback.map { !condition.allowed.contains($0.verdict) } == true
            }
            guard let one = pick(failing), let verdict = pick(condition.allowed) else { return [] }
            return [(.recordFeedback(NewFeedback(input: one.id, verdict: verdict, motivation: "Overgenomen in het besluit.")), nil)]
        case .allAnswered:
            return answer(state.inputs.filter(\.isUnanswered).map(\.id), in: state)
        case .allAnswersSent:
            let unsent = state.inputs.filter(\.isUnsent)
            let unanswered = unsent.filter { !$0.isAnswered }.map(\.id)
            if !unanswered.isEmpty { return answer(unanswered, in: state) }
            if unsent.isEmpty { return [] }
            if chance(50) { return [(.markFeedbackSent(.allUnsent, on: today), nil)] }
            return [(.markFeedbackSent(.inputs(Array(unsent.map(\.id).shuffled(using: &random).prefix(3))), on: today), nil)]
        case .atLeast(let kind, let count):
            let missing = count - state.inputs.count(where: { $0.kind == kind && $0.countsTowardThreshold })
            if missing <= 0 { return [] }
            if missing == 1 { return [(.addInput(newInput(kind: kind, received: today)), nil)] }
            if missing > 100, !importsThousands { return [] }
            let batch = missing > 20 ? missing : Int.random(in: 1...missing, using: &random)
            return [(.addInputs((0..<batch).map { _ in newInput(kind: kind, received: today) }), nil)]
        case .reason, .windowClosed, .elapsed, .withinBudget:
            return []
        case .planComplete:
            return state.planComplete ? [] : [(.attachPlan(digest: digest(), complete: true), nil)]
        case .when(let attribute, let value, let inner):
            return state.attributes[attribute] == value ? help(inner, in: state, today: today) : []
        case .anyOf(let options):
            var helps: [[Need]] = []
            for option in options { helps.append(help(option, in: state, today: today)) }
            return helps.contains(where: \.isEmpty) ? [] : pick(helps) ?? []
        }
    }

    /// Answers one of these inputs, or (now and then) all of them in one import.
    private mutating func answer(_ ids: [InputID], in state: ProcessState) -> [Need] {
        guard let one = pick(ids) else { return [] }
        if ids.count > 1, chance(30) {
            return [(.recordFeedbacks(ids.map { feedback(on: $0, in: state) }), nil)]
        }
        return [(.recordFeedback(feedback(on: one, in: state)), nil)]
    }

    /// An answer with a random verdict; `deels` on an input that asked for an amount grants half of it.
    private mutating func feedback(on id: InputID, in state: ProcessState) -> NewFeedback {
        let verdict = pick(Verdict.allCases) ?? .deels
        let asked = state.input(id)?.requestedAmount
        return NewFeedback(
            input: id, verdict: verdict, motivation: "Beantwoord in de nota.",
            amount: verdict == .deels ? asked.map { max(1, $0 / 2) } : nil)
    }

    private mutating func newInput(
        kind: InputKindID, received: CivilDate, id: InputID? = nil, text: String = "Graag een zebrapad bij de school."
    ) -> NewInput {
        // A kind with points (a letter, a zienswijze) gets some now and then, each with a route or none.
        var points: [NewPoint] = []
        if let spec = definition.inputKinds[kind]?.points, chance(50) {
            points = (0..<Int.random(in: 1...3, using: &random)).map { number in
                NewPoint(text: "Punt \(number + 1).", route: pick(spec.routes.map(Optional.some) + [nil]) ?? nil)
            }
        }
        return NewInput(
            id: id, kind: kind, text: text, received: received, channel: chance(30) ? "e-mail" : nil,
            theme: chance(30) ? "verkeer" : nil, publicName: chance(10) ? "Buurtvereniging Oost" : nil,
            personalDigest: chance(40) ? digest() : nil, owner: chance(30) ? pick(Self.owners) : nil,
            amount: definition.inputKinds[kind]?.amount != nil ? Int.random(in: 1...500_000, using: &random) : nil, points: points)
    }

    // MARK: Probing

    /// One of these inputs, or one that does not exist.
    private mutating func anyID(_ inputs: [InputRecord]) -> InputID {
        chance(5) || inputs.isEmpty ? "R-9999" : inputs[Int.random(in: 0..<inputs.count, using: &random)].id
    }

    /// Up to `count` inputs, at random; duplicates possible.
    private mutating func someIDs(_ inputs: [InputRecord], count: Int) -> [InputID] {
        (0..<count).map { _ in anyID(inputs) }
    }

    private mutating func probe(_ state: ProcessState, today: CivilDate) -> Command {
        let inputs = state.inputs
        let kinds = definition.inputKinds.keys + ["onbekend"]
        let documents = definition.documents.keys + ["onbekend"]
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<24:
            let id: InputID? = chance(70) ? nil : (chance(50) ? anyID(inputs) : InputID("DMS-\(Int.random(in: 1...30, using: &random))"))
            let received = today.adding(days: Int.random(in: -20...1, using: &random))
            return .addInput(newInput(kind: pick(kinds) ?? "x", received: received, id: id, text: pick(Self.texts) ?? "x"))
        case 24..<28:
            let count = Int.random(in: 1...5, using: &random)
            return .addInputs((0..<count).map { _ in newInput(kind: pick(kinds) ?? "x", received: today, text: pick(Self.texts) ?? "x") })
        case 28..<44:
            let verdict = pick(Verdict.allCases) ?? .deels
            return .recordFeedback(NewFeedback(input: anyID(inputs), verdict: verdict, motivation: pick(Self.motivations) ?? "x"))
        case 44..<48:
            let chosen = someIDs(inputs, count: Int.random(in: 1...4, using: &random))
            return .recordFeedbacks(
                chosen.map { NewFeedback(input: $0, verdict: pick(Verdict.allCases) ?? .deels, motivation: pick(Self.motivations) ?? "x") })
        case 48..<56:
            let day = today.adding(days: chance(10) ? 1 : -Int.random(in: 0...3, using: &random))
            if chance(50) { return .markFeedbackSent(.allUnsent, on: day) }
            return .markFeedbackSent(.inputs(someIDs(inputs, count: Int.random(in: 1...3, using: &random))), on: day)
        case 56..<64:
            return .attachDocument(kind: pick(documents) ?? "x", reference: chance(10) ? " " : reference())
        case 64..<66:
            return .attachPlan(digest: chance(10) ? "geen-hash" : digest(), complete: chance(50))
        case 66..<87:
            let names = definition.transitions.map(\.name) + ["bestaatNiet"]
            let reason = chance(50) ? "Omdat het moet." : (chance(50) ? " " : nil)
            return .advance(pick(names) ?? "x", reason: reason)
        case 87..<91:
            return .withdrawInput(
                anyID(inputs), reason: chance(90) ? "Ingetrokken per brief" : "", evidence: chance(90) ? "Brief van de indiener" : nil)
        case 91..<94:
            return .extendTerm(days: Int.random(in: 0...20, using: &random), reason: "Zomervakantie")
        case 94..<96:
            return .redactPersonalData(anyID(inputs), reason: "Verzoek van de indiener")
        case 96..<98:
            let reason = chance(50) ? "Hoort bij een andere afdeling." : nil
            return .assignInputs(
                someIDs(inputs, count: Int.random(in: 0...3, using: &random)), to: pick(Self.owners) ?? "x", reason: reason)
        default:
            return .tick
        }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
