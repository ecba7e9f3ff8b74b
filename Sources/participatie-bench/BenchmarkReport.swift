import Foundation

/// The table and the JSON line of one run.
enum BenchmarkReport {
    static let steps: [(key: String, name: String)] = [
        ("a", "define"), ("b", "create+open"), ("c", "submit N"), ("d", "refuse"), ("e", "feedback N"),
        ("f", "decide+finish"), ("g", "journal"), ("h", "replay"),
    ]

    static func table(_ result: InspraakBenchmark.Result, count: Int, batch: Int) -> String {
        var lines = ["inspraak-\(count) (opdrachten van \(batch) gebeurtenissen, \(result.commands) opdrachten)"]
        lines.append("stap  wat             seconden   piek MiB")
        for step in steps {
            let seconds = result.steps[step.key] ?? 0
            let peak = result.peakAfter[step.key].map { String(format: "%11.0f", $0) } ?? ""
            lines.append(
                "\(step.key)     \(step.name.padding(toLength: 15, withPad: " ", startingAt: 0)) \(format(seconds))\(peak)")
        }
        lines.append("  waarvan h openen    \(format(result.openSeconds))")
        lines.append("totaal                \(format(result.total))")
        let replay = result.steps["h"] ?? 0
        let rate = replay > 0 ? Double(result.events) / replay : 0
        lines.append(
            "journaal: \(result.events) regels, \(result.journalBytes / 1_048_576) MiB; "
                + "herafspelen \(Int(rate)) gebeurtenissen/s; piekgeheugen \(Int(result.peakRSSMegabytes)) MiB, "
                + "waarvan \(Int(result.rssBeforeMegabytes)) MiB voor stap a (de werklast)")
        return lines.joined(separator: "\n")
    }

    static func json(_ result: InspraakBenchmark.Result, count: Int, batch: Int) -> String {
        let steps = Self.steps.map { "\"\($0.key)\":\(number(result.steps[$0.key] ?? 0))" }.joined(separator: ",")
        return "{\"lib\":\"participatie\",\"n\":\(count),\"batch\":\(batch),\"steps\":{\(steps)},"
            + "\"total_s\":\(number(result.total)),\"peak_rss_mb\":\(number(result.peakRSSMegabytes)),"
            + "\"rss_before_a_mb\":\(number(result.rssBeforeMegabytes)),"
            + "\"journal_events\":\(result.events),\"journal_bytes\":\(result.journalBytes),\"commands\":\(result.commands)}"
    }

    private static func format(_ seconds: Double) -> String {
        String(format: "%10.4f", seconds)
    }

    private static func number(_ value: Double) -> String {
        String(format: "%.6f", value)
    }
}
