import Foundation

/// File names and anchors of the site, made from ids that citizens and civil servants chose.
///
/// A process id or kenmerk may hold any character (`/`, `..`, spaces, `<script>`, emoji), but a
/// file name on a web server or an intranet share, and an anchor in a link, must be plain. The
/// name keeps ASCII letters, digits, `-` and `_` and turns every other run of characters into
/// one `-`. When that changed the id, or when two ids would give names that differ only in
/// case (a Windows share does not tell `P` from `p`), the first eight hex digits of the id's
/// SHA-256 are added, so every id keeps a name of its own. The name depends only on the id
/// and on the other ids in the same set, never on the order they come in: the same store
/// gives the same file names every time.
enum SiteNames {
    /// What separates the parts of a file name (`werkstroom-W--S.html`): ``plain(_:)`` never
    /// leaves two `-` together, so the parts can never be confused.
    static let separator = String(repeating: "-", count: 2)

    /// The longest part of a name taken from the id itself.
    static let maximumLength = 60

    /// A name for each id, unique within `ids`, case-insensitively.
    ///
    /// - Complexity: O(total length of the ids).
    static func names(for ids: some Sequence<String>) -> [String: String] {
        let unique = Set(ids)
        var bases: [String: String] = [:]
        var count: [String: Int] = [:]
        for id in unique {
            let base = plain(id)
            bases[id] = base
            count[base.lowercased(), default: 0] += 1
        }
        var names: [String: String] = [:]
        for (id, base) in bases {
            let clash = (count[base.lowercased()] ?? 0) > 1
            names[id] = base == id && !clash ? base : base + "-" + String(SHA256.hash(Array(id.utf8)).hex.prefix(8))
        }
        return names
    }

    /// The id with every character outside `A-Z a-z 0-9 - _` replaced, runs of `-` made one,
    /// `-` trimmed at both ends and cut to ``maximumLength``; `x` when nothing is left.
    static func plain(_ id: String) -> String {
        var output = ""
        for scalar in id.unicodeScalars {
            let keep = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
            let next: Character = keep ? Character(scalar) : "-"
            if next == "-", output.last == "-" { continue }
            output.append(next)
            if output.count >= maximumLength { break }
        }
        while output.hasPrefix("-") { output.removeFirst() }
        while output.hasSuffix("-") { output.removeLast() }
        return output.isEmpty ? "x" : output
    }

    /// Whether `a` comes before `b` the way people sort kenmerken: runs of digits by their
    /// value (`R-2` before `R-10`), other characters by their Unicode scalars; equal runs by
    /// the text itself, so the order is total and the same on every machine.
    static func precedes(_ a: String, _ b: String) -> Bool {
        precedes(chunks(a), chunks(b))
    }

    /// ``precedes(_:_:)`` on the pieces ``chunks(_:)`` made: to sort many names, cut each once.
    static func precedes(_ left: [Chunk], _ right: [Chunk]) -> Bool {
        for (x, y) in zip(left, right) where x != y {
            switch (x, y) {
            case (.number(let p, let pText), .number(let q, let qText)):
                if p != q { return p < q }
                return pText.count != qText.count ? pText.count < qText.count : pText < qText
            case (.number, .text): return true
            case (.text, .number): return false
            case (.text(let p), .text(let q)):
                return Array(p.unicodeScalars.map(\.value)).lexicographicallyPrecedes(q.unicodeScalars.map(\.value))
            }
        }
        if left.count != right.count { return left.count < right.count }
        return false
    }

    enum Chunk: Equatable {
        /// A run of ASCII digits: its value (leading zeros dropped, compared by length first) and text.
        case number(Value, String)
        case text(String)

        struct Value: Equatable, Comparable {
            var digits: String
            static func < (lhs: Value, rhs: Value) -> Bool {
                lhs.digits.count != rhs.digits.count ? lhs.digits.count < rhs.digits.count : lhs.digits < rhs.digits
            }
        }
    }

    static func chunks(_ text: String) -> [Chunk] {
        var result: [Chunk] = []
        var digits = ""
        var other = ""
        func flushDigits() {
            guard !digits.isEmpty else { return }
            var value = Substring(digits)
            while value.count > 1, value.first == "0" { value = value.dropFirst() }
            result.append(.number(Chunk.Value(digits: String(value)), digits))
            digits = ""
        }
        func flushOther() {
            guard !other.isEmpty else { return }
            result.append(.text(other))
            other = ""
        }
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                flushOther()
                digits.unicodeScalars.append(scalar)
            } else {
                flushDigits()
                other.unicodeScalars.append(scalar)
            }
        }
        flushDigits()
        flushOther()
        return result
    }
}
