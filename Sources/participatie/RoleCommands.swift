import Foundation
import ParticipationKit

/// The roles of a store: who may act as what. While none is granted, anyone who may write the
/// store can act in any role; once one is, `--as ROL` needs a grant to the account.
let roleGrantCommand = CLICommand(
    words: ["role", "grant"],
    usage: "participatie role grant ACCOUNT ROL…",
    summary: "Geef een account één of meer rollen (alleen de beheerder van de opslag).",
    discussion: """
        ACCOUNT is de naam waarmee iemand op deze computer inlogt (zoals whoami die toont). De beheerder is het
        account dat de eerste regel van de opslag schreef. Zodra één rol is toegekend, moet elke --as ROL bij het
        account horen dat de opdracht geeft; anders wordt de opdracht geweigerd (afsluitcode 1). De rol systeem
        kan niemand krijgen: wat vanzelf gaat, doet participatie tick. Toekennen is een regel in het journaal.
        """,
    positionals: 2...64
) { context, arguments in
    let account = arguments.positionals[0]
    let roles = arguments.positionals.dropFirst().map { RoleID($0) }
    let store = try context.openStore(arguments)
    let events = try store.grant(Array(roles), to: account, at: try context.now())
    context.print("\(account) heeft nu de rol \(roles.map(\.rawValue).joined(separator: ", ")).")
    if let seq = events.last?.seq { context.print("Vastgelegd in regel \(seq) van het journaal.") }
    return ExitCode.ok
}

let roleRevokeCommand = CLICommand(
    words: ["role", "revoke"],
    usage: "participatie role revoke ACCOUNT ROL…",
    summary: "Neem een account één of meer rollen af (alleen de beheerder van de opslag).",
    positionals: 2...64
) { context, arguments in
    let account = arguments.positionals[0]
    let roles = arguments.positionals.dropFirst().map { RoleID($0) }
    let store = try context.openStore(arguments)
    let events = try store.revoke(Array(roles), from: account, at: try context.now())
    context.print("\(account) heeft de rol \(roles.map(\.rawValue).joined(separator: ", ")) niet meer.")
    if let seq = events.last?.seq { context.print("Vastgelegd in regel \(seq) van het journaal.") }
    return ExitCode.ok
}

let roleListCommand = CLICommand(
    words: ["role", "list"],
    usage: "participatie role list [--format text|json]",
    summary: "Toon de beheerder en welke accounts welke rollen hebben.",
    options: [formatOption]
) { context, arguments in
    struct Output: Encodable {
        var formatVersion = 1
        var administrator: String?
        var restricted: Bool
        var exercise: Bool
        var grants: [Grant]
        struct Grant: Encodable {
            var account: String
            var roles: [String]
        }
    }
    let format = try context.format(arguments)
    let store = try context.openStore(arguments, access: .readOnly)
    let grants = store.roleGrants.map { Output.Grant(account: $0.account, roles: $0.roles.map(\.rawValue)) }
    if format == "json" {
        try context.printJSON(
            Output(administrator: store.administrator, restricted: store.rolesRestricted, exercise: store.isExercise, grants: grants))
        return ExitCode.ok
    }
    for notice in storeNotices(store, roles: true) { context.print("Let op: \(notice)") }
    context.print("Beheerder: \(store.administrator ?? "onbekend (opslag van voor de beheerder werd bijgehouden)")")
    if grants.isEmpty {
        context.print("Er zijn geen rollen toegekend.")
    } else {
        context.print(alignedTable([["account", "rollen"]] + grants.map { [$0.account, $0.roles.joined(separator: ", ")] }))
    }
    return ExitCode.ok
}
