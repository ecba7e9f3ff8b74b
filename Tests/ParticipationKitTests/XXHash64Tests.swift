import Testing

@testable import ParticipationKit

@Suite("XXH64")
struct XXHash64Tests {
    /// Values of the reference implementation (xxHash 0.8, `XXH64(data, len, seed)`): the
    /// empty input, each tail path (1, 3, 31 bytes), exactly one stripe (32), one stripe and a
    /// byte (33), a stripe with an 8-byte and a 4-byte tail and a byte (39), and many stripes.
    static let vectors: [(bytes: [UInt8], seed: UInt64, hash: UInt64)] = [
        ([], 0, 0xEF46_DB37_51D8_E999),
        (Array("a".utf8), 0, 0xD24E_C4F1_A98C_6E5B),
        (Array("abc".utf8), 0, 0x44BC_2CF5_AD77_0999),
        (Array("abc".utf8), 1, 0xBEA9_CA81_9932_8908),
        (Array(repeating: UInt8(ascii: "x"), count: 31), 0, 0x60DD_0D01_083B_99F0),
        (Array(repeating: UInt8(ascii: "y"), count: 32), 0, 0x64DA_1F1D_3495_CE66),
        (Array(repeating: UInt8(ascii: "z"), count: 33), 0, 0xC524_1253_C64E_0268),
        (Array("Nobody inspects the spammish repetition".utf8), 0, 0xFBCE_A83C_8A37_8BF1),
        (Array((0..<768).map { UInt8($0 % 256) }), 0, 0x8E03_C838_C596_036F),
    ]

    @Test("the reference values, every length path", arguments: 0..<vectors.count)
    func referenceValues(_ index: Int) {
        let vector = Self.vectors[index]
        #expect(XXHash64.hash(vector.bytes, seed: vector.seed) == vector.hash)
    }

    @Test("one changed bit anywhere in a snapshot-sized buffer changes the hash")
    func everyBitCounts() {
        var bytes = (0..<4_099).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let original = XXHash64.hash(bytes)
        for position in stride(from: 0, to: bytes.count, by: 97) {
            bytes[position] ^= 0x10
            #expect(XXHash64.hash(bytes) != original, "byte \(position)")
            bytes[position] ^= 0x10
        }
        #expect(XXHash64.hash(bytes) == original)
    }
}
