import Foundation
import ParticipationKit

/// How large a store trial's journals, commands and texts are, and which limits it works
/// near.
///
/// `small` lowers the journal's limits (segments of a few KiB, batches of 1–8 lines,
/// pipelining from 0 or a few hundred bytes) so that stores of a few hundred lines cross
/// every limit that large stores cross; hundreds of seeds run in `swift test`. `real`
/// keeps the limits a store runs with (batches of 1,024 lines, pipelining from 1 MiB,
/// segments of 2, 4 or 64 MiB) and works on both sides of them, with commands of up to 60,000
/// lines and lines of up to 100 KB; it runs in `.ci/store-trials`.
public struct StoreTrialProfile: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    /// The writers' segment limits; one is drawn per seed.
    public var segmentLimits: [UInt64]
    /// From this many bytes of a segment on, the writers read on two threads; one per seed.
    public var pipelineThresholds: [Int]
    /// Lines per batch handed from the second thread; one per seed.
    public var batchSizes: ClosedRange<Int>
    /// Bytes the pipelined scan reads at a time; one per seed.
    public var chunkSizes: [Int]
    /// Events between automatic snapshots; one per seed.
    public var snapshotIntervals: [Int]
    /// Steps per seed, and per big seed (every opening of a big store reads tens of MiB).
    public var steps: ClosedRange<Int>
    public var bigSeedSteps: ClosedRange<Int>
    /// Lines of an ordinary command.
    public var commandLines: ClosedRange<Int>
    /// Lines of a large command, in the seeds that may have them.
    public var largeCommandLines: ClosedRange<Int>
    /// Bytes of an input text.
    public var textBytes: ClosedRange<Int>
    /// Bytes of a motivation or reason.
    public var noteBytes: ClosedRange<Int>
    /// About this many bytes of journal per seed at most; big seeds get `bigSeedBytes`.
    public var seedBytes: Int
    public var bigSeedBytes: Int
    /// One seed in this many is big (0: none).
    public var bigSeedEvery: Int
    /// Also try texts, motivations and kenmerken of exactly their limit and one teken more.
    public var textsAtTheLimit: Bool
    /// Earlier snapshots kept to put back as stale ones.
    public var staleSnapshotsKept: Int
    /// Open the store every way after every step; otherwise three ways, others each step
    /// (see ``StoreTrialRun/readings(step:)``).
    public var allReadingsEveryStep = true
    /// Spoil the model at this step (the trial's own test: the disagreement must be reported).
    public var spoilModelAtStep: Int?

    public var description: String { name }

    public init(
        name: String, segmentLimits: [UInt64], pipelineThresholds: [Int], batchSizes: ClosedRange<Int>, snapshotIntervals: [Int],
        steps: ClosedRange<Int>, commandLines: ClosedRange<Int>, largeCommandLines: ClosedRange<Int>, textBytes: ClosedRange<Int>,
        noteBytes: ClosedRange<Int>, seedBytes: Int, bigSeedBytes: Int, bigSeedEvery: Int, textsAtTheLimit: Bool,
        staleSnapshotsKept: Int, bigSeedSteps: ClosedRange<Int>? = nil, spoilModelAtStep: Int? = nil,
        chunkSizes: [Int] = [4 << 20]
    ) {
        self.name = name
        self.segmentLimits = segmentLimits
        self.pipelineThresholds = pipelineThresholds
        self.batchSizes = batchSizes
        self.snapshotIntervals = snapshotIntervals
        self.steps = steps
        self.bigSeedSteps = bigSeedSteps ?? steps
        self.commandLines = commandLines
        self.largeCommandLines = largeCommandLines
        self.textBytes = textBytes
        self.noteBytes = noteBytes
        self.seedBytes = seedBytes
        self.bigSeedBytes = bigSeedBytes
        self.bigSeedEvery = bigSeedEvery
        self.textsAtTheLimit = textsAtTheLimit
        self.staleSnapshotsKept = staleSnapshotsKept
        self.spoilModelAtStep = spoilModelAtStep
        self.chunkSizes = chunkSizes
    }

    /// Lowered limits, small commands and texts.
    public static let small = StoreTrialProfile(
        name: "small", segmentLimits: [700, 2_500, 6_000, 20_000, Journal.defaultSegmentLimit],
        pipelineThresholds: [0, 300, 3_000, 1 << 20],
        batchSizes: 1...8, snapshotIntervals: [2, 5, 20, 10_000], steps: 8...12, commandLines: 1...12, largeCommandLines: 13...40,
        textBytes: 100...2_000, noteBytes: 1...300, seedBytes: 40_000, bigSeedBytes: 30_000, bigSeedEvery: 0, textsAtTheLimit: false,
        staleSnapshotsKept: 4, chunkSizes: [1, 37, 512, 4_096, Journal.defaultChunkSize])

    /// `small` for `swift test` in a debug build: the same seeds, three openings per step.
    public static var smallRotating: StoreTrialProfile {
        var profile = small
        profile.allReadingsEveryStep = false
        return profile
    }

    /// The limits a store runs with, on both sides.
    public static let real = StoreTrialProfile(
        name: "real", segmentLimits: [2 << 20, 2 << 20, 4 << 20, Journal.defaultSegmentLimit], pipelineThresholds: [1 << 20],
        batchSizes: 1_024...1_024, snapshotIntervals: [50, 1_000, 10_000], steps: 8...12, commandLines: 1...3_000,
        largeCommandLines: 5_000...60_000, textBytes: 100...100_000, noteBytes: 1...20_000, seedBytes: 3 << 20, bigSeedBytes: 36 << 20,
        bigSeedEvery: 12, textsAtTheLimit: true, staleSnapshotsKept: 3, bigSeedSteps: 5...7,
        chunkSizes: [64 << 10, 1 << 20, Journal.defaultChunkSize])

    /// `small` or `real`.
    public static func named(_ name: String) -> StoreTrialProfile? {
        switch name {
        case "small": .small
        case "real": .real
        default: nil
        }
    }
}
