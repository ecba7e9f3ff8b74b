/// A workflow definition: the states, transitions, roles and rules of one kind of
/// participation process, read from a workflow file (format version 1, DESIGN §4).
public struct WorkflowDefinition: Hashable, Sendable {
    /// The newest workflow file format this version of the engine reads.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var id: WorkflowID
    public var version: String
    public var title: String
    /// A summary at B1 level for residents.
    public var summary: String?
    public var legalBasis: [String]
    /// The term rule used for timed transitions, windows and answer deadlines.
    public var calendar: TermRule
    public var roles: Keyed<RoleID, RoleSpec>
    public var attributes: Keyed<AttributeName, AttributeSpec>
    public var inputKinds: Keyed<InputKindID, InputKindSpec>
    public var documents: Keyed<DocumentKindID, String>
    public var initial: StateID
    public var states: Keyed<StateID, StateSpec>
    public var transitions: [Transition]
    /// Named terms that run from an outside date, such as the beslistermijn from the receipt of
    /// the aanvraag (`"terms"`); empty when the file has none.
    public var terms: Keyed<TermName, TermSpec>

    public init(
        formatVersion: Int = WorkflowDefinition.currentFormatVersion, id: WorkflowID, version: String,
        title: String, summary: String? = nil, legalBasis: [String] = [], calendar: TermRule = .atw,
        roles: Keyed<RoleID, RoleSpec>, attributes: Keyed<AttributeName, AttributeSpec> = Keyed(),
        inputKinds: Keyed<InputKindID, InputKindSpec>, documents: Keyed<DocumentKindID, String> = Keyed(),
        initial: StateID, states: Keyed<StateID, StateSpec>, transitions: [Transition],
        terms: Keyed<TermName, TermSpec> = Keyed()
    ) {
        self.formatVersion = formatVersion
        self.id = id
        self.version = version
        self.title = title
        self.summary = summary
        self.legalBasis = legalBasis
        self.calendar = calendar
        self.roles = roles
        self.attributes = attributes
        self.inputKinds = inputKinds
        self.documents = documents
        self.initial = initial
        self.states = states
        self.transitions = transitions
        self.terms = terms
    }
}

/// A role that may act in a process, such as `projectleider`, `college` or `raad`.
public struct RoleSpec: Hashable, Sendable {
    public var label: String
    /// Whether this role may take decisions (besluiten). `college` and `raad` always may.
    public var decides: Bool

    public init(label: String, decides: Bool = false) {
        self.label = label
        self.decides = decides
    }
}

/// A process attribute set at start, such as `impact` (`laag`, `midden`, `hoog`).
public struct AttributeSpec: Hashable, Sendable {
    public var label: String?
    /// The allowed values; `nil` allows any text.
    public var values: [String]?
    public var required: Bool
    /// What the value is: any text (the default) or an amount in euros (`"type": "amount"`),
    /// kept as whole cents.
    public var type: AttributeType

    public init(label: String? = nil, values: [String]? = nil, required: Bool = false, type: AttributeType = .text) {
        self.label = label
        self.values = values
        self.required = required
        self.type = type
    }

    /// Whether the value is an amount in euros.
    public var isAmount: Bool { type == .amount }
}

/// What a process attribute holds.
public enum AttributeType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Text, optionally one of the attribute's `values`.
    case text
    /// An amount in euros, such as a kern's budget: given as `40.000` or `€ 40.000,00`, kept
    /// as whole cents (``EuroAmount``).
    case amount
}

/// Whether an input of a kind names an amount: the amount asked for, for example in an
/// application for a wijkbudget.
public enum AmountPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every input of the kind names the amount asked for.
    case required
    /// An input of the kind may name an amount.
    case optional
}

/// Whether inputs of a kind need feedback before a decision.
public enum FeedbackPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every input needs a verdict and a motivation (the default).
    case required
    /// Exempt, for example signatures counted for a referendum request; reported as such.
    case none
}

/// A kind of citizen input: inspraakreactie, zienswijze, brief, signaal, advies, uitdaging.
public struct InputKindSpec: Hashable, Sendable {
    public var label: String
    /// The label in the plural ("Ideeën" for "Idee"), for counts in reports; optional. Without
    /// it a report uses the regular plural of the label where that is beyond doubt
    /// (``DutchNoun/regularPlural(of:)``), and otherwise counts in "stuks inbreng".
    public var pluralLabel: String?
    public var feedback: FeedbackPolicy
    /// The municipality's own deadline for feedback, counted from receipt.
    public var answerWithin: TermLength?
    /// Why inputs of this kind need no answer of their own (only with ``FeedbackPolicy/none``),
    /// for example "De handtekening zelf vraagt geen antwoord; het verzoek als geheel krijgt
    /// het besluit." An exemption from the gate must be explained (PK035).
    public var feedbackReason: String?
    /// The behandelaar (owner) a new input of this kind gets when it is registered without
    /// one: a department, team or employee, for example "Afdeling Verkeer". It comes before
    /// the state's ``StateSpec/owner``.
    public var owner: String?
    /// Whether inputs of this kind name an amount asked for (`"amount": "required"`); `nil`
    /// when they name none. An answer that grants (part of) such an input names the amount
    /// granted, never more than was asked.
    public var amount: AmountPolicy?
    /// Whether one input of this kind can hold several points (`"points"`), each with its own
    /// answer, owner and route; `nil` when it cannot. A letter to the raad is the example: the
    /// letter is the input, each point gets its own answer, and the letter is answered when
    /// every point is.
    public var points: PointsSpec?

    public init(
        label: String, pluralLabel: String? = nil, feedback: FeedbackPolicy = .required, answerWithin: TermLength? = nil,
        feedbackReason: String? = nil, owner: String? = nil, amount: AmountPolicy? = nil, points: PointsSpec? = nil
    ) {
        self.label = label
        self.pluralLabel = pluralLabel
        self.feedback = feedback
        self.answerWithin = answerWithin
        self.feedbackReason = feedbackReason
        self.owner = owner
        self.amount = amount
        self.points = points
    }

    /// The kind as a noun to count with, small first letter: "1 idee", "3 ideeën". The plural is
    /// the plural label, else the regular plural of the label, else "stuks inbreng (label)" —
    /// never a guessed form such as "voorstels".
    public var noun: DutchNoun {
        let singular = DutchNoun.lowercasingFirst(label)
        if let pluralLabel = pluralLabel?.trimmingCharacters(in: .whitespaces), !pluralLabel.isEmpty {
            return DutchNoun(singular, DutchNoun.lowercasingFirst(pluralLabel))
        }
        if let regular = DutchNoun.regularPlural(of: label) { return DutchNoun(singular, DutchNoun.lowercasingFirst(regular)) }
        return DutchNoun(singular, "stuks inbreng (\(singular))")
    }
}

extension WorkflowDefinition {
    /// Every role a point of some input kind may be routed to (``PointsSpec/routes``).
    public var pointRoutes: Set<RoleID> {
        Set(inputKinds.values.flatMap { $0.points?.routes ?? [] })
    }
}

/// How the inputs of a kind are split into points (`"points": {"routes": ["college", "raad"]}`).
public struct PointsSpec: Hashable, Sendable {
    /// The roles a point may be routed to (for example `college` and `raad`): the role that
    /// answers it. A decision taken by one of these roles waits only for the points routed to
    /// it and the points without a route; closing waits for every point. Empty: points have no
    /// route.
    public var routes: [RoleID]

    public init(routes: [RoleID] = []) { self.routes = routes }
}

/// One of Nijmegen's four participation phases (Tienpuntenplan point 4).
public enum Phase: String, Hashable, Sendable, Codable, CaseIterable {
    /// (Samen) denken: collect or combine ideas.
    case denken
    /// Besluiten: reach a decision everyone can live with.
    case besluiten
    /// Doen: do something of value together.
    case doen
    /// Leren: learn what went well and what did not.
    case leren
}

/// A rung of the participatieladder: how much say participants have in a state.
public enum Level: String, Hashable, Sendable, Codable, CaseIterable {
    /// Informeren: residents are told.
    case informeren
    /// Raadplegen: residents are asked for their views.
    case raadplegen
    /// Adviseren: residents advise.
    case adviseren
    /// Coproduceren: residents and municipality make it together.
    case coproduceren
    /// Meebeslissen: residents decide along.
    case meebeslissen
}

/// A period during which a state accepts inputs, such as six weeks ter inzage.
public struct WindowSpec: Hashable, Sendable {
    public var length: TermLength
    public var startsOn: TermStart
    /// The term rule; `nil` uses the workflow's calendar.
    public var rule: TermRule?
    /// Where the length comes from (a law, an ordinance), or ``WindowSpec/modelSource`` for a
    /// length this file proposes that no source sets; `nil` when the file does not say.
    public var source: String?

    public init(length: TermLength, startsOn: TermStart = .entry, rule: TermRule? = nil, source: String? = nil) {
        self.length = length
        self.startsOn = startsOn
        self.rule = rule
        self.source = source
    }

    /// `"source": "model"`: a length the workflow proposes, to be set by the municipality's own
    /// ordinance; no law or ordinance in hand sets it.
    public static let modelSource = "model"

    /// Whether the length is a model value rather than one a source sets.
    public var isModel: Bool { source == Self.modelSource }
}

/// A state of a process.
public struct StateSpec: Hashable, Sendable {
    public var label: String
    public var phase: Phase?
    public var level: Level?
    /// Input kinds that may be submitted while in this state.
    public var accepts: [InputKindID]
    public var window: WindowSpec?
    public var isFinal: Bool
    /// The outcome of a final state, for example `vastgesteld` or `gestopt`.
    public var outcome: String?
    /// What this state is for, in a sentence.
    public var goal: String?
    /// The behandelaar (owner) an input registered in this state gets when neither the input
    /// nor its kind (``InputKindSpec/owner``) names one, for example "Griffie".
    public var owner: String?

    public init(
        label: String, phase: Phase? = nil, level: Level? = nil, accepts: [InputKindID] = [],
        window: WindowSpec? = nil, isFinal: Bool = false, outcome: String? = nil, goal: String? = nil, owner: String? = nil
    ) {
        self.label = label
        self.phase = phase
        self.level = level
        self.accepts = accepts
        self.window = window
        self.isFinal = isFinal
        self.outcome = outcome
        self.goal = goal
        self.owner = owner
    }

    /// The outcome of the noodrem: a process stopped by the raad.
    public static let stoppedOutcome = "gestopt"
}

/// Where a transition may start.
public enum TransitionSource: Hashable, Sendable {
    /// `"*"`: every non-final state except the target itself and the states in the
    /// transition's ``Transition/except``.
    case anyState
    case states([StateID])
}

/// A named step from one state to another.
public struct Transition: Hashable, Sendable {
    public var name: TransitionName
    public var label: String?
    public var from: TransitionSource
    public var to: StateID
    /// Roles that may fire it; empty for a timed transition.
    public var by: [RoleID]
    /// Whether this transition is a besluit (decision).
    public var decision: Bool
    /// The requirements as written in the file (the engine adds its own, see
    /// ``WorkflowDefinition/effectiveRequirements(of:)``).
    public var requires: [Requirement]
    /// Makes the transition timed: it fires by itself once this term has passed since the
    /// state was entered.
    public var after: TermLength?
    /// Makes the transition timed on a named term (`"after": {"term": T}`): it fires by itself
    /// once the last day of that term (with any verdaging) has passed.
    public var afterTerm: TermName?
    /// With `"from": "*"`: the states the wildcard does not cover, such as a state after a
    /// rejection that only waits to be closed. Always empty for a list of states.
    public var except: [StateID]

    public init(
        name: TransitionName, label: String? = nil, from: TransitionSource, to: StateID, by: [RoleID],
        decision: Bool = false, requires: [Requirement] = [], after: TermLength? = nil, except: [StateID] = [],
        afterTerm: TermName? = nil
    ) {
        self.name = name
        self.label = label
        self.from = from
        self.to = to
        self.by = by
        self.decision = decision
        self.requires = requires
        self.after = after
        self.except = except
        self.afterTerm = afterTerm
    }

    /// Whether this transition fires by itself after a term.
    public var isTimed: Bool { after != nil || afterTerm != nil }
}

/// A moment in the life of a process that a document can be required to come before or after.
public enum Moment: Hashable, Sendable {
    /// `{"firstInput": K}` or `{"firstInput": [K, …]}`: the first input of one of these kinds
    /// came in (the earliest received date; on the same day, the earliest registered). A list
    /// lets a term start at whichever kind came first, such as a loose point or a letter with
    /// points. Never empty.
    case firstInput([InputKindID])
    /// `{"entered": S}`: state S was entered. `before` means the first time, `after` the
    /// last time (a state can be entered again).
    case entered(StateID)

    /// `{"firstInput": K}`: the first input of one kind.
    public static func firstInput(_ kind: InputKindID) -> Moment { .firstInput([kind]) }
}

/// The outside event a named term runs from.
public enum TermOrigin: Hashable, Sendable {
    /// `{"document": K}`: the first document of kind K, on its own legal date (`document add
    /// --date`), else on the day it was attached.
    case document(DocumentKindID)
    /// `{"firstInput": K}` (the earliest received date of an input of kind K, or of any of a
    /// list of kinds) or
    /// `{"entered": S}` (the first time state S was entered).
    case moment(Moment)
}

/// How a named term may be extended (verdaagd, verlengd), as the law that sets it allows.
public struct TermExtensionRule: Hashable, Sendable {
    /// The longest extension at once; `nil` when the law sets no maximum ("een redelijke termijn").
    public var max: TermLength?
    /// How often the term may be extended; `nil` for no limit.
    public var times: Int?
    /// The legal grounds an extension must name, one of these (for example "Awb 3:18 lid 2").
    public var basis: [String]
    /// The roles that may extend; empty for the roles that may fire the transitions out of the
    /// current state.
    public var by: [RoleID]
    /// An extension must be decided within this term from the term's start (Awb 3:18 lid 2:
    /// within eight weeks of the receipt of the aanvraag); `nil` for until the term ends.
    public var within: TermLength?
    /// An extension must come before this moment (Awb 3:18 lid 2: before the ontwerp goes ter
    /// inzage); `nil` for no such limit.
    public var before: Moment?

    public init(
        max: TermLength? = nil, times: Int? = nil, basis: [String], by: [RoleID] = [], within: TermLength? = nil,
        before: Moment? = nil
    ) {
        self.max = max
        self.times = times
        self.basis = basis
        self.by = by
        self.within = within
        self.before = before
    }
}

/// A named term that runs from an outside date (`"terms"` in a workflow file), such as the
/// beslistermijn of six months from the receipt of the aanvraag (Awb 3:18 lid 1).
///
/// The term starts the day after its origin (Awb: "na ontvangst"); it has not started while
/// its origin is unknown.
public struct TermSpec: Hashable, Sendable {
    public var label: String
    public var length: TermLength
    public var from: TermOrigin
    /// The term rule; `nil` uses the workflow's calendar.
    public var rule: TermRule?
    /// Where the term comes from, such as "Awb 3:18 lid 1".
    public var source: String?
    /// How the term may be extended; `nil` when it cannot be.
    public var extensionRule: TermExtensionRule?
    /// What meets the term, so that it stops running (the besluit, the ontvangstbevestiging);
    /// `nil` for a term that runs until the process closes.
    public var until: TermOrigin?

    public init(
        label: String, length: TermLength, from: TermOrigin, rule: TermRule? = nil, source: String? = nil,
        extensionRule: TermExtensionRule? = nil, until: TermOrigin? = nil
    ) {
        self.label = label
        self.length = length
        self.from = from
        self.rule = rule
        self.source = source
        self.extensionRule = extensionRule
        self.until = until
    }
}

/// What a `document` requirement asks: a document of a kind, and optionally who attached it
/// and when it is dated.
///
/// A document's date is its own legal date when it was given (`document add --date`), else the
/// day it was attached. On the same day as the moment, the order in the journal decides.
public struct DocumentRequirement: Hashable, Sendable, ExpressibleByStringLiteral {
    public var kind: DocumentKindID
    /// Roles one of which must have attached it (``DocumentRecord/by``); empty for anyone.
    public var by: [RoleID]
    /// It must be dated before this moment. A moment that has not happened yet is still ahead,
    /// so any document is before it.
    public var before: Moment?
    /// It must be dated after this moment, which must have happened.
    public var after: Moment?

    public init(_ kind: DocumentKindID, by: [RoleID] = [], before: Moment? = nil, after: Moment? = nil) {
        self.kind = kind
        self.by = by
        self.before = before
        self.after = after
    }

    public init(stringLiteral value: String) { self.init(DocumentKindID(value)) }

    /// Whether any document of the kind will do (`{"document": K}` and nothing else).
    public var isPlain: Bool { by.isEmpty && before == nil && after == nil }
}

/// What a `verdicts` requirement asks of the answers to inputs of some kinds.
///
/// Every input of these kinds (withdrawn ones aside) has a verdict in ``allowed``; with
/// ``orGround``, an input with another verdict passes too when its motivation names a ground:
/// the reference of a document that meets ``orGround`` (for a burgerberaad: a reason to deviate
/// that was fixed before the beraad began). An input without an answer is named by
/// `allAnswered` when the transition has it (every decision has), else by this requirement.
public struct VerdictRequirement: Hashable, Sendable {
    public var kinds: [InputKindID]
    public var allowed: [Verdict]
    /// The documents whose references are the grounds an answer may name instead.
    public var orGround: DocumentRequirement?

    public init(kinds: [InputKindID], allowed: [Verdict], orGround: DocumentRequirement? = nil) {
        self.kinds = kinds
        self.allowed = allowed
        self.orGround = orGround
    }
}

/// A requirement on a transition. All requirements of a transition must hold; a refusal names
/// every one that does not.
public indirect enum Requirement: Hashable, Sendable {
    /// A document of this kind is attached (by one of some roles, before or after a moment).
    case document(DocumentRequirement)
    /// The window of the current state (`nil`) or of the named state has closed.
    case windowClosed(StateID?)
    /// The command carries a non-empty motivation.
    case reason
    /// Every input that needs feedback has a verdict and a motivation.
    case allAnswered
    /// Every answer has been sent to its writer.
    case allAnswersSent
    /// At least `count` inputs of a kind count: received on time, in scope and not withdrawn
    /// (``InputRecord/countsTowardThreshold``).
    case atLeast(kind: InputKindID, count: Int)
    /// A term has passed since the named state was (last) entered.
    case elapsed(TermLength, since: StateID)
    /// The participatieplan attached at start was complete.
    case planComplete
    /// `require` applies only when the attribute has the value.
    case when(attribute: AttributeName, equals: String, require: Requirement)
    /// At least one of these holds.
    case anyOf([Requirement])
    /// The answers to inputs of some kinds have an allowed verdict, or name a ground.
    case verdicts(VerdictRequirement)
    /// `{"withinBudget": {"attribute": A}}`: the amounts granted in the current answers
    /// together do not exceed the amount in attribute A (``AttributeType/amount``).
    case withinBudget(attribute: AttributeName)
}

extension WorkflowDefinition {
    /// The roles that can always take decisions.
    public static let decidingRoles: Set<RoleID> = ["college", "raad"]

    /// Whether `role` may take decisions in this workflow.
    public func canDecide(_ role: RoleID) -> Bool {
        Self.decidingRoles.contains(role) || roles[role]?.decides == true
    }

    /// The states a transition can start from.
    public func sources(of transition: Transition) -> [StateID] {
        switch transition.from {
        case .anyState:
            states.keys.filter { $0 != transition.to && states[$0]?.isFinal == false && !transition.except.contains($0) }
        case .states(let ids):
            ids
        }
    }

    /// Whether a transition can start in `state`.
    public func transition(_ transition: Transition, startsIn state: StateID) -> Bool {
        switch transition.from {
        case .anyState:
            state != transition.to && states[state]?.isFinal == false && !transition.except.contains(state)
        case .states(let ids):
            ids.contains(state)
        }
    }

    /// The transitions that can start in `state`, in file order.
    public func transitions(from state: StateID) -> [Transition] {
        transitions.filter { self.transition($0, startsIn: state) }
    }

    /// The requirements the engine checks: those in the file, plus `allAnswered` on every
    /// decision and `allAnswered` and `allAnswersSent` on every transition into a final state.
    ///
    /// No definition can switch the added ones off.
    public func effectiveRequirements(of transition: Transition) -> [Requirement] {
        var result = transition.requires
        let isFinal = states[transition.to]?.isFinal == true
        if (transition.decision || isFinal), !result.contains(.allAnswered) {
            result.append(.allAnswered)
        }
        if isFinal, !result.contains(.allAnswersSent) {
            result.append(.allAnswersSent)
        }
        return result
    }
}
