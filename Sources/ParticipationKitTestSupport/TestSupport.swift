import Foundation
import ParticipationKit

/// Helpers for tests: fixed instants, shipped definitions, temporary stores, a seeded
/// random generator.
public enum TestSupport: Sendable {
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

    /// A fresh, empty directory under the system's temporary directory.
    public static func temporaryDirectory(_ label: String = "test") -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("participatie-\(label)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
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

