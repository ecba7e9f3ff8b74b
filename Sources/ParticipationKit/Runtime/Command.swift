import Foundation

/// Something a person asks the engine to do to a process. The engine answers with events or
/// with a ``Refusal`` that names every reason.
public enum Command: Hashable, Sendable {
    /// Starts a new process of a workflow.
    case start(StartProcess)
    /// Registers one input. Nothing is ever dropped: late or out-of-scope inputs are flagged.
    case addInput(NewInput)
    /// Registers many inputs at once (an import): all or nothing.
    case addInputs([NewInput])
    /// The writer withdrew the input. It stays visible.
    ///
    /// `evidence` is where the writer's own request can be found: a reference to the letter or
    /// e-mail in which they asked (a DMS number, a zaaknummer), or the channel they used
    /// themselves. It is required: without it anyone could make an input disappear from the
    /// gate. `nil` (the default, kept for source compatibility) is refused like an empty text.
    case withdrawInput(InputID, reason: String, evidence: String? = nil)
    /// Records feedback on an input; a new one supersedes the old, both are kept.
    case recordFeedback(NewFeedback)
    /// Records feedback on many inputs at once (an import): all or nothing.
    case recordFeedbacks([NewFeedback])
    /// Records that the current answers were sent to their writers.
    case markFeedbackSent(FeedbackSelection, on: CivilDate)
    /// Attaches a document (by reference, for example a DMS number or URL).
    case attachDocument(kind: DocumentKindID, reference: String, date: CivilDate? = nil)
    /// Attach a (new version of the) participatieplan: its SHA-256 and whether it passed the
    /// check. Replaces the plan given at start; the journal keeps both.
    case attachPlan(digest: String, complete: Bool)
    /// Fires a transition.
    case advance(TransitionName, reason: String?)
    /// Verdaging: moves the end of the current window on by some days, with a reason.
    case extendTerm(days: Int, reason: String)
    /// Extends a named term of the workflow (`"terms"`) by some days, naming its legal ground
    /// and a reason; the term's extension rule decides whether and by whom.
    case extendNamedTerm(TermName, days: Int, basis: String?, reason: String)
    /// Fires the timed transitions that are due.
    case tick
    /// Erases the writer's contact details of an input (AVG), with a reason. The input, its
    /// feedback and its place in the audit stay.
    case redactPersonalData(InputID, reason: String)
    /// Hands inputs over to another behandelaar (owner): a department, team or employee who
    /// must see that they get an answer. All or nothing; the earlier owners stay in each
    /// input's ``InputRecord/handovers``.
    case assignInputs([InputID], to: String, reason: String? = nil)
}

/// What is needed to start a process.
public struct StartProcess: Hashable, Sendable {
    public var id: ProcessID
    public var title: String
    public var attributes: [AttributeName: String]
    /// SHA-256 of the canonical participatieplan, if one was attached.
    public var planDigest: String?
    /// Whether that plan passed its completeness check.
    public var planComplete: Bool
    /// SHA-256 of the workflow file the process runs on.
    public var definitionHash: String

    public init(
        id: ProcessID, title: String, attributes: [AttributeName: String] = [:], planDigest: String? = nil,
        planComplete: Bool = false, definitionHash: String
    ) {
        self.id = id
        self.title = title
        self.attributes = attributes
        self.planDigest = planDigest
        self.planComplete = planComplete
        self.definitionHash = definitionHash
    }
}

/// A citizen input to register.
public struct NewInput: Hashable, Sendable {
    /// The municipality's own reference; `nil` lets the engine number it (`R-0001`).
    public var id: InputID?
    public var kind: InputKindID
    public var text: String
    /// The day it was received; `nil` means today.
    public var received: CivilDate?
    public var channel: String?
    public var theme: String?
    /// A name that may be shown publicly, for example "Bewonersvereniging Hengstdal".
    public var publicName: String?
    /// SHA-256 of the writer's contact details, kept outside the journal (AVG).
    public var personalDigest: String?
    /// The behandelaar (owner): the department, team or employee who must see that it gets
    /// an answer. `nil` (or blank) takes the workflow's default for the kind, else for the
    /// current state, else none.
    public var owner: String?
    /// The amount asked for, in whole cents, for a kind that names one (``InputKindSpec/amount``).
    public var amount: Int?
    /// The points of the input, for a kind that has them (``InputKindSpec/points``): each is
    /// registered as an input of its own, `ID.1`, `ID.2`…, with its own answer. The input
    /// itself then takes no answer.
    public var points: [NewPoint]

    public init(
        id: InputID? = nil, kind: InputKindID, text: String, received: CivilDate? = nil, channel: String? = nil,
        theme: String? = nil, publicName: String? = nil, personalDigest: String? = nil, owner: String? = nil,
        amount: Int? = nil, points: [NewPoint] = []
    ) {
        self.id = id
        self.kind = kind
        self.text = text
        self.received = received
        self.channel = channel
        self.theme = theme
        self.publicName = publicName
        self.personalDigest = personalDigest
        self.owner = owner
        self.amount = amount
        self.points = points
    }
}

/// One point of an input: its text, the role that answers it, and who sees to the answer.
public struct NewPoint: Hashable, Sendable {
    public var text: String
    /// The role that answers the point, one of the kind's ``PointsSpec/routes``; `nil` for none.
    public var route: RoleID?
    /// The behandelaar; `nil` takes the label of the route's role, else the input's owner.
    public var owner: String?

    public init(text: String, route: RoleID? = nil, owner: String? = nil) {
        self.text = text
        self.route = route
        self.owner = owner
    }
}

/// Feedback to record on one input.
public struct NewFeedback: Hashable, Sendable {
    public var input: InputID
    public var verdict: Verdict
    public var motivation: String
    /// The amount granted, in whole cents, for an input that asked for an amount: only with
    /// `overgenomen` or `deels`, never more than was asked. `nil` with `overgenomen` grants
    /// the whole amount asked for.
    public var amount: Int?

    public init(input: InputID, verdict: Verdict, motivation: String, amount: Int? = nil) {
        self.input = input
        self.verdict = verdict
        self.motivation = motivation
        self.amount = amount
    }
}

/// Which answers a `markFeedbackSent` is about.
public enum FeedbackSelection: Hashable, Sendable {
    case inputs([InputID])
    /// Every answer that was not sent yet.
    case allUnsent
}

extension Command {
    /// A short Dutch name of the command, for messages ("Inbreng registreren kan niet: …").
    public var dutchName: String {
        switch self {
        case .start: "Proces starten"
        case .addInput: "Inbreng registreren"
        case .addInputs: "Inbreng importeren"
        case .withdrawInput: "Inbreng intrekken"
        case .recordFeedback: "Terugkoppeling vastleggen"
        case .recordFeedbacks: "Terugkoppeling importeren"
        case .markFeedbackSent: "Verzending vastleggen"
        case .attachDocument: "Document toevoegen"
        case .attachPlan: "Participatieplan toevoegen"
        case .advance(let name, _): "Overgang \"\(name)\""
        case .extendTerm: "Termijn verlengen"
        case .extendNamedTerm: "Termijn verlengen"
        case .tick: "Getimede overgangen"
        case .redactPersonalData: "Persoonsgegevens verwijderen"
        case .assignInputs: "Behandelaar toewijzen"
        }
    }
}
