/// An amount of money in euros, kept as whole cents, and written the Dutch way: `€ 40.000,00`.
///
/// A budget, an amount asked for and an amount granted are amounts. Reading accepts what
/// people write: `40000`, `40.000`, `40.000,00`, `€ 40.000,-`, `2500,5`. A dot groups thousands
/// (then every group after the first has three digits); a comma comes before the cents. There
/// is no minus sign and no more than ``maximumCents``.
public enum EuroAmount: Sendable {
    /// The largest amount read: € 10.000.000.000,00, far beyond any budget, so sums never overflow.
    public static let maximumCents = 1_000_000_000_000

    /// The amount in `text` in whole cents, or `nil` when it is not an amount.
    public static func cents(parsing text: String) -> Int? {
        var rest = Substring(text)
        rest = rest.drop { $0.isWhitespace }
        if rest.hasPrefix("€") { rest = rest.dropFirst() }
        if rest.lowercased().hasPrefix("eur") { rest = rest.dropFirst(3) }
        let compact = rest.filter { !$0.isWhitespace }
        guard !compact.isEmpty else { return nil }
        var euros = Substring(compact)
        var centsPart: Substring = ""
        if let comma = compact.firstIndex(of: ",") {
            euros = compact[..<comma]
            centsPart = compact[compact.index(after: comma)...]
            if centsPart == "-" || centsPart == "–" {
                centsPart = ""
            } else {
                guard (1...2).contains(centsPart.count), centsPart.allSatisfy(\.isASCIIDigit) else { return nil }
            }
        }
        guard !euros.isEmpty else { return nil }
        let groups = euros.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        if groups.count > 1 {
            guard groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let digits = groups.joined()
        guard digits.count <= 11, let whole = Int(digits) else { return nil }
        var cents = whole * 100
        if !centsPart.isEmpty, let fraction = Int(centsPart) { cents += centsPart.count == 1 ? fraction * 10 : fraction }
        return cents <= maximumCents ? cents : nil
    }

    /// `€ 40.000,00`; a negative amount (a shortfall) as `-€ 2.500,00`.
    public static func format(cents: Int) -> String {
        let magnitude = cents.magnitude
        let euros = DutchNumber.format(Int(magnitude / 100))
        let rest = magnitude % 100
        return (cents < 0 ? "-" : "") + "€ \(euros)," + (rest < 10 ? "0\(rest)" : "\(rest)")
    }

    /// An amount as it is kept in a process attribute: the whole cents as digits (`4000000`).
    public static func stored(cents: Int) -> String { String(cents) }

    /// The cents of an attribute value kept by ``stored(cents:)``, or `nil`.
    public static func cents(stored text: String) -> Int? {
        guard !text.isEmpty, text.count <= 13, text.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
