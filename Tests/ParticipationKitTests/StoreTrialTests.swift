import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// The model-based store trial (``StoreTrial``) on the small profile: lowered journal limits,
/// so a few hundred lines cross every batch, pipelining and segment limit. Many more seeds,
/// and the real limits, run in `.ci/store-trials`.
@Suite("Store trials")
struct StoreTrialTests {
    /// Seeds 1 to 300, in 30 groups of 10 (run side by side).
    static let groups = Array(0..<30)

    @Test("the store agrees with the model after every step, read three ways a step (others each step)", arguments: groups)
    func smallProfile(group: Int) {
        let directory = TestSupport.temporaryDirectory("store-trial")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for seed in UInt64(group * 10 + 1)...UInt64(group * 10 + 10) {
            let result = StoreTrial.run(seed: seed, profile: .smallRotating, directory: directory)
            if let failure = result.failure {
                // Keep the store where it can be found after the test.
                let kept = NSTemporaryDirectory() + "participatie-store-trial-zaad-\(seed)"
                try? FileManager.default.removeItem(atPath: kept)
                try? FileManager.default.moveItem(atPath: failure.store, toPath: kept)
                Issue.record("zaad \(seed): \(failure.description.replacingOccurrences(of: failure.store, with: kept))")
            }
        }
    }

    @Test("a disagreement is reported with its seed, step and trace, and the store is kept")
    func disagreementIsReported() throws {
        let directory = TestSupport.temporaryDirectory("store-trial")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var profile = StoreTrialProfile.smallRotating
        profile.steps = 6...6
        profile.spoilModelAtStep = 5
        let result = StoreTrial.run(seed: 42, profile: profile, directory: directory)
        let failure = try #require(result.failure)
        #expect(failure.seed == 42)
        #expect(failure.step == 5)
        #expect(failure.trace.count == 6)  // the tuning and steps 1 to 5
        #expect(failure.description.contains("Zaad 42 (profiel small) faalt na stap 5"))
        #expect(failure.description.contains("stap 5: "))
        #expect(failure.description.contains("--seed 42"))
        #expect(FileManager.default.fileExists(atPath: failure.store + "/journal"))
        #expect(result.figures.failures == 1)
    }

    @Test("a seed is replayed exactly")
    func replay() {
        let directory = TestSupport.temporaryDirectory("store-trial")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = StoreTrial.run(seed: 7, profile: .smallRotating, directory: directory)
        let second = StoreTrial.run(seed: 7, profile: .smallRotating, directory: directory)
        #expect(first == second)
        #expect(first.figures.steps > 0)
    }
}
