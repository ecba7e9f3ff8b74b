import Foundation

/// The HTML of the site's pages: the frame every page shares (skip link, header with the menu,
/// one `<main>` with one `<h1>`, footer with the journal head), the style sheet and small
/// helpers. Every piece of text goes through ``ReportRenderer``'s escaping, so citizen text
/// stays text.
enum SiteHTML {
    /// Plain text as HTML content: steering characters made visible, escaped, line breaks as `<br>`.
    static func text(_ text: String) -> String { ReportRenderer.htmlText(text) }

    /// One line of text (a heading, a link, a label): as ``text(_:)``, line breaks made spaces.
    static func line(_ text: String) -> String { ReportRenderer.htmlEscaped(ReportRenderer.singleLine(text), breakingLongWords: true) }

    /// Text for an attribute value between double quotes.
    static func attribute(_ text: String) -> String { ReportRenderer.htmlEscaped(ReportRenderer.singleLine(text)) }

    /// A link to a page of the site; `href` is one of the site's own file names (plain ASCII,
    /// see ``SiteNames``) with an optional `#anchor`.
    static func link(_ href: String, _ text: String, current: Bool = false) -> String {
        "<a href=\"\(attribute(href))\"\(current ? " aria-current=\"page\"" : "")>\(line(text))</a>"
    }

    /// The sections of a report document as HTML, written by ``ReportRenderer/html(_:)`` so that
    /// a section looks on the site exactly as in the report (tables with captions and headers,
    /// facts, the phase ribbon): what the renderer puts inside `<main>`, without the report's
    /// own header and `<h1>`. Sections are `<h2>`, subheadings `<h3>`; ids are `sectie-N` and
    /// `tabel-N`, so call this once per page.
    static func reportSections(_ sections: [ReportSection]) -> String {
        guard !sections.isEmpty else { return "" }
        let html = ReportRenderer.html(ReportDocument(title: "-", sections: sections))
        // Every text in the document is escaped, so the only `<main` and `</main>` are the renderer's.
        guard let open = html.range(of: "<main"), let close = html.range(of: "</main>", options: .backwards),
            let end = html[open.upperBound..<close.lowerBound].firstIndex(of: ">")
        else { return "" }
        return String(html[html.index(after: end)..<close.lowerBound])
    }

    /// A `<section>` with an `<h2>` that labels it.
    static func section(id: String, heading: String, _ body: String) -> String {
        "<section aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">\(line(heading))</h2>\n\(body)</section>\n"
    }

    /// A definition list of facts: label, value (values may be empty and are then left out).
    static func facts(_ facts: [(String, String)]) -> String {
        let shown = facts.filter { !$0.1.isEmpty }
        guard !shown.isEmpty else { return "" }
        return "<dl>\n" + shown.map { "<div><dt>\(line($0.0))</dt><dd>\(text($0.1))</dd></div>\n" }.joined() + "</dl>\n"
    }

    /// A table that stacks on a phone: below 40rem each row becomes a block and each cell
    /// starts with its column's title (hidden on a wide screen, where the header says it).
    ///
    /// - Parameters:
    ///   - columns: Each column's title and whether it holds numbers (right-aligned).
    ///   - rows: The cells as HTML (escape text with ``text(_:)``; a cell may hold a link).
    ///   - rowHeader: The column whose cells name their row (`<th scope="row">`).
    static func table(id: String, caption: String, columns: [(title: String, numeric: Bool)], rows: [[String]], rowHeader: Int? = 0)
        -> String
    {
        var html = "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"\(id)\">\n<table class=\"stapel\">\n"
        html += "<caption id=\"\(id)\">\(line(caption))</caption>\n<thead>\n<tr>"
        for column in columns { html += "<th scope=\"col\"\(column.numeric ? " class=\"num\"" : "")>\(line(column.title))</th>" }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>"
            for (index, column) in columns.enumerated() {
                let cell = index < row.count ? row[index] : ""
                let numeric = column.numeric ? " class=\"num\"" : ""
                if index == rowHeader {
                    html += "<th scope=\"row\"\(numeric)>\(cell)</th>"
                } else {
                    html += "<td\(numeric)><span class=\"veld\">\(line(column.title)): </span>\(cell)</td>"
                }
            }
            html += "</tr>\n"
        }
        if rows.isEmpty { html += "<tr><td colspan=\"\(columns.count)\">Geen rijen.</td></tr>\n" }
        return html + "</tbody>\n</table>\n</div>\n"
    }

    /// One page of the site.
    struct Page {
        /// The file name.
        var path: String
        /// The page's `<h1>` and the first part of its `<title>`.
        var title: String
        /// A line under the `<h1>`.
        var subtitle: String?
        /// Which entry of the menu this page belongs to.
        var menu: Menu
        /// The content of `<main>` after the `<h1>`, subtitle and notices: already HTML.
        var body: String
    }

    /// The entries of the site's menu.
    enum Menu: CaseIterable {
        case processes, register, audit, deadlines, journal

        var path: String {
            switch self {
            case .processes: "index.html"
            case .register: "register.html"
            case .audit: "audit.html"
            case .deadlines: "termijnen.html"
            case .journal: "journaal.html"
            }
        }

        var label: String {
            switch self {
            case .processes: "Processen"
            case .register: "Brieven aan de raad"
            case .audit: "Audit"
            case .deadlines: "Termijnen"
            case .journal: "Journaal"
            }
        }
    }

    /// What every page shows besides its own content.
    struct Frame {
        var siteTitle: String
        /// Lines every reader must see first (an exercise store says so).
        var notices: [String]
        /// The footer's line: the day and the journal head the site was made from.
        var footer: String

        /// The page as a whole HTML document.
        func render(_ page: Page) -> String {
            let title = ReportRenderer.singleLine(page.title)
            var html = """
                <!doctype html>
                <html lang="nl">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="Content-Security-Policy" content="\(SiteHTML.contentSecurityPolicy)">
                <meta name="referrer" content="no-referrer">
                <title>\(ReportRenderer.htmlEscaped(title + " — " + ReportRenderer.singleLine(siteTitle)))</title>
                <style>\(SiteHTML.styleSheet)</style>
                </head>
                <body>
                <a class="overslaan" href="#inhoud">Direct naar de inhoud</a>
                <header class="kop">
                <p class="site-naam">\(SiteHTML.link(Menu.processes.path, siteTitle))</p>
                <nav aria-label="Menu">
                <ul>

                """
            for item in Menu.allCases {
                html += "<li>\(SiteHTML.link(item.path, item.label, current: item == page.menu && page.path == item.path))</li>\n"
            }
            html += "</ul>\n</nav>\n</header>\n<main id=\"inhoud\" tabindex=\"-1\">\n<h1>\(SiteHTML.line(page.title))</h1>\n"
            if let subtitle = page.subtitle { html += "<p class=\"ondertitel\">\(SiteHTML.text(subtitle))</p>\n" }
            for notice in notices { html += "<p class=\"let-op\" role=\"note\">Let op: \(SiteHTML.text(notice))</p>\n" }
            html += page.body
            html += "</main>\n<footer class=\"voet\">\n<p>\(footer)</p>\n</footer>\n</body>\n</html>\n"
            return html
        }
    }

    /// The site's additions to the report style sheet: the frame, the menu, filters, stacked
    /// tables on a phone, the inputs as cards, and print.
    ///
    /// Colours (WCAG 2.1 AA: 4.5:1 for text, 3:1 for borders and focus): links #1d4f7c on white
    /// 8.5:1, on #f3f5f8 7.8:1; white on #1d4f7c 8.5:1 (skip link, current filter); grey text
    /// #4a4a4a on white 8.9:1; borders #6b6b6b on white 5.3:1.
    static let siteAdditions = """
        /* Site: links #1d4f7c on #ffffff 8.5:1, on #f3f5f8 7.8:1; #ffffff on #1d4f7c 8.5:1;
           grey #4a4a4a on #ffffff 8.9:1; borders #6b6b6b on #ffffff 5.3:1. */
        body { max-width: 72rem; }
        a { color: #1d4f7c; text-decoration: underline; text-underline-offset: .15em; }
        a:hover { text-decoration-thickness: 2px; }
        .overslaan { position: absolute; left: -100rem; top: .5rem; }
        .overslaan:focus { left: .5rem; z-index: 10; background: #1d4f7c; color: #ffffff; padding: .5rem .75rem; }
        .kop { border-bottom: 2px solid #1d4f7c; margin: 0 0 1.5rem; padding: 0 0 .5rem; }
        .site-naam { font-weight: 700; margin: 0 0 .5rem; }
        .kop ul, .filter ul, .kenmerken { max-width: none; list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
        .kop li + li, .filter li + li, .kenmerken li + li { margin-top: 0; }
        .kop a, .filter a { display: inline-block; padding: .35rem 0; }
        [aria-current="page"] { font-weight: 700; text-decoration: none; color: #1a1a1a; }
        main:focus { outline: none; }
        .filter { margin: 0 0 1.5rem; }
        .filter h2, .filter h3 { margin-top: 0; }
        .kenmerken { gap: .5rem; margin: 0 0 1.5rem; max-width: none; }
        .kenmerken a { display: inline-block; min-width: 2.75rem; padding: .3rem .6rem; border: 1px solid #6b6b6b; border-radius: .25rem;
          text-align: center; font-variant-numeric: tabular-nums; }
        .inbreng { border: 1px solid #6b6b6b; border-left: 6px solid #1d4f7c; border-radius: .25rem; padding: .25rem 1rem .5rem; margin: 0 0 1rem; }
        .inbreng h3 { margin: .5rem 0; }
        .inbreng dl { margin: 0; }
        .inbreng dl div:last-child { border-bottom: 0; }
        .veld { display: none; }
        .nowrap { white-space: nowrap; }
        details { margin: 0 0 1.5rem; }
        summary { cursor: pointer; color: #1d4f7c; text-decoration: underline; padding: .25rem 0; }
        .voet { border-top: 1px solid #6b6b6b; margin-top: 3rem; padding-top: .75rem; color: #4a4a4a; }
        .voet p { max-width: none; }
        .kop-hash { font-family: ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
        @media (max-width: 40rem) {
          body { padding: 1rem .75rem 2rem; }
          h1 { font-size: 1.5rem; }
          table.stapel, table.stapel tbody, table.stapel tr, table.stapel th, table.stapel td { display: block; width: auto; }
          table.stapel thead { position: absolute; left: -100rem; }
          table.stapel caption { display: block; }
          table.stapel tr { border: 1px solid #6b6b6b; margin: 0 0 .75rem; padding: .25rem 0; }
          table.stapel th, table.stapel td { border: 0; padding: .15rem .6rem; }
          table.stapel .num { text-align: left; }
          table.stapel .veld { display: inline; font-weight: 600; }
          .inbreng { padding: .25rem .75rem .5rem; }
        }
        @media print {
          .overslaan, .kop nav, .filter, .kenmerken, .verder { display: none; }
          .kop { margin-bottom: 1rem; }
          a { color: #1a1a1a; }
          .inbreng { break-inside: avoid; border-left-width: 3px; }
          body { max-width: none; }
        }
        """

    /// The one style sheet of every page: the reports' own, then the site's additions.
    static let styleSheet = ReportRenderer.styleSheet + "\n" + siteAdditions

    /// Nothing may load or run but this style sheet (by its hash); no base URL, no form target.
    static let contentSecurityPolicy: String = {
        let hash = Data(SHA256.hash(Array(styleSheet.utf8)).bytes).base64EncodedString()
        return "default-src 'none'; style-src 'sha256-\(hash)'; base-uri 'none'; form-action 'none'"
    }()
}
