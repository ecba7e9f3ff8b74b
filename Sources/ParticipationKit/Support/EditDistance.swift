/// How many characters must be inserted, deleted or replaced to turn one text into another
/// (Levenshtein), to suggest the key someone meant when they mistyped one.
enum EditDistance {
    /// The distance between `a` and `b`, by Character.
    ///
    /// - Complexity: O(a × b) time, O(b) memory; callers skip candidates whose lengths differ
    ///   too much to be a typo.
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
