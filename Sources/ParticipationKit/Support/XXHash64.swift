/// XXH64, the 64-bit hash of the xxHash family (Yann Collet; specification in the xxHash
/// repository, `doc/xxhash_spec.md`), written from the specification.
///
/// Used where a checksum must catch an accidental change fast and no one gains from forging
/// it: the checksum of `snapshot.bin`, a cache that `verify` compares with the journal anyway.
/// It reads about five times faster than SHA-256 with the CPU's SHA instructions. Never use
/// it where a digest must resist a deliberate change: the journal's hash chain and the
/// writers' digests stay SHA-256. (`participatie-bench` uses it too, to check a replayed state
/// against the original.)
package struct XXHash64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// The hash of `bytes` with `seed`.
    ///
    /// Complexity: O(n), 32 bytes per step in four independent lanes.
    package static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        var offset = 0
        var acc: UInt64
        if count >= 32 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            let limit = count - 32
            while offset <= limit {
                v1 = round(v1, word(bytes, offset))
                v2 = round(v2, word(bytes, offset + 8))
                v3 = round(v3, word(bytes, offset + 16))
                v4 = round(v4, word(bytes, offset + 24))
                offset += 32
            }
            acc = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
            acc = merge(acc, v1)
            acc = merge(acc, v2)
            acc = merge(acc, v3)
            acc = merge(acc, v4)
        } else {
            acc = seed &+ prime5
        }
        acc &+= UInt64(count)
        while count - offset >= 8 {
            acc ^= round(0, word(bytes, offset))
            acc = rotate(acc, 27) &* prime1 &+ prime4
            offset += 8
        }
        if count - offset >= 4 {
            let lane = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            acc ^= lane &* prime1
            acc = rotate(acc, 23) &* prime2 &+ prime3
            offset += 4
        }
        while offset < count {
            acc ^= UInt64(bytes[offset]) &* prime5
            acc = rotate(acc, 11) &* prime1
            offset += 1
        }
        acc ^= acc >> 33
        acc &*= prime2
        acc ^= acc >> 29
        acc &*= prime3
        acc ^= acc >> 32
        return acc
    }

    /// The hash of `bytes` with `seed`.
    package static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    @inline(__always)
    private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 { value << bits | value >> (64 - bits) }

    @inline(__always)
    private static func round(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
        rotate(acc &+ lane &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func merge(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
        (acc ^ round(0, lane)) &* prime1 &+ prime4
    }
}
