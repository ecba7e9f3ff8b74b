import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who writes to a store, and whether the moments of their commands are real.
///
/// The command line makes one from the operating system account and `PARTICIPATIE_NOW`; a
/// program that embeds the library passes the principal it authenticated.
public struct StoreSession: Hashable, Sendable {
    /// Where the engine's moment of a command (`at`) comes from.
    public enum Clock: Hashable, Sendable {
        /// The real time: `at` must lie within ``StoreSession/tolerance`` of the system clock.
        case system
        /// Set by the caller (tests, examples, training, replaying a paper archive): allowed
        /// only in an exercise store, and a new store written this way becomes one.
        case set
    }

    /// The operating system account or authenticated principal; every journal line names it.
    public var account: String
    public var clock: Clock

    public init(account: String, clock: Clock = .system) {
        self.account = account
        self.clock = clock
    }

    /// The account this process runs as, with the real clock.
    public static var current: StoreSession { StoreSession(account: operatingSystemAccount()) }

    /// An exercise session: the clock is set by the caller.
    public static func exercise(account: String = operatingSystemAccount()) -> StoreSession {
        StoreSession(account: account, clock: .set)
    }

    /// The name of the operating system account this process runs as (`uid N` when it has none).
    public static func operatingSystemAccount() -> String {
        let uid = geteuid()
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }

    /// How far the moment of a command may lie from the system clock in a real store: a
    /// command is decided a moment after it was started (reading a large import takes seconds).
    public static let tolerance: TimeInterval = 600
}

/// What a store knows about itself, from its own lines: whether it is an exercise store, who
/// its beheerder is, which accounts hold which roles, and the last moment written.
struct StoreFacts: Hashable, Sendable {
    /// The store's first line was `storeCreated` (stores from before that have none).
    var created = false
    var exercise = false
    /// The account that wrote the first line: it grants and revokes roles.
    var administrator: String?
    var grants: [String: Set<RoleID>] = [:]
    /// The latest `recorded` of any line.
    var lastRecorded: Date?

    /// Moves `lastRecorded` to a line's `recorded` when that is later (every line may).
    mutating func noteRecorded(_ recorded: Date?) {
        if let recorded, lastRecorded.map({ recorded > $0 }) ?? true { lastRecorded = recorded }
    }

    /// Applies a line's event: store events change the facts; every line may move `lastRecorded`.
    /// The event is `inout` only to be read where it lies (``ProcessEngine`` applies it alike).
    mutating func apply(_ event: inout Event) {
        noteRecorded(event.recorded)
        switch event.payload {
        case .storeCreated(let created):
            self.created = true
            exercise = created.exercise
            administrator = event.account
        case .roleGranted(let change):
            grants[change.account, default: []].formUnion(change.roles)
        case .roleRevoked(let change):
            grants[change.account]?.subtract(change.roles)
            if grants[change.account]?.isEmpty == true { grants[change.account] = nil }
        default:
            break
        }
    }
}

/// Why the store refused to write because of its clock.
public enum ClockProblem: Hashable, Sendable, CustomStringConvertible {
    /// The system clock is earlier than the last line written: it went back. Nothing is written.
    case wentBack(last: Date, now: Date)
    /// The clock is set (`PARTICIPATIE_NOW`) in a store that is not an exercise store.
    case setInRealStore
    /// In a real store the moment of a command must be now, as the system clock says.
    case notNow(at: Date, now: Date)

    public var description: String {
        switch self {
        case .wentBack(let last, let now):
            "De klok van deze computer staat op \(Timestamp.format(now)), eerder dan de laatste regel van het journaal "
                + "(\(Timestamp.format(last))). De klok is teruggezet; er is niets geschreven. Zet de klok goed en probeer het opnieuw."
        case .setInRealStore:
            "Deze opslag is geen oefenopslag: de klok kan hier niet worden ingesteld. Er is niets geschreven."
        case .notNow(let at, let now):
            "Het tijdstip van de opdracht (\(Timestamp.format(at))) is niet nu (\(Timestamp.format(now))). Alleen in een "
                + "oefenopslag mag de klok worden ingesteld. Er is niets geschreven."
        }
    }
}

extension ParticipationStore {
    /// Whether this is an exercise store: made with the clock set, so it accounts for nothing.
    /// Every status, report and page says so.
    public var isExercise: Bool { facts.exercise }

    /// The account that wrote the store's first line; only it grants and revokes roles. `nil`
    /// for an empty store or one written before the beheerder was kept.
    public var administrator: String? { facts.administrator }

    /// The roles granted per account, sorted. Empty: roles are not restricted, anyone who may
    /// write the store can act in any role ("rollen niet afgeschermd").
    public var roleGrants: [(account: String, roles: [RoleID])] {
        facts.grants.keys.sorted().map { ($0, (facts.grants[$0] ?? []).sorted()) }
    }

    /// Whether any role is granted, so that acting in a role needs a grant.
    public var rolesRestricted: Bool { !facts.grants.isEmpty }

    /// Gives `roles` to `account`. Only the beheerder may, and `systeem` can never be granted;
    /// in an empty store the granting account becomes the beheerder.
    @discardableResult
    public func grant(_ roles: [RoleID], to account: String, at now: Date) throws(StoreError) -> [RecordedEvent] {
        try changeRoles(.roleGranted(RoleChange(account: account, roles: roles)), at: now)
    }

    /// Takes `roles` from `account`. Only the beheerder may.
    @discardableResult
    public func revoke(_ roles: [RoleID], from account: String, at now: Date) throws(StoreError) -> [RecordedEvent] {
        try changeRoles(.roleRevoked(RoleChange(account: account, roles: roles)), at: now)
    }

    /// The actor that grants and revokes.
    static let beheerder = ActorIdentity(role: "beheerder")

    /// Refuses a role change with every reason, or returns nil when it may be written.
    func roleChangeRefusal(_ payload: EventPayload) -> Refusal? {
        let name: String
        let change: RoleChange
        switch payload {
        case .roleGranted(let value):
            name = "Rol toekennen"
            change = value
        case .roleRevoked(let value):
            name = "Rol intrekken"
            change = value
        default:
            return nil
        }
        var reasons: [Refusal.Reason] = []
        if let administrator = facts.administrator {
            if administrator != session.account {
                reasons.append(
                    Refusal.Reason(
                        .roleNotGranted,
                        "Alleen de beheerder van deze opslag (\(administrator)) kent rollen toe of trekt ze in; "
                            + "u bent \(session.account).", ids: [session.account]))
            }
        } else if journalHeadSeq > 0 {
            reasons.append(
                Refusal.Reason(
                    .roleNotGranted, "Deze opslag is gemaakt voordat de beheerder werd bijgehouden; er kan niemand rollen toekennen.",
                    ids: [session.account]))
        }
        if change.account.trimmingCharacters(in: .whitespaces).isEmpty {
            reasons.append(Refusal.Reason(.invalidValue, "Noem het account dat de rol krijgt of verliest."))
        }
        if change.roles.isEmpty { reasons.append(Refusal.Reason(.invalidValue, "Noem minstens één rol.")) }
        if change.roles.contains(.system) {
            reasons.append(
                Refusal.Reason(
                    .roleNotAllowed, "De rol \(RoleID.system) is voor wat vanzelf gaat; niemand kan die rol krijgen.",
                    ids: [RoleID.system.rawValue]))
        }
        if case .roleRevoked = payload {
            let held = facts.grants[change.account] ?? []
            let missing = change.roles.filter { !held.contains($0) }
            if !missing.isEmpty {
                reasons.append(
                    Refusal.Reason(
                        .nothingToDo, "\(change.account) heeft de rol \(Refusal.list(missing.map(\.rawValue))) niet.",
                        ids: missing.map(\.rawValue)))
            }
        }
        return reasons.isEmpty ? nil : Refusal(name, reasons)
    }
}
