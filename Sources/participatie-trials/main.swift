import Foundation
import ParticipationKit
import ParticipationKitTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `participatie-trials`: the trials of the store. `store-trials` runs the model-based store
/// trials (``StoreTrial``) for many seeds, with progress on stderr and a Dutch summary on stdout
/// (exit 1 when a seed fails); `writer`, `crash-trials`, `crash-trial` and `concurrent-writers`
/// put the store under crashes and concurrent writers (WriterLoop.swift).
///
/// Build it in release: `swift build -c release --product participatie-trials`.

let usage = """
    participatie-trials — proeven met de opslag tegen een eenvoudig model

    Gebruik:
      participatie-trials store-trials [--seeds N] [--seed S] [--profile small|real] [--dir MAP]

    store-trials
      Draait N zaden (S, S+1, …). Elk zaad doet een willekeurige reeks opdrachten (1 tot 60.000
      regels, teksten van 100 bytes tot 100 KB) op een nieuwe opslag. Tussendoor wordt de snapshot
      geschreven, verwijderd, door een oudere vervangen of beschadigd, en schrijft een tweede
      schrijver mee. Na elke stap wordt de opslag op elke manier geopend (schrijvend en lezend,
      vanaf de snapshot en vanaf regel 1, op één draad en op twee met verschillende partijen) en
      vergeleken met een eenvoudig model; ook `verify` moet in orde zijn.

    Opties:
      --seeds N        aantal zaden (standaard 100)
      --seed S         eerste zaad (standaard 1)
      --profile P      small: verlaagde grenzen, kleine opdrachten (standaard)
                       real: de echte grenzen (partijen van 1.024 regels, twee draden vanaf 1 MiB,
                       segmenten van 2, 4 of 64 MiB), opdrachten tot 60.000 regels
      --dir MAP        map voor de opslagen (standaard een nieuwe map in de tijdelijke map);
                       de opslag van een mislukt zaad blijft daar staan
      -h, --help       deze hulp

    Bij een fout: het zaad, de stap en het verloop tot dan, en de opdracht om het zaad opnieuw te draaien.
    Stopt het programma zelf (een crash in participatie), dan staan de opslag en het verloop tot dan in
    MAP/zaad-N en MAP/zaad-N.verloop.txt.
    Afsluitcode 0 als alle zaden slagen, 1 als er een faalt, 64 bij verkeerd gebruik.
    """

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func count(_ value: some BinaryInteger) -> String { InputLimits.number(Int(value)) }

func seconds(_ value: Double) -> String {
    String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",") + " s"
}

func monotonic() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

struct Options {
    var seeds = 100
    var seed: UInt64 = 1
    var profile = StoreTrialProfile.small
    var directory: String?
}

func parse(_ arguments: [String]) -> Options? {
    var rest = arguments[...]
    guard rest.popFirst() == "store-trials" else { return nil }
    var options = Options()
    while let argument = rest.popFirst() {
        switch argument {
        case "--seeds":
            guard let value = rest.popFirst().flatMap({ Int($0) }), value > 0 else { return nil }
            options.seeds = value
        case "--seed":
            guard let value = rest.popFirst().flatMap({ UInt64($0) }) else { return nil }
            options.seed = value
        case "--profile":
            guard let value = rest.popFirst().flatMap(StoreTrialProfile.named) else { return nil }
            options.profile = value
        case "--dir":
            guard let value = rest.popFirst() else { return nil }
            options.directory = value
        default:
            return nil
        }
    }
    return options
}

let arguments = Array(CommandLine.arguments.dropFirst())
// `writer`, `crash-trials`, `crash-trial`, `concurrent-writers`: the store under crashes and
// concurrency (WriterLoop.swift).
if let code = StoreTrialCommand.run(arguments) { exit(code) }
if arguments.isEmpty || arguments.contains("-h") || arguments.contains("--help") {
    print(usage + "\n\n" + StoreTrialCommand.usage)
    exit(arguments.isEmpty ? 64 : 0)
}
guard let options = parse(arguments) else {
    printError(usage)
    exit(64)
}

let directory = options.directory ?? (NSTemporaryDirectory() + "participatie-trials-\(getpid())")
let started = monotonic()
var lastReport = started
var figures = StoreTrialFigures()
var failures: [StoreTrialFailure] = []
printError(
    "\(count(options.seeds)) zaden vanaf \(options.seed), profiel \(options.profile.name), opslagen in \(directory)")
for offset in 0..<options.seeds {
    let seed = options.seed &+ UInt64(offset)
    let result = StoreTrial.run(seed: seed, profile: options.profile, directory: directory)
    figures.add(result.figures)
    if let failure = result.failure {
        failures.append(failure)
        printError("\n" + failure.description + "\n")
    }
    let now = monotonic()
    if now - lastReport >= 5 || offset == options.seeds - 1 {
        lastReport = now
        printError(
            "  \(count(offset + 1))/\(count(options.seeds)) zaden, \(count(figures.steps)) stappen, "
                + "\(count(figures.reopenings)) keer geopend, \(count(figures.failures)) fout, \(seconds(now - started))")
    }
}
if failures.isEmpty { try? FileManager.default.removeItem(atPath: directory) }

let mebibytes = String(format: "%.1f", Double(figures.journalBytes) / 1_048_576).replacingOccurrences(of: ".", with: ",")
print(
    "Opslagproeven (profiel \(options.profile.name)): \(count(figures.seeds)) zaden, \(count(figures.steps)) stappen, "
        + "\(count(figures.commands)) opdrachten (\(count(figures.acceptedCommands)) aanvaard, \(count(figures.refusalsPredicted)) "
        + "weigeringen voorspeld), \(count(figures.lines)) journaalregels geschreven (\(mebibytes) MiB), grootste opdracht "
        + "\(count(figures.largestCommand)) regels, tot \(count(figures.mostSegments)) segmenten; \(count(figures.reopenings)) keer "
        + "geopend en vergeleken (\(count(figures.pipelinedReadings)) met een segment groot genoeg voor twee draden); snapshot \(count(figures.snapshotsWritten)) keer "
        + "geschreven (en \(count(figures.snapshotsLeftByReaders)) keer achtergelaten door een lezende opening), \(count(figures.snapshotsDeleted)) keer verwijderd, \(count(figures.staleSnapshots)) keer een oudere "
        + "teruggezet, \(count(figures.damagedSnapshots)) keer beschadigd; \(count(figures.secondWriterCommands)) opdrachten van de "
        + "tweede schrijver, \(count(figures.catchUps)) keer ingehaald; \(count(figures.failures)) "
        + "\(figures.failures == 1 ? "zaad faalt" : "zaden falen"); \(seconds(monotonic() - started))")
for failure in failures.prefix(10) {
    print("FOUT: zaad \(failure.seed) na stap \(failure.step): \(failure.problems.first ?? "") — opslag in \(failure.store)")
}
exit(failures.isEmpty ? 0 : 1)
