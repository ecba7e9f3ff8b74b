import Foundation
import ParticipationKit

/// `participatie-bench reports`: the reports of a store with inspraak-N in it, timed through
/// the public API as the tool makes them: the reactienota (text, HTML and JSON), the audit (text and JSON), the
/// register of letters, the site (every page rendered) and the deadlines, beside the status of
/// the process for comparison. Each is rendered in chunks into a counter, not kept.
struct ReportsBenchmark {
    var count: Int
    var directory: String

    /// One report: seconds, bytes written and the peak memory after it.
    struct Measurement {
        var name: String
        var seconds: Double
        var bytes: Int
        var peakRSSMegabytes: Double

        var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1e6 / seconds : 0 }
    }

    struct Result {
        var openSeconds: Double
        var letters: Int
        var measurements: [Measurement]
    }

    /// The letters added beside the inspraak (two points each), so the register has rows.
    var letters: Int { max(1, count / 1_000) }

    /// Makes the store: inspraak-N as `participatie-bench inspraak` makes it, then the letters.
    func prepare() throws {
        _ = try InspraakBenchmark(count: count, batch: 1_000, directory: directory).run(Workload(count: count))
        let store = try ParticipationStore(path: directory, session: .exercise())
        guard let bytes = ShippedWorkflows.bytes(named: "ingekomen-stuk") else {
            throw InspraakBenchmark.Failure.check("de werkstroom ingekomen-stuk ontbreekt")
        }
        let hash = try store.storeDefinition(try WorkflowFile(bytes: bytes, file: "workflows/ingekomen-stuk.json"))
        let griffie = ActorIdentity(role: "griffie", name: "Griffie")
        for index in 0..<letters {
            let letter = ProcessID("brief-\(index)")
            try store.execute(
                .start(StartProcess(id: letter, title: "Brief \(index) over de straat", definitionHash: hash)), on: letter, by: griffie,
                at: InspraakBenchmark.now)
            let points = (1...2).map { point in
                NewInput(
                    id: InputID("B\(index)-\(point)"), kind: "punt", text: "Punt \(point) van brief \(index): wij vragen om drempels.",
                    received: CivilDate.constant(2025, 3, 1 + index % 28), publicName: "Bewonersgroep \(index % 17)",
                    owner: point == 1 ? "Afdeling Verkeer" : "Team Groen")
            }
            try store.execute(.addInputs(points), on: letter, by: griffie, at: InspraakBenchmark.now)
        }
    }

    func run() throws -> Result {
        let clock = Clock()
        var mark = clock.now
        let store = try ParticipationStore(path: directory, session: .exercise())
        let openSeconds = clock.now - mark
        guard let state = store.process(InspraakBenchmark.process) else {
            throw InspraakBenchmark.Failure.check("het proces ontbreekt")
        }
        let engine = try store.engine(for: state)
        let today = CivilDate(amsterdam: InspraakBenchmark.now)
        var all: [(state: ProcessState, engine: ProcessEngine)] = []
        for process in store.processes { all.append((process, try store.engine(for: process))) }
        var measurements: [Measurement] = []

        /// Times `render`, which returns the bytes it made.
        func measure(_ name: String, _ render: () throws -> Int) rethrows {
            mark = clock.now
            let bytes = try render()
            measurements.append(
                Measurement(
                    name: name, seconds: clock.now - mark, bytes: bytes, peakRSSMegabytes: InspraakBenchmark.peakRSSMegabytes()))
        }
        /// The bytes a renderer hands out in chunks, counted (not kept).
        func counted(_ render: (_ chunks: (UnsafeRawBufferPointer) -> Void) throws -> Void) rethrows -> Int {
            var total = 0
            try render { total += $0.count }
            return total
        }

        measure("status") { StatusReport(state: state, engine: engine, today: today).text().utf8.count }
        measure("reactienota-text") {
            counted { ReportRenderer.text(ReactienotaReport(state: state, engine: engine).document, chunks: $0) }
        }
        measure("reactienota-html") {
            counted { ReportRenderer.html(ReactienotaReport(state: state, engine: engine).document, chunks: $0) }
        }
        try measure("reactienota-json") {
            let report = ReactienotaReport(state: state, engine: engine)
            return try counted { chunks in try ReportJSONEncoder().encode(report, chunks: chunks) }
        }
        measure("audit") {
            let report = AuditReport.build(
                processes: [(state, engine.definition)], head: store.head, verified: true, asOf: today, year: nil, names: nil)
            return counted { ReportRenderer.text(report.document, chunks: $0) }
        }
        try measure("audit-json") {
            let report = AuditReport.build(
                processes: [(state, engine.definition)], head: store.head, verified: true, asOf: today, year: nil, names: nil)
            return try counted { chunks in try ReportJSONEncoder().encode(report, chunks: chunks) }
        }
        measure("register") {
            let letters = all.filter { $0.state.workflow == RegisterReport.workflow }
            return counted { ReportRenderer.text(RegisterReport(processes: letters, today: today).document, chunks: $0) }
        }
        measure("deadlines") { counted { ReportRenderer.text(DeadlinesReport(processes: all, today: today).document, chunks: $0) } }
        measure("site") {
            let head = Site.JournalHead(seq: store.head.seq, hash: store.head.hash, verified: true)
            let site = Site(
                processes: all, head: head, exercise: store.isExercise, rolesRestricted: store.rolesRestricted, today: today)
            return site.paths.reduce(0) { $0 + (site.render($1)?.count ?? 0) }
        }
        return Result(openSeconds: openSeconds, letters: letters, measurements: measurements)
    }

    static func table(_ result: Result, count: Int) -> String {
        var lines = [
            "rapporten bij inspraak-\(count) en \(result.letters) brieven (opslag openen \(String(format: "%.3f", result.openSeconds)) s)",
            "rapport              seconden         MB      MB/s   × status   piek MiB",
        ]
        let status = result.measurements.first { $0.name == "status" }?.seconds ?? 0
        for item in result.measurements {
            lines.append(
                item.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                    + String(
                        format: "%11.4f %10.2f %9.1f %10.1f %10.0f", item.seconds, Double(item.bytes) / 1e6, item.megabytesPerSecond,
                        status > 0 ? item.seconds / status : 0, item.peakRSSMegabytes))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ result: Result, count: Int) -> String {
        let reports = result.measurements.map { item in
            "\"\(item.name)\":{\"s\":\(String(format: "%.6f", item.seconds)),\"bytes\":\(item.bytes),"
                + "\"mb_per_s\":\(String(format: "%.3f", item.megabytesPerSecond)),\"peak_rss_mb\":\(String(format: "%.1f", item.peakRSSMegabytes))}"
        }.joined(separator: ",")
        return "{\"lib\":\"participatie\",\"bench\":\"reports\",\"n\":\(count),\"letters\":\(result.letters),"
            + "\"open_s\":\(String(format: "%.6f", result.openSeconds)),\"reports\":{\(reports)}}"
    }
}
