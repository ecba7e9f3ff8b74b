import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Synchronization
import Testing

/// Runs the built `participatie` binary and returns its exit code, standard output and
/// standard error apart.
struct Tool {
    let store: String
    var now = "2026-03-16T09:00:00+01:00"
    var actor = "projectleider"
    /// The working directory, for commands that name files relative to it.
    var directory: String?
    /// A command that runs the tool, such as `["/bin/sh", "-c", "umask 0; exec \"$0\" \"$@\""]`
    /// or `setpriv` to run it as another account; empty to run it directly.
    var launcher: [String] = []

    static var binary: URL {
        // The test bundle lives next to the executables in .build/<config>/.
        var url = Bundle.main.bundleURL
        for candidate in [url, url.deletingLastPathComponent()] {
            let binary = candidate.appendingPathComponent("participatie")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        url = TestSupport.repositoryRoot().appendingPathComponent(".build/debug/participatie")
        return url
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> (code: Int32, out: String, err: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["PARTICIPATIE_STORE"] = store
        environment["PARTICIPATIE_NOW"] = now
        environment["PARTICIPATIE_ACTOR"] = actor
        let command = launcher + [Self.binary.path] + arguments
        return try ProcessRunner.run(
            executable: command[0], arguments: Array(command.dropFirst()), environment: environment, directory: directory,
            stdin: stdin)
    }

    func status(_ process: String) throws -> [String: Any] {
        let result = try run(["status", process, "--format", "json"])
        guard result.code == 0, let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any] else {
            throw TestSupportError(message: "status faalde: \(result)")
        }
        return object
    }

    func counts(_ process: String) throws -> [String: Int] {
        (try status(process)["counts"] as? [String: Int]) ?? [:]
    }
}

@Suite("participatie end to end", .serialized)
struct EndToEndTests {
    let repository = TestSupport.repositoryRoot()

    func write(_ text: String, named name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the full inspraak walk with PARTICIPATIE_NOW, including every exit code")
    func inspraakWalk() throws {
        let directory = TestSupport.temporaryDirectory("e2e")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        let p = "inspraak-2026-001"

        tool.now = "2026-03-13T10:00:00+01:00"
        var result = try tool.run(["start", "inspraak", "--title", "Herinrichting Groenestraat", "--attr", "impact=midden"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("Proces \(p) gestart"))
        #expect(try tool.run(["document", "add", p, "--kind", "ontwerp", "--ref", "Z-2026-0142"]).code == 0)

        // Usage errors: 64.
        #expect(try tool.run(["advance", p]).code == 64)
        result = try tool.run(["status", p, "--formaat", "json"])
        #expect(result.code == 64)
        #expect(result.err.contains("Bedoelt u --format?"))
        #expect(try tool.run(["bestaat-niet"]).code == 64)

        tool.now = "2026-03-16T09:00:00+01:00"
        result = try tool.run(["advance", p, "terInzageLeggen"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("dinsdag 28-04-2026"))

        tool.now = "2026-04-20T10:00:00+02:00"
        result = try tool.run([
            "input", "add", p, "--kind", "inspraakreactie", "--text", "Meer bomen graag.", "--author", "J. de Vries", "--email",
            "j@example.nl",
        ])
        #expect(result.code == 0, "\(result)")
        result = try tool.run(
            [
                "input", "add", p, "--kind", "inspraakreactie", "--file", "-", "--public-name", "Bewonersvereniging Groenekwartier",
                "--received", "2026-04-18",
            ], stdin: "Behoud de speeltuin.")
        #expect(result.code == 0, "\(result)")

        // An import with one bad row writes nothing and names the row: 65.
        let bad = try write(
            "soort;tekst;ontvangen\ninspraakreactie;Goed plan;2026-04-01\nbrief;Verkeerde soort;2026-04-02\n", named: "bad.csv",
            in: directory)
        result = try tool.run(["input", "import", p, bad])
        #expect(result.code == 65)
        #expect(result.err.contains("bad.csv:3:"))
        #expect(try tool.counts(p)["inputs"] == 2)
        let good = try write(
            "kenmerk;soort;ontvangen;tekst\nDMS-1;inspraakreactie;2026-04-19;\"Fietsstraat, prima, maar let op de school.\"\n",
            named: "good.csv", in: directory)
        #expect(try tool.run(["input", "import", p, good]).code == 0)
        #expect(try tool.counts(p)["inputs"] == 3)

        // Refused by a rule: 1. The window is still open.
        result = try tool.run(["advance", p, "inzageSluiten"])
        #expect(result.code == 1)
        #expect(result.err.contains("loopt nog tot en met dinsdag 28-04-2026"))

        tool.now = "2026-04-29T09:00:00+02:00"
        #expect(try tool.run(["advance", p, "inzageSluiten"]).code == 0)
        #expect(try tool.run(["document", "add", p, "--kind", "reactienota", "--ref", "Z-2026-0150"]).code == 0)

        // Wrong role, and unanswered inputs named by id.
        tool.actor = "college"
        result = try tool.run(["advance", p, "besluiten"])
        #expect(result.code == 1)
        #expect(result.err.contains("Alle 3 inspraakreacties hebben nog geen antwoord: R-0001, R-0002, DMS-1."))
        tool.actor = "projectleider"
        #expect(try tool.run(["advance", p, "besluiten"]).err.contains("Alleen college van B en W mag"))

        let answers = try write(
            "kenmerk;oordeel;motivering\nR-0001;deels;\"We planten 12 bomen, niet 20.\"\nR-0002;overgenomen;De speeltuin blijft.\nDMS-1;kennisgenomen;De school krijgt een zone 30.\n",
            named: "answers.csv", in: directory)
        result = try tool.run(["feedback", "import", p, answers])
        #expect(result.code == 0, "\(result)")
        result = try tool.run(["feedback", "add", p, "R-0001", "--verdict", "bestaat-niet", "--reason", "x"])
        #expect(result.code == 64)

        tool.actor = "college"
        tool.now = "2026-05-12T10:00:00+02:00"
        #expect(try tool.run(["advance", p, "besluiten"]).code == 0)
        tool.actor = "projectleider"
        result = try tool.run(["advance", p, "afronden"])
        #expect(result.code == 1)
        #expect(
            result.err.contains("De antwoorden op alle 3 inspraakreacties zijn nog niet verstuurd: R-0001, R-0002, DMS-1."), "\(result.err)"
        )
        #expect(try tool.run(["feedback", "sent", p, "--all"]).code == 0)
        #expect(try tool.run(["advance", p, "afronden"]).code == 0)
        let status = try tool.status(p)
        #expect(status["isFinal"] as? Bool == true)
        #expect(status["outcome"] as? String == "vastgesteld")

        // The journal verifies; contact details never entered it.
        result = try tool.run(["verify"])
        #expect(result.code == 0, "\(result)")
        let journal = try String(contentsOfFile: tool.store + "/journal/000001.jsonl", encoding: .utf8)
        #expect(!journal.contains("j@example.nl"))
        #expect(!journal.contains("J. de Vries"))
        #expect(journal.contains("personalDigest"))
        let personal = try String(contentsOfFile: tool.store + "/personal.jsonl", encoding: .utf8)
        #expect(personal.contains("j@example.nl"))

        // A flipped byte in the middle of the journal: the store refuses to open (74) and verify names the seq.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: tool.store + "/journal/000001.jsonl")))
        let lines = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }
        let target = lines[3] + 40  // inside line 5
        bytes[target] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: tool.store + "/journal/000001.jsonl"))
        try? FileManager.default.removeItem(atPath: tool.store + "/snapshot.bin")
        result = try tool.run(["status", p])
        #expect(result.code == 74)
        result = try tool.run(["verify"])
        #expect(result.code == 74)
        #expect(result.out.contains("5"))
    }

    @Test("participatie demo runs the whole scenario and leaves nothing behind")
    func demo() throws {
        let directory = TestSupport.temporaryDirectory("demo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/unused")
        let result = try tool.run(["demo"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("GEWEIGERD — Besluiten kan niet: Alle 13 inspraakreacties hebben nog geen antwoord"))
        #expect(result.out.contains("Hashketen: gecontroleerd, in orde"))
        #expect(result.out.contains("In één oogopslag: elke inbreng beantwoord vóór elk besluit: ja · antwoord verstuurd: ja"))
        #expect(result.out.contains("Besluit \"Besluiten\" op 26-05-2026 door college: 13 inspraakreacties gewogen, geen zonder antwoord"))
        #expect(result.out.contains("Standaardantwoord"))
        // The letter: refused while unanswered, then visibly "geen opvolging" instead of silence.
        #expect(result.out.contains("GEWEIGERD — Voor kennisgeving aannemen kan niet: Beide punten uit de brief hebben nog geen antwoord"))
        #expect(result.out.contains("de brief staat nu zichtbaar in \"Geen opvolging door de raad\""))
        #expect(result.out.contains("de brief is gesloten met uitkomst: kennisgenomen"))
        // The uitdaagrecht: not ontvankelijk without the raad's kaders, no decision without an answer.
        #expect(result.out.contains("GEWEIGERD — Ontvankelijk verklaren kan niet: Document"))
        #expect(result.out.contains("GEWEIGERD — Uitdaging toekennen kan niet: 1 uitdaging heeft nog geen antwoord: U-1."))
        #expect(!FileManager.default.fileExists(atPath: directory + "/unused"))
    }

    @Test(
        "every command has --help",
        arguments: [
            ["demo"], ["validate"], ["term"], ["start"], ["input", "add"], ["input", "import"], ["input", "withdraw"], ["input", "assign"],
            ["feedback", "add"], ["feedback", "import"], ["feedback", "sent"], ["document", "add"], ["advance"], ["extend"],
            ["status"], ["list"], ["tick"], ["verify"], ["plan", "check"], ["plan", "paragraph"], ["plan", "attach"],
        ])
    func help(words: [String]) throws {
        let result = try Tool(store: "/nonexistent").run(words + ["--help"])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("Gebruik: participatie \(words.joined(separator: " "))"))
    }

    @Test("validate accepts every shipped workflow and rejects a broken one with file:line:column")
    func validate() throws {
        let directory = TestSupport.temporaryDirectory("validate")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("workflows").path)
            .filter { $0.hasSuffix(".json") }.map { repository.appendingPathComponent("workflows/\($0)").path }
        #expect(!files.isEmpty)
        #expect(try tool.run(["validate"] + files).code == 0)
        let broken = try write("{\n  \"formatVersion\": 1,\n  \"idd\": \"x\"\n}\n", named: "broken.json", in: directory)
        let result = try tool.run(["validate", broken])
        #expect(result.code == 1)
        #expect(result.out.contains("broken.json:3:3: fout: [PK002]"))
    }

    @Test("validate shows a doorwerking error with its path, fails warnings with --strict, and prints JSON")
    func validateRules() throws {
        let directory = TestSupport.temporaryDirectory("validate-rules")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory)
        let inspraak = try String(contentsOf: repository.appendingPathComponent("workflows/inspraak.json"), encoding: .utf8)
        // A shortcut from the reactienota straight to the end skips the besluit.
        let shortcut = inspraak.replacingOccurrences(
            of: #"{ "name": "afronden", "from": ["besloten"]"#, with: #"{ "name": "afronden", "from": ["besloten", "reactienota"]"#)
        #expect(shortcut != inspraak)
        let broken = try write(shortcut, named: "kortsluiting.json", in: directory)
        let result = try tool.run(["validate", broken])
        #expect(result.code == 1)
        #expect(
            result.out.contains(
                "fout: [PK031] terInzageLeggen → inzageSluiten → afronden: inbreng uit 'terInzage' bereikt eindtoestand 'afgerond' zonder besluit"
            ))
        #expect(result.out.contains("kortsluiting.json: niet in orde"))
        let json = try tool.run(["validate", broken, "--format", "json"])
        #expect(json.code == 1)
        #expect(json.out.contains(#""path" : ["#) || json.out.contains(#""path":["#))
        #expect(json.out.contains("inzageSluiten"))
        // An input kind nobody accepts is only a warning: fine without --strict, refused with it.
        let unused = inspraak.replacingOccurrences(
            of: #""inputKinds": {"#, with: #""inputKinds": { "klacht": { "label": "Klacht" },"#)
        #expect(unused != inspraak)
        let warned = try write(unused, named: "ongebruikt.json", in: directory)
        let lenient = try tool.run(["validate", warned])
        #expect(lenient.code == 0)
        #expect(lenient.out.contains("waarschuwing: [PK027]"))
        #expect(try tool.run(["validate", "--strict", warned]).code == 1)
    }

    @Test("term explains a deadline under the Algemene termijnenwet")
    func term() throws {
        let result = try Tool(store: "/nonexistent").run(["term", "2026-03-16", "--weeks", "6"])
        #expect(result.code == 0)
        #expect(result.out.contains("dinsdag 28-04-2026"))
        #expect(result.out.contains("Koningsdag"))
    }

    @Test("two processes appending at once lose nothing and the chain verifies")
    func concurrentWriters() throws {
        let directory = TestSupport.temporaryDirectory("concurrent")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.now = "2026-03-16T09:00:00+01:00"
        #expect(try tool.run(["start", "inspraak", "--title", "Gelijktijdig", "--attr", "impact=laag", "--id", "P"]).code == 0)
        #expect(try tool.run(["document", "add", "P", "--kind", "ontwerp", "--ref", "Z"]).code == 0)
        #expect(try tool.run(["advance", "P", "terInzageLeggen"]).code == 0)
        let perWriter = 25
        let script = (0..<perWriter).map {
            "participatie input add P --kind inspraakreactie --text \"reactie $1-\($0)\" >/dev/null || exit 1"
        }
        .joined(separator: "\n")
        let scriptPath = try write(
            "set -e\nPATH=\"\(Tool.binary.deletingLastPathComponent().path):$PATH\"\n" + script + "\n", named: "writer.sh", in: directory)
        let environment = ProcessInfo.processInfo.environment.merging([
            "PARTICIPATIE_STORE": tool.store, "PARTICIPATIE_NOW": "2026-03-20T09:00:00+01:00", "PARTICIPATIE_ACTOR": "projectleider",
        ]) { _, new in new }
        // Both writers at the same time, each on a thread of its own.
        let names = ["a", "b"]
        let results = Mutex<[String: Result<(code: Int32, out: String, err: String), any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let result = Result {
                try ProcessRunner.run(executable: "/bin/sh", arguments: [scriptPath, names[index]], environment: environment)
            }
            results.withLock { $0[names[index]] = result }
        }
        for name in names {
            let result = try #require(results.withLock { $0[name] }).get()
            #expect(result.code == 0, "schrijver \(name): \(result)")
        }
        #expect(try tool.counts("P")["inputs"] == 2 * perWriter)
        #expect(try tool.run(["verify"]).code == 0)
    }
}
