import Foundation
import ParticipationKit

let diagramCommand = CLICommand(
    words: ["diagram"],
    usage: "participatie diagram WERKSTROOM [--format mermaid|dot] [--out BESTAND]",
    summary: "Teken een werkstroom als toestandsdiagram (Mermaid of Graphviz DOT).",
    discussion: """
        WERKSTROOM is de naam van een meegeleverde werkstroom (\(ShippedWorkflows.names.joined(separator: ", ")))
        of een pad naar een werkstroombestand. De toestanden staan per fase: samen denken, besluiten, doen en leren.
        Een besluit begint met "⚖ besluit:". Een stap die vanzelf gaat, toont de termijn ("na 8 weken"). De noodrem
        en andere stappen die vanuit elke toestand kunnen, staan er één keer in, vanuit het vak "vanuit elke toestand".
        Mermaid kunt u in Markdown plakken (GitHub, GitLab). Van DOT maakt Graphviz een plaatje:
        participatie diagram inspraak --format dot | dot -Tsvg -o inspraak.svg
        Een bestand dat niet te lezen is, wordt niet getekend (afsluitcode 65). Een werkstroom die wel te lezen is
        maar fouten heeft (zie validate), wordt wel getekend; de bevindingen staan dan op het foutkanaal.
        """,
    options: [
        .value("format", "mermaid|dot", "Mermaid stateDiagram-v2 (standaard) of Graphviz DOT."),
        .value("out", "BESTAND", "Schrijf het diagram naar dit bestand in plaats van naar het scherm."),
    ],
    positionals: 1...1
) { context, arguments in
    let formatText = arguments.value("format") ?? WorkflowDiagram.Format.mermaid.rawValue
    guard let format = WorkflowDiagram.Format(rawValue: formatText) else {
        let allowed = WorkflowDiagram.Format.allCases.map(\.rawValue).joined(separator: ", ")
        throw UsageError(message: "Onbekend formaat \"\(formatText)\"; kies uit \(allowed).")
    }
    let file = try loadWorkflow(arguments.positionals[0], context: context)
    // A workflow with rule errors is still drawn: the picture often shows the problem best.
    let diagnostics = WorkflowValidator.diagnostics(for: file)
    for diagnostic in diagnostics { context.warn(diagnostic.description) }
    if diagnostics.containsErrors {
        context.warn(
            "\(file.file ?? arguments.positionals[0]): niet in orde (zie hierboven); het diagram laat de werkstroom zien zoals hij is.")
    }
    let diagram = WorkflowDiagram.render(file.definition, as: format)
    if let path = arguments.value("out") {
        try context.writeAtomically(Array(diagram.utf8), to: path, what: "het diagram")
        context.print("Diagram (\(format.rawValue)) geschreven naar \(path).")
    } else {
        context.print(String(diagram.dropLast()))
    }
    return ExitCode.ok
}
