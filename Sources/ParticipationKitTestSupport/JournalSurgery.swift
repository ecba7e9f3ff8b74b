import Foundation
import ParticipationKit

/// Tools for tests that damage a journal on purpose: read its lines, split it into segments,
/// and rewrite history with a consistent hash chain, as someone with write access could.
public enum JournalSurgery: Sendable {
    /// `journal/000001.jsonl` and so on.
    public static func segmentPath(_ journal: String, _ number: Int) -> String {
        let digits = String(number)
        return "\(journal)/\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits).jsonl"
    }

    /// The segment files of a journal folder, in order, with their bytes.
    public static func segments(_ journal: String) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var number = 1
        while let data = FileManager.default.contents(atPath: segmentPath(journal, number)) {
            result.append([UInt8](data))
            number += 1
        }
        return result
    }

    /// Writes `segments` as the journal's segment files, removing any beyond them.
    public static func write(_ segments: [[UInt8]], to journal: String) {
        for (index, bytes) in segments.enumerated() {
            _ = FileManager.default.createFile(atPath: segmentPath(journal, index + 1), contents: Data(bytes))
        }
        var extra = segments.count + 1
        while FileManager.default.fileExists(atPath: segmentPath(journal, extra)) {
            try? FileManager.default.removeItem(atPath: segmentPath(journal, extra))
            extra += 1
        }
    }

    /// The lines of a segment, each with its newline.
    public static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(Array(bytes[start...index]))
            start = index + 1
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }

    /// Whether a line ends a command (it has no `"more":` member before its payload).
    public static func endsCommand(_ line: [UInt8]) -> Bool {
        let head = String(decoding: line.prefix(40), as: UTF8.self)
        return !head.contains(#","more":"#)
    }

    /// Splits the journal's lines into segments of at most about `bytes` each, cutting only
    /// after a whole command, as ``Journal`` does with a smaller segment limit. The chain
    /// does not change: a line's hash does not depend on its segment.
    ///
    /// - Returns: The number of segments.
    @discardableResult
    public static func split(_ journal: String, segmentBytes bytes: Int) -> Int {
        let all = segments(journal).flatMap(lines)
        var result: [[UInt8]] = [[]]
        var command: [UInt8] = []
        for line in all {
            command += line
            guard endsCommand(line) else { continue }
            if !result[result.count - 1].isEmpty, result[result.count - 1].count + command.count > bytes { result.append([]) }
            result[result.count - 1] += command
            command = []
        }
        result[result.count - 1] += command
        write(result, to: journal)
        return result.count
    }

    /// The bytes of a line before `,"hash":"` and its hash.
    public static func parts(_ line: [UInt8]) -> (body: [UInt8], hash: String)? {
        let marker = Array(#","hash":""#.utf8)
        guard line.count > marker.count + 66 else { return nil }
        let end = line.last == 0x0A ? line.count - 1 : line.count
        let start = end - 2 - 64 - marker.count
        guard start >= 0, Array(line[start..<(start + marker.count)]) == marker else { return nil }
        return (Array(line[0..<start]), String(decoding: line[(start + marker.count)..<(end - 2)], as: UTF8.self))
    }

    /// A line with `body` (the bytes before `,"hash":"`) hashed onto `previous`.
    public static func line(body: [UInt8], after previous: SHA256Digest) -> (line: [UInt8], hash: SHA256Digest) {
        var hasher = SHA256()
        hasher.update(previous.bytes)
        hasher.update(body)
        let hash = hasher.finalize()
        return (body + Array(#","hash":""#.utf8) + Array(hash.hex.utf8) + Array("\"}\n".utf8), hash)
    }

    /// Rewrites every line from index `from` (0-based over all lines) with a fresh, consistent
    /// hash chain, after `change` has altered the bodies: a forgery that only a published
    /// anchor can catch.
    ///
    /// - Parameter change: Gets every line's body by its index; returns the new body.
    public static func rewrite(_ journal: String, from first: Int, change: (Int, [UInt8]) -> [UInt8]) {
        let segmentLines = segments(journal).map(lines)
        var previous = SHA256Digest.zero
        var index = 0
        var result: [[UInt8]] = []
        for lines in segmentLines {
            var bytes: [UInt8] = []
            for line in lines {
                guard let parts = parts(line) else {
                    bytes += line
                    index += 1
                    continue
                }
                if index < first {
                    bytes += line
                    previous = SHA256Digest(hex: parts.hash) ?? previous
                } else {
                    let rewritten = Self.line(body: change(index, parts.body), after: previous)
                    bytes += rewritten.line
                    previous = rewritten.hash
                }
                index += 1
            }
            result.append(bytes)
        }
        write(result, to: journal)
    }

    /// Copies a directory tree to a fresh temporary folder and returns its path.
    public static func copy(_ directory: String, label: String) throws -> String {
        let target = TestSupport.temporaryDirectory(label)
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: directory, toPath: target)
        return target
    }
}

extension JournalSurgery {
    /// Builds a store with one inspraak process and `inputs` reactions, each answered, in
    /// commands of `batch` lines, then splits its journal into segments of about
    /// `segmentBytes`: about `2 × inputs + 4` events of real shape.
    ///
    /// - Returns: The number of journal lines.
    @discardableResult
    public static func largeStore(at path: String, inputs: Int, batch: Int, segmentBytes: Int) throws -> UInt64 {
        let actor = ActorIdentity(role: "projectleider")
        let store = try ParticipationStore(path: path, session: .exercise())
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        let start = StartProcess(id: "P", title: "Herinrichting plein", attributes: ["impact": "laag"], definitionHash: hash)
        try store.execute(.start(start), on: "P", by: actor, at: TestSupport.instant("2026-03-13T10:00:00+01:00"))
        try store.execute(
            .attachDocument(kind: "ontwerp", reference: "Z-1"), on: "P", by: actor, at: TestSupport.instant("2026-03-13T10:00:00+01:00"))
        try store.execute(
            .advance("terInzageLeggen", reason: nil), on: "P", by: actor, at: TestSupport.instant("2026-03-16T09:00:00+01:00"))
        var number = 0
        while number < inputs {
            let count = min(batch, inputs - number)
            let items = (number..<(number + count)).map { NewInput(kind: "inspraakreactie", text: "Reactie \($0) over het plein") }
            try store.execute(.addInputs(items), on: "P", by: actor, at: TestSupport.instant("2026-03-20T10:00:00+01:00"))
            number += count
        }
        let ids = store.process("P")?.inputs.map(\.id) ?? []
        for first in stride(from: 0, to: ids.count, by: batch) {
            let answers = ids[first..<min(first + batch, ids.count)].enumerated().map { offset, id in
                NewFeedback(input: id, verdict: offset % 3 == 0 ? .deels : .kennisgenomen, motivation: "Antwoord op \(id).")
            }
            try store.execute(.recordFeedbacks(answers), on: "P", by: actor, at: TestSupport.instant("2026-04-20T10:00:00+02:00"))
        }
        try store.execute(
            .markFeedbackSent(.allUnsent, on: TestSupport.day("2026-04-21")), on: "P", by: actor,
            at: TestSupport.instant("2026-04-21T10:00:00+02:00"))
        let head = store.head.seq
        split(path + "/journal", segmentBytes: segmentBytes)
        return head
    }
}
