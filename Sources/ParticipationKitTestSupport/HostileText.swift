import Foundation
import ParticipationKit

/// A piece of hostile text and a plain word in it, to show the text did reach the output.
public struct HostileText: Sendable, CustomStringConvertible {
    public var name: String
    public var text: String
    public var marker: String
    public var description: String { name }

    /// One of each kind of trouble: HTML, formulas (also after whitespace), terminal
    /// escapes, CR, C1 controls, bidi overrides, the other format characters (RLM, ALM,
    /// zero-width joiners, BOM, tag characters, soft hyphen…), Markdown structure, iCalendar
    /// separators and a long line.
    public static let all: [HostileText] = [
        HostileText(name: "script", text: "<script>alert(1)</script>Scriptje", marker: "Scriptje"),
        HostileText(name: "attribuut", text: "\"><img src=x onerror=alert(1)>Plaatje", marker: "Plaatje"),
        HostileText(name: "entiteit", text: "&lt;b&gt; &amp; Entiteit", marker: "Entiteit"),
        HostileText(name: "formule =", text: "=HYPERLINK(\"http://x\",\"Klik\")", marker: "HYPERLINK"),
        HostileText(name: "formule +", text: "+31 6 Plusnummer", marker: "Plusnummer"),
        HostileText(name: "formule -", text: "-2+3 Minteken", marker: "Minteken"),
        HostileText(name: "formule @", text: "@SUM(A1) Apenstaart", marker: "Apenstaart"),
        HostileText(name: "formule na spaties", text: "  =1+1 Spatieformule", marker: "Spatieformule"),
        HostileText(name: "formule na tab", text: "\t=1+1 Tabformule", marker: "Tabformule"),
        HostileText(name: "formule na CR", text: "\r=1+1 Terugformule", marker: "Terugformule"),
        HostileText(name: "formule na LF", text: "\n=1+1 Regelformule", marker: "Regelformule"),
        HostileText(name: "formule na NBSP", text: "\u{A0}=1+1 Vastformule", marker: "Vastformule"),
        HostileText(name: "ESC-kleur", text: "\u{1B}[31mROOD\u{1B}[0m", marker: "ROOD"),
        HostileText(name: "OSC-titel met BEL", text: "\u{1B}]0;Venstertitel\u{07}", marker: "Venstertitel"),
        HostileText(name: "CR overschrijft", text: "Echt\rNEPTEKST", marker: "NEPTEKST"),
        HostileText(name: "C1 CSI", text: "\u{9B}31mCeeEen", marker: "CeeEen"),
        HostileText(name: "NEL", text: "Voor\u{85}Nalijn", marker: "Nalijn"),
        HostileText(name: "bidi override", text: "\u{202E}Omgekeerd.exe", marker: "Omgekeerd"),
        HostileText(name: "bidi isolate", text: "\u{2066}Geisoleerd\u{2069}", marker: "Geisoleerd"),
        HostileText(name: "RLM en LRM", text: "\u{200F}Rechtsaf\u{200E} 12\u{200F}", marker: "Rechtsaf"),
        HostileText(name: "ALM", text: "\u{061C}Arabischteken", marker: "Arabischteken"),
        HostileText(name: "nulbreedte", text: "Nul\u{200B}breed\u{200C}en\u{200D}Verbonden", marker: "Verbonden"),
        HostileText(name: "BOM en woordverbinder", text: "\u{FEFF}Woordbegin\u{2060}\u{2061}\u{2064}", marker: "Woordbegin"),
        HostileText(name: "verouderde vormtekens", text: "\u{206A}\u{206E}Vormteken\u{206F}", marker: "Vormteken"),
        HostileText(name: "annotatie", text: "\u{FFF9}Annotatie\u{FFFA}uitleg\u{FFFB}", marker: "Annotatie"),
        HostileText(name: "tags", text: "\u{E0001}\u{E0065}\u{E006E}Tagtekst\u{E007F}", marker: "Tagtekst"),
        HostileText(name: "zacht afbreekstreepje", text: "Zacht\u{AD}Afbreken", marker: "Afbreken"),
        HostileText(name: "Mongoolse scheider", text: "\u{180E}Mongools", marker: "Mongools"),
        HostileText(name: "emoji met ZWJ", text: "\u{1F469}\u{200D}\u{1F467} Gezin", marker: "Gezin"),
        HostileText(name: "DEL en BEL", text: "Wis\u{7F}\u{07}Bel", marker: "Wis"),
        HostileText(name: "lijnscheiding", text: "Regel\u{2028}Alinea\u{2029}Scheiding", marker: "Scheiding"),
        HostileText(name: "tabel", text: "a | b | Tabelbreker", marker: "Tabelbreker"),
        HostileText(name: "regeleinden", text: "Eerste\nTweede\n\n# Kopregel\n> Citaatregel", marker: "Citaatregel"),
        HostileText(name: "kop", text: "# Kopje", marker: "Kopje"),
        HostileText(name: "citaat", text: "> Geciteerd", marker: "Geciteerd"),
        HostileText(name: "lijst", text: "- Lijstpunt", marker: "Lijstpunt"),
        HostileText(name: "genummerd", text: "1. Genummerd", marker: "Genummerd"),
        HostileText(name: "ster", text: "* Sterpunt", marker: "Sterpunt"),
        HostileText(name: "link", text: "[Klikhier](javascript:alert(1)) ![x](http://x/y.png)", marker: "Klikhier"),
        HostileText(name: "code", text: "```\nCodeblok\n```", marker: "Codeblok"),
        HostileText(name: "ics-tekens", text: "a,b;c\\d Agendatekst", marker: "Agendatekst"),
        HostileText(
            name: "lang", text: String(repeating: "é", count: 90) + " Langeregel " + String(repeating: "😀", count: 30), marker: "Langeregel"
        ),
    ]
}

/// Checks of rendered output that tests share: what must never reach a terminal, a browser,
/// a Markdown reader, a spreadsheet or a calendar raw.
public enum OutputChecks: Sendable {
    /// The scalars no output may carry raw: C0 controls (line feed aside; tab only in CSV;
    /// CR only as part of CRLF in CSV and iCalendar), DEL, C1 controls, line and paragraph
    /// separators and format characters (general category Cf: bidi embeddings, overrides,
    /// isolates and marks, zero-width spaces and joiners, BOM, soft hyphen, tag characters…).
    ///
    /// Written apart from the renderers' own definition, so a gap there shows here.
    ///
    /// - Parameter byteOrderMark: Allow U+FEFF as the very first scalar (CSV for Excel
    ///   starts with one); anywhere else it is text that hides.
    public static func rawControls(_ text: String, tabs: Bool = false, crlf: Bool = false, byteOrderMark: Bool = false) -> [String] {
        var found: [String] = []
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            if value == 0x0A { continue }
            if value == 0x09, tabs { continue }
            if value == 0x0D, crlf, index + 1 < scalars.count, scalars[index + 1] == "\n" { continue }
            if value == 0xFEFF, byteOrderMark, index == 0 { continue }
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator, .format:
                found.append("U+" + String(value, radix: 16, uppercase: true))
            default:
                break
            }
        }
        return found
    }

    /// HTML elements other than the ones the renderer writes.
    public static func foreignTags(_ html: String) -> [String] {
        let allowed: Set<String> = [
            "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "main", "section", "dl", "div",
            "dt", "dd", "ul", "li", "table", "caption", "thead", "tbody", "tr", "th", "td", "br", "wbr", "svg", "polygon", "text",
            "figure", "figcaption", "rect", "line",
        ]
        let scalars = Array(html.unicodeScalars)
        var found: [String] = []
        for index in scalars.indices where scalars[index] == "<" {
            var name = ""
            var cursor = index + 1
            if cursor < scalars.count, scalars[cursor] == "/" { cursor += 1 }
            while cursor < scalars.count, scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor]) {
                name.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            if name.isEmpty, cursor < scalars.count, scalars[cursor] == "!" { continue }  // <!doctype html>
            if !allowed.contains(name.lowercased()) { found.append("<" + name) }
        }
        return found
    }

    /// Problems with Markdown: markup a reader would see as structure that came from text.
    public static func markdownProblems(_ markdown: String) -> [String] {
        var problems: [String] = []
        var tableBorders: Int?
        for line in markdown.components(separatedBy: "\n") {
            // The characters that are not escaped with a backslash.
            var bare: [Character] = []
            var escaped = false
            for character in line {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    bare.append(character)
                }
            }
            for special in "<[]`&_~$" where bare.contains(special) { problems.append("ongeschermd \(special): \(line)") }
            let borders = bare.filter { $0 == "|" }.count
            if line.hasPrefix("|") {
                if let tableBorders, borders != tableBorders { problems.append("tabelrij gebroken: \(line)") }
                tableBorders = tableBorders ?? borders
            } else {
                tableBorders = nil
                if borders > 0 { problems.append("| buiten een tabel: \(line)") }
            }
            if line.hasPrefix("    ") || line.hasPrefix("\t") || line.hasPrefix(">") || line.hasPrefix("```") || line.hasPrefix("~~~") {
                problems.append("blok uit tekst: \(line)")
            }
            // After our own heading or list marker, the text must not start a block of its own.
            var rest = Substring(line)
            if let heading = line.range(of: #"^#{1,3} "#, options: .regularExpression) {
                rest = line[heading.upperBound...]
            } else if line.hasPrefix("- ") {
                rest = line.dropFirst(2)
            } else if line.hasPrefix("**") || line.hasPrefix("|") {
                continue
            }
            if rest.range(of: #"^(#|>|[-+*=:](\s|$)|\d+[.)](\s|$))"#, options: .regularExpression) != nil {
                problems.append("tekst begint een blok: \(line)")
            }
        }
        return problems
    }

    /// Cells a spreadsheet could take for a formula: the first character that is not
    /// whitespace is `=`, `+`, `-` or `@` (or a full-width one), or the cell starts with a
    /// tab or CR, and there is no `'` in front.
    public static func formulaCells(_ csv: [UInt8]) throws -> [String] {
        let table = try CSVReader.parse(csv)
        var found: [String] = []
        for cell in table.header + table.rows.flatMap(\.fields) where !cell.hasPrefix("'") {
            if cell.hasPrefix("\t") || cell.hasPrefix("\r") { found.append(cell) }
            if let first = cell.first(where: { !$0.isWhitespace }), "=+-@＝＋－＠".contains(first) { found.append(cell) }
        }
        return found
    }

    /// Problems with iCalendar text: lines over 75 octets, line ends other than CRLF, and
    /// `,` `;` or a backslash not escaped in a TEXT value.
    public static func iCalendarProblems(_ text: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A, index == 0 || bytes[index - 1] != 0x0D { problems.append("LF zonder CR op byte \(index)") }
            if byte == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A { problems.append("CR zonder LF op byte \(index)") }
        }
        for line in text.components(separatedBy: "\r\n") where line.utf8.count > 75 {
            problems.append("regel langer dan 75 octets: \(line)")
        }
        for line in ICalendar.unfold(text).components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":"),
                ["SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "LOCATION"].contains(String(line[..<colon]))
            else { continue }
            var escaped = false
            for character in line[line.index(after: colon)...] {
                if escaped {
                    if !"\\;,nN".contains(character) { problems.append("onbekende escape \\\(character): \(line)") }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "," || character == ";" {
                    problems.append("ongeschermd \(character): \(line)")
                }
            }
        }
        return problems
    }
}
