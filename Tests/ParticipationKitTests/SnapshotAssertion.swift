import Foundation
import Testing

/// Compares `actual` with `Snapshots/<folder>/<name>` beside this file; with
/// `RECORD_SNAPSHOTS=1` in the environment it writes the snapshot instead. On a difference the
/// failure names the first differing line and the command that re-records (`record`).
func assertMatchesSnapshot(
    _ actual: String, named name: String, in folder: String, record: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(folder)")
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("Kan snapshot \(url.path) niet schrijven: \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("Snapshot \(url.path) ontbreekt. Neem hem op met: \(record)", sourceLocation: sourceLocation)
        return
    }
    guard expected != actual else { return }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let index =
        zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(expectedLines.count, actualLines.count)
    func line(_ lines: [Substring]) -> String { index < lines.count ? "\"\(lines[index])\"" : "(einde van de tekst)" }
    Issue.record(
        """
        \(name) wijkt af van de snapshot \(url.path), eerst op regel \(index + 1):
          verwacht: \(line(expectedLines))
          gekregen: \(line(actualLines))
        Is de wijziging bedoeld? Neem de snapshots opnieuw op met: \(record)
        """, sourceLocation: sourceLocation)
}
