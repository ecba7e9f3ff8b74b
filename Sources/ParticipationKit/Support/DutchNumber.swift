/// Numbers and sizes written the Dutch way, for messages and reports.
enum DutchNumber {
    /// A whole number with Dutch thousands separators: `100.000`, `-4.000`.
    static func format(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        result.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(".") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// A size in bytes as people read it: `1 MiB (1.048.576 bytes)`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(format(bytes >> 20)) MiB (\(format(bytes)) bytes)" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(format(bytes >> 10)) KiB (\(format(bytes)) bytes)" }
        return "\(format(bytes)) bytes"
    }
}
