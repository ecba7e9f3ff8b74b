import Foundation

/// Checks of a published site that tests share: a link checker that walks every page, and the
/// structure rules of WCAG 2.1 AA that can be read from the HTML. Written apart from the site's
/// own code, so a gap there shows here.
public enum SiteChecks: Sendable {
    /// Every `href` of a page, with `&amp;` read back as `&`.
    public static func links(_ html: String) -> [String] {
        attributeValues("href", in: html)
    }

    /// Every `id` of a page.
    public static func ids(_ html: String) -> Set<String> {
        Set(attributeValues("id", in: html))
    }

    private static func attributeValues(_ name: String, in html: String) -> [String] {
        var values: [String] = []
        var rest = html[...]
        let opening = " \(name)=\""
        while let start = rest.range(of: opening) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            values.append(rest[..<end].replacingOccurrences(of: "&amp;", with: "&"))
            rest = rest[rest.index(after: end)...]
        }
        return values
    }

    /// Every link of the site that does not lead anywhere: to a file the site lacks, to an
    /// anchor the file lacks, or out of the site (a scheme, `//`, an absolute path or `..`).
    ///
    /// - Parameter files: Each file of the site by its name, with its text.
    public static func brokenLinks(_ files: [String: String]) -> [String] {
        var idsByFile: [String: Set<String>] = [:]
        var broken: [String] = []
        for (name, text) in files.sorted(by: { $0.key < $1.key }) where name.hasSuffix(".html") {
            for link in links(text) {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = parts[0].isEmpty ? name : String(parts[0])
                if file.contains(":") || file.hasPrefix("/") || file.contains("..") || file.contains("/") {
                    broken.append("\(name): \(link) wijst buiten de site")
                    continue
                }
                guard let target = files[file] else {
                    broken.append("\(name): \(link) — \(file) bestaat niet")
                    continue
                }
                guard parts.count == 2 else { continue }
                if idsByFile[file] == nil { idsByFile[file] = ids(target) }
                if !(idsByFile[file] ?? []).contains(String(parts[1])) {
                    broken.append("\(name): \(link) — geen id \(parts[1]) in \(file)")
                }
            }
        }
        return broken
    }

    /// The elements a page of the site may have; anything else came from text that was not escaped.
    static let allowedElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "footer", "section", "article", "h1", "h2", "h3",
        "p", "a", "ul", "li", "dl", "div", "dt", "dd", "table", "caption", "thead", "tbody", "tr", "th", "td", "br", "wbr", "span",
        "strong", "details", "summary", "svg", "polygon", "text", "figure", "figcaption", "rect", "line",
    ]

    /// What a page breaks of the structure rules: `lang="nl"`, exactly one `h1`, headings that
    /// never skip a level, every `th` with a `scope`, a skip link as the first thing in the body
    /// that leads to `<main>`, the landmarks (header, nav, main, footer), every
    /// `aria-labelledby` naming an id of the page, no element that escaped text could have
    /// made, and nothing that runs or loads (script, style or image from elsewhere).
    public static func structureProblems(_ html: String) -> [String] {
        var problems: [String] = []
        if !html.hasPrefix("<!doctype html>\n<html lang=\"nl\">\n") { problems.append("geen <html lang=\"nl\"> aan het begin") }
        let headings = html.matches(of: /<h([1-6])[ >]/).compactMap { Int($0.1) }
        if headings.filter({ $0 == 1 }).count != 1 { problems.append("niet precies één h1 (\(headings.filter { $0 == 1 }.count))") }
        if headings.first != 1 { problems.append("de eerste kop is geen h1") }
        for (previous, next) in zip(headings, headings.dropFirst()) where next > previous + 1 {
            problems.append("kop h\(previous) gevolgd door h\(next)")
        }
        for match in html.matches(of: /<th[ >][^>]*>/) where !match.0.contains("scope=\"col\"") && !match.0.contains("scope=\"row\"") {
            problems.append("th zonder scope: \(match.0)")
        }
        if let body = html.range(of: "<body>\n") {
            if !html[body.upperBound...].hasPrefix("<a class=\"overslaan\" href=\"#inhoud\">") {
                problems.append("de link naar de inhoud staat niet eerst")
            }
        } else {
            problems.append("geen <body>")
        }
        if !html.contains("<main id=\"inhoud\"") { problems.append("geen <main id=\"inhoud\">") }
        for landmark in ["<header", "<nav", "<main", "<footer"] where !html.contains(landmark) { problems.append("geen \(landmark)>") }
        let ids = ids(html)
        for label in attributeValues("aria-labelledby", in: html) where !ids.contains(label) {
            problems.append("aria-labelledby=\(label) zonder id")
        }
        for match in html.matches(of: /<\/?([A-Za-z][A-Za-z0-9]*)/) where !allowedElements.contains(String(match.1).lowercased()) {
            problems.append("element <\(match.1)>")
        }
        // In the tags themselves (escaped text may well say "<img src=x>"), and in the style sheet.
        for tag in html.matches(of: /<[A-Za-z][^>]*>/) {
            let text = tag.0.lowercased()
            for attribute in [" src=", " srcset=", " action=", "href=\"javascript", "href=\"http", "href=\"//"]
            where text.contains(attribute) {
                problems.append("\(attribute.trimmingCharacters(in: .whitespaces)) in \(tag.0)")
            }
            if text.contains(/\son[a-z]+=/) { problems.append("gebeurtenis in \(tag.0)") }
        }
        if let style = html.firstMatch(of: /<style>[^<]*<\/style>/), style.0.contains("url(") || style.0.contains("@import") {
            problems.append("de stijl haalt iets van buiten")
        }
        if !html.contains("Content-Security-Policy\" content=\"default-src 'none'") { problems.append("geen Content-Security-Policy") }
        return problems
    }
}
