import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Runs the Swift example in `examples/swift/` (compiled into this target through a symbolic
/// link), so the example for developers keeps working.
@Suite("Swift example")
struct UsageExampleTests {
    @Test("the ParticipationKit example runs an inspraak to its end, with the refused decision on the way")
    func inspraak() throws {
        let directory = TestSupport.temporaryDirectory("swift-example")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (refusal, process) = try inspraakMetParticipationKit(opslag: directory)
        #expect(refusal.reasons.map(\.code) == [.unanswered])
        #expect(refusal.reasons.first?.ids == ["R-0002"])
        #expect(process.outcome == "vastgesteld")
        #expect(process.counts.answered == 2)
        #expect(process.counts.sent == 2)
        #expect(ParticipationStore.verify(at: directory).isIntact)
    }
}

import Foundation
