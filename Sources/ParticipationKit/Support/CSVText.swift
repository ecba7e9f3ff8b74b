/// The text encodings a CSV file arrives in, turned into UTF-8 before it is read.
///
/// Dutch Excel saves "CSV (puntkomma)" in Windows-1252 by default; "Unicode-tekst" and some
/// exports are UTF-16 with a byte order mark; "CSV UTF-8" has a UTF-8 BOM. The reader takes
/// all of them and says which it read, so a wrongly saved file is never read silently wrong.
public enum CSVText: Sendable {
    /// How a file was read.
    public enum Encoding: String, Hashable, Sendable {
        case utf8
        case windows1252
        case utf16LittleEndian
        case utf16BigEndian

        /// In Dutch, for the line a command prints after reading a file.
        public var dutchName: String {
            switch self {
            case .utf8: "UTF-8"
            case .windows1252: "Windows-1252 (zo slaat Excel \"CSV (puntkomma)\" op)"
            case .utf16LittleEndian, .utf16BigEndian: "UTF-16 (Unicode-tekst)"
            }
        }
    }

    /// The file's text as UTF-8 and the encoding it was read in.
    ///
    /// A UTF-16 byte order mark decides UTF-16 and a UTF-8 one UTF-8 (invalid bytes are then
    /// refused by line); otherwise valid UTF-8 is UTF-8, and anything else Windows-1252, which
    /// gives every byte a character.
    /// - Throws: ``CSVError`` for UTF-16 that is cut off or has a lone surrogate, and for text
    ///   with NUL bytes but no byte order mark (UTF-16 without one cannot be told apart).
    public static func utf8(from bytes: [UInt8]) throws(CSVError) -> (bytes: [UInt8], encoding: Encoding) {
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return (try utf16(bytes, littleEndian: true), .utf16LittleEndian) }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return (try utf16(bytes, littleEndian: false), .utf16BigEndian) }
        if bytes.contains(0) {
            throw CSVError(
                line: line(of: bytes.firstIndex(of: 0) ?? 0, in: bytes),
                message: "het bestand bevat NUL-bytes; het is waarschijnlijk UTF-16 zonder BOM of geen tekst. "
                    + "Sla het op als \"CSV UTF-8\" (in Excel: Opslaan als, CSV UTF-8) en importeer opnieuw")
        }
        // A UTF-8 byte order mark declares UTF-8: the reader then names any invalid byte by its line.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.withUnsafeBufferPointer(UTF8Text.isValid) { return (bytes, .utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                out.append(contentsOf: windows1252[Int(byte - 0x80)].utf8)
            }
        }
        return (out, .windows1252)
    }

    /// Windows-1252 from 0x80 to 0xFF. The five bytes it leaves undefined (0x81, 0x8D, 0x8F,
    /// 0x90, 0x9D) map to the C1 controls with the same number, as Windows itself maps them;
    /// the output makes them visible.
    static let windows1252: [Unicode.Scalar] = {
        let high: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        return (0..<128).map { offset in Unicode.Scalar(offset < 32 ? high[offset] : UInt32(0x80 + offset)) ?? "?" }
    }()

    /// UTF-16 after its byte order mark, as UTF-8.
    private static func utf16(_ bytes: [UInt8], littleEndian: Bool) throws(CSVError) -> [UInt8] {
        guard bytes.count % 2 == 0 else {
            throw CSVError(line: 1, message: "het bestand is UTF-16 maar heeft een oneven aantal bytes; het is afgebroken")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index < bytes.count {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        var out: [UInt8] = []
        out.reserveCapacity(units.count)
        var iterator = units.makeIterator()
        var decoder = UTF16()
        var lineNumber = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { lineNumber += 1 }
                out.append(contentsOf: scalar.utf8)
            case .emptyInput:
                return out
            case .error:
                throw CSVError(
                    line: lineNumber, message: "het bestand is UTF-16 maar bevat een losse surrogaat; sla het op als \"CSV UTF-8\"")
            }
        }
    }

    /// The 1-based line of a byte offset.
    private static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
