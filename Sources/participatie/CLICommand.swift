import Foundation
import ParticipationKit

/// One command of the `participatie` tool: its words, help and how it runs.
struct CLICommand: Sendable {
    /// The words that name it, for example `["input", "add"]`.
    var words: [String]
    var usage: String
    var summary: String
    var discussion: String = ""
    var options: [OptionSpec] = []
    /// How many positionals it takes.
    var positionals: ClosedRange<Int> = 0...0
    var run: @Sendable (Context, ParsedArguments) throws -> Int32

    var name: String { words.joined(separator: " ") }

    /// The `--help` text.
    var help: String {
        var lines = ["Gebruik: \(usage)", "", summary]
        if !discussion.isEmpty { lines += ["", discussion] }
        let all = options + globalOptions
        lines += ["", "Opties:"]
        let rendered = all.map { option -> (String, String) in
            let left = option.kind == .flag ? "--\(option.name)" : "--\(option.name) \(option.valueName)"
            return (left, option.help)
        }
        let width = rendered.map(\.0.count).max() ?? 0
        for (left, help) in rendered {
            lines.append("  " + left.padding(toLength: width + 2, withPad: " ", startingAt: 0) + help)
        }
        return lines.joined(separator: "\n")
    }
}

/// Exit codes (DESIGN §8).
enum ExitCode {
    static let ok: Int32 = 0
    static let refused: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let ioError: Int32 = 74
}

let formatOption = OptionSpec.value("format", "text|json", "Uitvoer als tekst (standaard) of als JSON.")

/// All commands, in the order `participatie --help` lists them.
let allCommands: [CLICommand] = [
    demoCommand, validateCommand, diagramCommand, termCommand, planNewCommand, planCheckCommand, planParagraphCommand, planAttachCommand,
    startCommand,
    inputAddCommand, inputImportCommand, inputAssignCommand,
    inputWithdrawCommand, redactCommand, feedbackAddCommand, feedbackImportCommand, feedbackTemplateCommand, feedbackSentCommand,
    documentAddCommand,
    advanceCommand, extendCommand, statusCommand, listCommand, reportAuditCommand, reportRegisterCommand, reportReactienotaCommand,
    deadlinesCommand,
    tickCommand, publishCommand, verifyCommand, roleGrantCommand, roleRevokeCommand, roleListCommand,
]

/// `participatie --help`.
func overviewHelp() -> String {
    var lines = [
        "participatie — participatieprocessen als werkstroom, met een antwoord op elke inbreng.",
        "",
        "Gebruik: participatie OPDRACHT [OPTIES]",
        "",
        "Opdrachten:",
    ]
    let width = allCommands.map(\.name.count).max() ?? 0
    for command in allCommands {
        lines.append("  " + command.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary)
    }
    lines += [
        "",
        "Iedere opdracht heeft --help. Omgeving: PARTICIPATIE_STORE (opslag), PARTICIPATIE_ACTOR (wie handelt),",
        "PARTICIPATIE_NOW (tijdstip, ISO 8601, voor tests en het naspelen van papieren archieven).",
        "Afsluitcodes: 0 gelukt · 1 geweigerd door een regel of fouten in een werkstroom · 64 verkeerd gebruik ·",
        "65 onjuiste invoer · 74 fout in de opslag.",
        "",
        "Begin met: participatie demo",
    ]
    return lines.joined(separator: "\n")
}

/// Finds the command named by the first words of `arguments`.
func findCommand(_ arguments: [String]) -> (CLICommand, [String])? {
    let sorted = allCommands.sorted { $0.words.count > $1.words.count }
    for command in sorted where arguments.count >= command.words.count {
        if Array(arguments.prefix(command.words.count)) == command.words {
            return (command, Array(arguments.dropFirst(command.words.count)))
        }
    }
    return nil
}

/// Runs the tool with arguments (without the program name) and returns the exit code.
func runTool(_ arguments: [String], context: Context) -> Int32 {
    if arguments.isEmpty || arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
        context.print(overviewHelp())
        return arguments.isEmpty ? ExitCode.usage : ExitCode.ok
    }
    if arguments == ["--version"] {
        context.print("participatie \(toolVersion)")
        return ExitCode.ok
    }
    var words = arguments
    if words.first == "help" { words = Array(words.dropFirst()) + ["--help"] }
    guard let (command, rest) = findCommand(words) else {
        let group = allCommands.filter { $0.words.first == words.first && $0.words.count > 1 }
        if !group.isEmpty {
            let wantsHelp = words.count == 1 || words.dropFirst().allSatisfy { $0 == "--help" || $0 == "-h" }
            var lines = wantsHelp ? [] : ["Onbekende opdracht: participatie \(words.prefix(2).joined(separator: " "))", ""]
            lines.append("Opdrachten met \(words[0]):")
            for command in group { lines.append("  \(command.name) — \(command.summary)") }
            if wantsHelp {
                context.print(lines.joined(separator: "\n"))
                return ExitCode.ok
            }
            context.warn(lines.joined(separator: "\n"))
            return ExitCode.usage
        }
        context.warn("Onbekende opdracht \"\(words[0])\". Zie: participatie --help")
        return ExitCode.usage
    }
    var process: String?
    do {
        let parsed = try ParsedArguments(rest, options: command.options)
        process = command.usage.contains(" PROC") ? parsed.positionals.first : nil
        if parsed.has("help") {
            context.print(command.help)
            return ExitCode.ok
        }
        guard command.positionals.contains(parsed.positionals.count) else {
            throw UsageError(
                message: parsed.positionals.count < command.positionals.lowerBound
                    ? "Er ontbreekt iets." : "Te veel argumenten: \(parsed.positionals.joined(separator: " ")).")
        }
        // Before the command does anything: no --out may write into the store.
        try context.refuseOutputInStore(parsed)
        return try command.run(context, parsed)
    } catch let error as UsageError {
        context.warn("\(error.message)\nGebruik: \(command.usage)\nZie: participatie \(command.name) --help")
        return ExitCode.usage
    } catch let error as DataError {
        context.warn(error.message)
        return ExitCode.dataError
    } catch let error as ImportError {
        context.warn(error.description)
        return ExitCode.dataError
    } catch let error as WorkflowFileError {
        context.warn(error.description)
        return ExitCode.dataError
    } catch let error as StoreError {
        switch error {
        case .refused(let refusal):
            context.warn(CommandLineHints.describe(refusal, process: process))
            return ExitCode.refused
        case .processNotFound:
            context.warn(error.description)
            return ExitCode.dataError
        case .io(let message), .journal(.io(let message)):
            context.warn(message)
            return ExitCode.ioError
        case .journal, .integrity:
            context.warn(error.description + " " + CommandLineHints.integrityHint())
            return ExitCode.ioError
        case .clock(.wentBack):
            context.warn(error.description)
            return ExitCode.ioError
        case .clock:
            context.warn(error.description + " " + CommandLineHints.clockHint())
            return ExitCode.usage
        }
    } catch {
        context.warn("Onverwachte fout: \(error)")
        return ExitCode.ioError
    }
}

let toolVersion = "0.1.0"
