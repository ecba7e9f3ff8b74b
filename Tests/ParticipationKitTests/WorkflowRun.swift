import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A process of a shipped workflow, driven step by step with a clock the test sets: the
/// walk-through tests of the workflows use it to accept or refuse one command at a time.
struct WorkflowRun {
    var harness: ProcessHarness
    var now: Date
    /// The public name given to every input the run adds, if any.
    var publicName: String?

    init(
        workflow: String, title: String, at start: String, attributes: [AttributeName: String] = [:], publicName: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        harness = ProcessHarness(definition: try TestSupport.shipped(workflow))
        now = TestSupport.instant(start)
        self.publicName = publicName
        let started = harness.start(at: now, by: ActorIdentity(role: "projectleider"), attributes: attributes, title: title)
        #expect(started.isSuccess, "\(started)", sourceLocation: sourceLocation)
    }

    var state: ProcessState? { harness.state }

    mutating func at(_ text: String) { now = TestSupport.instant(text) }

    @discardableResult
    mutating func run(_ command: Command, as role: RoleID = "projectleider") -> Result<[EventPayload], Refusal> {
        harness.run(command, at: now, by: ActorIdentity(role: role))
    }

    mutating func accept(_ command: Command, as role: RoleID = "projectleider", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let result = run(command, as: role)
        #expect(result.isSuccess, "\(result)", sourceLocation: sourceLocation)
    }

    mutating func refusal(_ command: Command, as role: RoleID = "projectleider", sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws -> Refusal
    {
        try #require(run(command, as: role).refusal, "\(command) had geweigerd moeten worden", sourceLocation: sourceLocation)
    }

    mutating func advance(
        _ name: TransitionName, as role: RoleID = "projectleider", reason: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        accept(.advance(name, reason: reason), as: role, sourceLocation: sourceLocation)
    }

    /// Attaches a document of each kind, as `role`, with its own date when `dated` is given.
    mutating func attach(
        _ kinds: DocumentKindID..., as role: RoleID = "projectleider", dated: String? = nil, reference: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for kind in kinds {
            accept(
                .attachDocument(kind: kind, reference: reference ?? "Z-\(kind)", date: dated.flatMap(CivilDate.init)), as: role,
                sourceLocation: sourceLocation)
        }
    }

    mutating func input(_ kind: InputKindID, id: InputID, text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        accept(.addInput(NewInput(id: id, kind: kind, text: text, publicName: publicName)), sourceLocation: sourceLocation)
    }

    mutating func answer(_ id: InputID, _ verdict: Verdict, _ motivation: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    {
        accept(.recordFeedback(NewFeedback(input: id, verdict: verdict, motivation: motivation)), sourceLocation: sourceLocation)
    }

    mutating func sendAll(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        accept(.markFeedbackSent(.allUnsent, on: CivilDate(amsterdam: now)), sourceLocation: sourceLocation)
    }
}
