import Foundation

/// A usage error: exit code 64, with the help line of the command.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Bad input data (a file that cannot be read, a CSV with bad rows): exit code 65.
struct DataError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// An option a command accepts.
struct OptionSpec: Sendable {
    enum Kind: Sendable { case flag, value, repeated }
    var name: String
    var kind: Kind
    var valueName: String
    var help: String

    static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, kind: .flag, valueName: "", help: help) }
    static func value(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .value, valueName: valueName, help: help)
    }
    static func repeated(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .repeated, valueName: valueName, help: help)
    }
}

/// The options every command understands.
let globalOptions: [OptionSpec] = [
    .value("store", "MAP", "De opslag (standaard ./.participatie, of PARTICIPATIE_STORE)."),
    .value("as", "ROL[:NAAM]", "Wie handelt (of PARTICIPATIE_ACTOR), bijvoorbeeld college of projectleider:Fatima Yilmaz."),
    .flag("help", "Toon deze hulp."),
]

/// Parsed command-line arguments of one command.
struct ParsedArguments {
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// Parses `--name value`, `--name=value`, flags, and positionals (`--` ends options).
    init(_ arguments: [String], options: [OptionSpec]) throws(UsageError) {
        let specs = Dictionary((options + globalOptions).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                if argument.hasPrefix("-"), argument.count > 1, !onlyPositionals, argument != "-",
                    Int(argument) == nil
                {
                    if argument == "-h" {
                        flags.insert("help")
                        continue
                    }
                    throw UsageError(message: "Onbekende optie \(argument). Opties beginnen met --.")
                }
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = specs[name] else {
                let known = specs.keys.sorted()
                let suggestion = known.min { distance($0, name) < distance($1, name) }
                var message = "Onbekende optie --\(name)."
                if let suggestion, distance(suggestion, name) <= 2 { message += " Bedoelt u --\(suggestion)?" }
                throw UsageError(message: message)
            }
            switch spec.kind {
            case .flag:
                if inlineValue != nil { throw UsageError(message: "--\(name) heeft geen waarde.") }
                flags.insert(name)
            case .value, .repeated:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else {
                        throw UsageError(message: "--\(name) heeft een waarde nodig (\(spec.valueName)).")
                    }
                    value = arguments[index]
                    index += 1
                }
                if spec.kind == .value, values[name] != nil {
                    throw UsageError(message: "--\(name) staat er twee keer.")
                }
                values[name, default: []].append(value)
            }
        }
    }
}

private func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
