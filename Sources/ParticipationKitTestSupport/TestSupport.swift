import Foundation
import ParticipationKit

/// Helpers for tests: fixed instants, shipped definitions, temporary stores, a seeded
/// random generator.
public enum TestSupport: Sendable {
    /// An instant from ISO 8601 text; stops the test run on a typo.
    public static func instant(_ text: String) -> Date {
        guard let date = Timestamp.parse(text) else { preconditionFailure("ongeldig tijdstip in een test: \(text)") }
        return date
    }

    /// A civil date from `YYYY-MM-DD`.
    public static func day(_ text: String) -> CivilDate {
        guard let date = CivilDate(text) else { preconditionFailure("ongeldige datum in een test: \(text)") }
        return date
    }

    /// A shipped workflow file by name (`inspraak`).
    public static func shippedFile(_ name: String) throws -> WorkflowFile {
        guard let bytes = ShippedWorkflows.bytes(named: name) else {
            throw TestSupportError(message: "werkstroom \(name) wordt niet meegeleverd")
        }
        return try WorkflowFile(bytes: bytes, file: "workflows/\(name).json")
    }

    /// A shipped workflow definition by name.
    public static func shipped(_ name: String) throws -> WorkflowDefinition { try shippedFile(name).definition }

    /// A fresh, empty directory for one test, in a directory of the test run's own under the
    /// system's temporary directory. That one is removed when the run ends, so a test that
    /// forgets to remove its directory (or fails before it does) leaves nothing behind.
    public static func temporaryDirectory(_ label: String = "test") -> String {
        let path = runDirectory + "/\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `participatie-tests-PID`, made on first use and removed when the process exits.
    private static let runDirectory: String = {
        let path = runDirectoryPath(getpid())
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestSupport.runDirectoryPath(getpid())) }
        return path
    }()

    private static func runDirectoryPath(_ pid: pid_t) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("participatie-tests-\(pid)").path
    }

    /// The repository root, found from a source file's `#filePath`.
    public static func repositoryRoot(from filePath: String = #filePath) -> URL {
        var url = URL(fileURLWithPath: filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }
}

/// A failure in test setup.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// SplitMix64: a small seeded generator, so a failing property test can be replayed from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An in-memory process: an engine, its state and every event so far. Lets tests run
/// commands without a store and replay the events afterwards.
public struct ProcessHarness: Sendable {
    public let engine: ProcessEngine
    public var state: ProcessState?
    public var events: [Event] = []
    public let process: ProcessID

    public init(definition: WorkflowDefinition, process: ProcessID = "P-1", calendar: LegalCalendar = .netherlands) {
        self.engine = ProcessEngine(definition: definition, calendar: calendar)
        self.process = process
    }

    /// Decides and, when accepted, applies a command.
    @discardableResult
    public mutating func run(_ command: Command, at now: Date, by actor: ActorIdentity) -> Result<[EventPayload], Refusal> {
        let result = engine.decide(command, in: state, process: process, at: now, by: actor)
        if case .success(let payloads) = result {
            for payload in payloads {
                let event = Event(at: now, actor: actor, process: process, payload: payload)
                engine.apply(event, to: &state)
                events.append(event)
            }
        }
        return result
    }

    /// Starts the process with a placeholder definition hash.
    @discardableResult
    public mutating func start(
        at now: Date, by actor: ActorIdentity, attributes: [AttributeName: String] = [:], title: String = "Testproces"
    ) -> Result<[EventPayload], Refusal> {
        run(.start(StartProcess(id: process, title: title, attributes: attributes, definitionHash: "test")), at: now, by: actor)
    }

    /// The state rebuilt from the events alone.
    public func replayed() -> ProcessState? {
        var rebuilt: ProcessState?
        for event in events { engine.apply(event, to: &rebuilt) }
        return rebuilt
    }
}

extension Result {
    /// The refusal, if the command was refused.
    public var refusal: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }

    /// Whether the command was accepted.
    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
