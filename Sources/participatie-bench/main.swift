import Foundation
import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// `participatie-bench`: the inspraak-N workload of `../shared/bench/README.md` on the engine,
/// for the side-by-side comparison with the Python peers (`.ci/bench-compare`).
///
/// Build it in release: `swift build -c release --product participatie-bench`.

let usage = """
    participatie-bench — meet inspraak-N op ParticipationKit (zie .ci/bench-compare)

    Gebruik:
      participatie-bench [inspraak] [--n N[,N…]] [--batch B] [--dir MAP] [--keep]
      participatie-bench workload-digest --n N
      participatie-bench replay --dir MAP        (een bewaarde opslag openen en herafspelen)
      participatie-bench reports [--n N[,N…]] [--dir MAP] [--keep] [--json]
                                                 (rapporten, site en termijnen bij inspraak-N)

    Opties:
      --n N[,N…]     aantal inspraakreacties (standaard 10000); meerdere N draaien na elkaar
      --batch B      gebeurtenissen per opdracht voor inbreng en terugkoppeling (standaard 1000;
                     1 = elke gebeurtenis apart duurzaam geschreven)
      --dir MAP      map voor de opslag (standaard een nieuwe map in de tijdelijke map)
      --keep         de opslag na afloop laten staan
      --json         alleen de JSON-regel afdrukken

    Per N komt er een tabel per stap (a–h) op stderr en één JSON-regel op stdout:
      {"lib":"participatie","n":…,"steps":{"a":…,…},"total_s":…,"peak_rss_mb":…}
    reports maakt per N de opslag van inspraak-N met N/1000 brieven aan de raad, en meet dan de
    reactienota (tekst en HTML), de audit, het register, de termijnen en de site (elke pagina),
    naast de status: seconden, MB uitvoer, MB/s en hoeveel keer de status, en één JSON-regel:
      {"bench":"reports","n":…,"reports":{"reactienota-text":{"s":…,"bytes":…,"mb_per_s":…},…}}
    """

struct Options {
    var command = "inspraak"
    var counts = [10_000]
    var batch = 1_000
    var directory: String?
    var keep = false
    var jsonOnly = false
}

func parse(_ arguments: [String]) -> Options? {
    var options = Options()
    var rest = arguments[...]
    if let first = rest.first, !first.hasPrefix("-") {
        options.command = first
        rest = rest.dropFirst()
    }
    while let argument = rest.popFirst() {
        switch argument {
        case "--n":
            guard let value = rest.popFirst() else { return nil }
            let counts = value.split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
            guard !counts.isEmpty, counts.allSatisfy({ $0 >= 0 }) else { return nil }
            options.counts = counts
        case "--batch":
            guard let value = rest.popFirst(), let batch = Int(value), batch > 0 else { return nil }
            options.batch = batch
        case "--dir":
            guard let value = rest.popFirst() else { return nil }
            options.directory = value
        case "--keep": options.keep = true
        case "--json": options.jsonOnly = true
        case "-h", "--help":
            print(usage)
            exit(0)
        default: return nil
        }
    }
    return options
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

guard let options = parse(Array(CommandLine.arguments.dropFirst())) else {
    printError(usage)
    exit(64)
}

switch options.command {
case "replay":
    guard let directory = options.directory else {
        printError("participatie-bench replay: geef --dir MAP (een opslag, bijvoorbeeld van --keep)")
        exit(64)
    }
    let clock = Clock()
    let start = clock.now
    do {
        let store = try ParticipationStore(path: directory, session: .exercise())
        let seconds = clock.now - start
        let events = store.head.seq
        print(
            "{\"replay_s\":\(seconds),\"events\":\(events),\"events_per_s\":\(Int(Double(events) / max(seconds, 1e-9))),"
                + "\"peak_rss_mb\":\(InspraakBenchmark.peakRSSMegabytes())}")
    } catch {
        printError("participatie-bench replay: \(error)")
        exit(1)
    }
case "workload-digest":
    for count in options.counts { print(Workload(count: count).digest) }
case "inspraak":
    for count in options.counts {
        let directory =
            options.directory ?? (NSTemporaryDirectory() + "/participatie-bench-\(getpid())-\(count)")
        try? FileManager.default.removeItem(atPath: directory)
        let benchmark = InspraakBenchmark(count: count, batch: options.batch, directory: directory)
        do {
            let result = try benchmark.run(Workload(count: count))
            if !options.keep { try? FileManager.default.removeItem(atPath: directory) }
            if !options.jsonOnly { printError(BenchmarkReport.table(result, count: count, batch: options.batch)) }
            print(BenchmarkReport.json(result, count: count, batch: options.batch))
        } catch {
            if !options.keep { try? FileManager.default.removeItem(atPath: directory) }
            printError("participatie-bench: inspraak-\(count) mislukt: \(error)")
            exit(1)
        }
    }
case "reports":
    for count in options.counts {
        let directory =
            options.directory.map { options.counts.count > 1 ? "\($0)-\(count)" : $0 }
            ?? (NSTemporaryDirectory() + "/participatie-bench-reports-\(getpid())-\(count)")
        try? FileManager.default.removeItem(atPath: directory)
        let benchmark = ReportsBenchmark(count: count, directory: directory)
        do {
            try benchmark.prepare()
            let result = try benchmark.run()
            if !options.keep { try? FileManager.default.removeItem(atPath: directory) }
            if !options.jsonOnly { printError(ReportsBenchmark.table(result, count: count)) }
            print(ReportsBenchmark.json(result, count: count))
        } catch {
            if !options.keep { try? FileManager.default.removeItem(atPath: directory) }
            printError("participatie-bench: rapporten bij inspraak-\(count) mislukt: \(error)")
            exit(1)
        }
    }
default:
    printError(usage)
    exit(64)
}
