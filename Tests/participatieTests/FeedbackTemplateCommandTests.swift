import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// The answers round trip a projectleider makes in Excel: a template of every unanswered input,
/// filled in, read back.
@Suite("participatie feedback template and import", .serialized)
struct FeedbackTemplateCommandTests {
    @Test("template for Excel, filled in part, saved as Windows-1252, imported: answers kept, blanks and columns named")
    func roundTrip() throws {
        let directory = TestSupport.temporaryDirectory("template")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/store")
        for arguments in [
            ["start", "inspraak", "--title", "Plein", "--id", "P", "--attr", "impact=laag"],
            ["document", "add", "P", "--kind", "ontwerp", "--ref", "Z-1"], ["advance", "P", "terInzageLeggen"],
            ["input", "add", "P", "--kind", "inspraakreactie", "--text", "Meer bomen.", "--theme", "groen", "--owner", "Team Groen"],
            ["input", "add", "P", "--kind", "inspraakreactie", "--text", "Minder auto's.", "--theme", "verkeer"],
        ] {
            #expect(try tool.run(arguments).code == 0, "\(arguments)")
        }
        let template = try tool.run(["feedback", "template", "P", "--excel"])
        #expect(template.code == 0)
        #expect(template.out.hasPrefix("\u{FEFF}kenmerk;soort;thema;behandelaar;tekst;oordeel;motivering\r\n"))
        #expect(template.out.contains("R-0001;inspraakreactie;groen;Team Groen;Meer bomen.;;\r\n"))
        // Filled in as a user would in Excel: one answer, one left blank; saved as "CSV (puntkomma)".
        let filled = String(template.out.dropFirst())
            .replacingOccurrences(
                of: "R-0001;inspraakreactie;groen;Team Groen;Meer bomen.;;",
                with: "R-0001;inspraakreactie;groen;Team Groen;Meer bomen.;deels overgenomen;Er komen zes bomen, geen twaalf.")
        let bytes = filled.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        let file = directory + "/antwoorden.csv"
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        let result = try tool.run(["feedback", "import", "P", file])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("Overgeslagen kolommen (alleen ter informatie): soort, thema, behandelaar, tekst."))
        #expect(result.out.contains("1 regel zonder oordeel en motivering overgeslagen"))
        #expect(result.out.contains("1 antwoord vastgelegd in P."))
        // The next template holds only what is still open.
        let next = try tool.run(["feedback", "template", "P"])
        #expect(next.out.contains("R-0002") && !next.out.contains("R-0001"))
        #expect(next.out.contains("R-0002,inspraakreactie,verkeer,,Minder auto's.,,"), "\(next.out)")
        // With --owner, only that behandelaar's inputs.
        try #require(tool.run(["input", "assign", "P", "R-0002", "--to", "Afdeling Verkeer"]).code == 0)
        let mine = try tool.run(["feedback", "template", "P", "--owner", "afdeling verkeer"])
        #expect(mine.out.contains("R-0002,inspraakreactie,verkeer,Afdeling Verkeer,"), "\(mine.out)")
        #expect(
            try tool.run(["feedback", "template", "P", "--owner", "Team Groen"]).out
                == "kenmerk,soort,thema,behandelaar,tekst,oordeel,motivering\r\n")
    }
}
