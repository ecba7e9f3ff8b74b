import Testing

@testable import ParticipationKit

@Suite("SHA-256")
struct SHA256Tests {
    /// The example vectors of NIST (FIPS 180-4, "SHA256.pdf" and the SHAVS short/long messages).
    static let vectors: [(message: String, digest: String)] = [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ]

    @Test("NIST example vectors", arguments: vectors)
    func nistVector(message: String, digest: String) {
        #expect(SHA256.hash(Array(message.utf8)).hex == digest)
    }

    @Test("NIST: one million times 'a', fed in uneven pieces")
    func millionA() {
        var hasher = SHA256()
        var left = 1_000_000
        var piece = 1
        while left > 0 {
            let count = min(piece, left)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
            left -= count
            piece = piece * 3 % 997 + 1
        }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("splitting the message anywhere gives the same digest")
    func incremental() {
        let message = Array((0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let whole = SHA256.hash(message)
        for split in 0...message.count {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize() == whole, "split at \(split)")
        }
    }

    @Test("hex text round trip; wrong lengths and digits refused")
    func hex() throws {
        let digest = SHA256.hash(Array("abc".utf8))
        let parsed = try #require(SHA256Digest(hex: digest.hex.uppercased()))
        #expect(parsed == digest)
        #expect(SHA256Digest(hex: String(digest.hex.dropLast())) == nil)
        #expect(SHA256Digest(hex: String(digest.hex.dropLast()) + "g") == nil)
        #expect(SHA256Digest.zero.hex == String(repeating: "0", count: 64))
    }

    @Test("the hardware and the portable compression agree on 2,000 seeded blocks")
    func hardwareMatchesPortable() {
        var seed: UInt64 = 0x5EED
        func next() -> UInt64 {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for round in 0..<500 {
            let blocks = 1 + round % 7
            let data = (0..<(64 * blocks)).map { _ in UInt8(truncatingIfNeeded: next()) }
            let start = (0..<8).map { _ in UInt32(truncatingIfNeeded: next()) }
            var portable = start
            var chosen = start
            SHA256.portableCompress(&portable, data)
            SHA256.compress(&chosen, data)
            #expect(portable == chosen, "round \(round)")
        }
    }

    @Test("a digest round-trips through its bytes and orders like its bytes")
    func digestBytes() {
        let a = SHA256.hash(Array("a".utf8))
        let b = SHA256.hash(Array("b".utf8))
        #expect(SHA256Digest(bytes: a.bytes) == a)
        #expect((a < b) == a.bytes.lexicographicallyPrecedes(b.bytes))
        #expect(a.withBytes { Array($0) } == a.bytes)
    }
}
