import Foundation

/// Hashes the lines of one large command on a second thread while the caller makes the next
/// ones (``Journal/append(count:reserving:beforeWrite:payload:)``).
///
/// A line's hash is the SHA-256 of the previous line's hash and this line's bytes before
/// `,"hash":`: those bytes never depend on a hash, so a line can be made before the one
/// before it is hashed. The caller fills pieces of whole lines, each with 64 bytes left for
/// its hash, and hands every full piece over; this thread hashes the lines in order, one
/// chain from `previous`, and writes each hash into its place. The caller never touches a
/// piece again until ``finish()`` has returned it.
final class ChainHasher: @unchecked Sendable {
    /// Whole lines of a command, made on the caller's thread and hashed on the second.
    final class Piece: @unchecked Sendable {
        /// The lines, each ending in `,"hash":"` + 64 bytes for the hash + `"}` and a newline.
        var bytes: [UInt8] = []
        /// Per line, where its hashed part is in ``bytes``; the hash goes right after it and
        /// the marker.
        var bodies: [Range<Int>] = []
        /// Per line, its hash, once hashed.
        var hashes: [SHA256Digest] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        /// Hashes every line after `previous`, writes each hash into its line, and leaves
        /// `previous` at the last one.
        func hashLines(after previous: inout SHA256Digest, markerLength: Int) {
            var hashes: [SHA256Digest] = []
            hashes.reserveCapacity(bodies.count)
            let bodies = bodies
            bytes.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for body in bodies {
                    let hash = Journal.chainHash(previous, UnsafeRawBufferPointer(start: base + body.lowerBound, count: body.count))
                    hash.writeHex(to: base + body.upperBound + markerLength)
                    hashes.append(hash)
                    previous = hash
                }
            }
            self.hashes = hashes
        }
    }

    private let condition = NSCondition()
    /// Pieces handed over and not yet taken (behind `condition`).
    private var waiting: [Piece] = []
    /// The caller has handed over its last piece (behind `condition`).
    private var closed = false
    /// Set once, in `init`.
    private var work: BackgroundWork<[Piece]>?

    /// Starts the thread; the first line hashed follows a line with hash `previous`.
    init(after previous: SHA256Digest, markerLength: Int) {
        work = BackgroundWork { [self] in
            var previous = previous
            var done: [Piece] = []
            while let piece = take() {
                piece.hashLines(after: &previous, markerLength: markerLength)
                done.append(piece)
            }
            return done
        }
    }

    /// Hands over a piece; the caller must not touch it again.
    func put(_ piece: Piece) {
        condition.lock()
        waiting.append(piece)
        condition.signal()
        condition.unlock()
    }

    /// No more pieces: waits until every piece is hashed and returns them in the order they
    /// came. Call it exactly once, also when making the lines failed half-way.
    func finish() -> [Piece] {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
        return work?.wait() ?? []
    }

    /// The next piece, or `nil` once the caller has finished and all were taken.
    private func take() -> Piece? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, !closed { condition.wait() }
        guard !waiting.isEmpty else { return nil }
        return waiting.removeFirst()
    }
}
