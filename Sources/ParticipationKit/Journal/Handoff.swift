import Foundation

/// Batches handed from one producer thread to one consumer, at most a few in flight, and
/// then the producer's outcome.
///
/// The journal uses it between the stages of a replay: lines verified on one thread, decoded on
/// the next, applied by the caller (``Journal/scanSegment(file:from:lineLimit:batchSize:chunkSize:prepare:deliver:)``).
final class Handoff<Item: Sendable>: @unchecked Sendable {
    /// Lines per batch: large enough that a batch costs far more than handing it over. A
    /// batch holds whole commands, so a command of more lines makes its batch grow.
    static var defaultBatchSize: Int { 1_024 }
    /// Batches waiting at most; the producer waits when the consumer falls behind, so the
    /// memory held stays bounded. Two keep every stage busy: with three stages the applying
    /// one sets the pace, and the queues before it stay full (with four, replay held some
    /// 10 MB more at 100,000 inputs, for no gain in speed).
    private let capacity = 2
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var head = 0
    private var result: Result<Journal.SegmentScan, any Error>?
    private var cancelled = false

    /// Hands over a batch; waits while the queue is full. Returns `false` once the consumer
    /// has given up.
    func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count - head >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        if batch.count > 0 {
            queue.append(batch)
            condition.broadcast()
        }
        return true
    }

    /// The producer is done.
    func finish(_ outcome: Result<Journal.SegmentScan, any Error>) {
        condition.lock()
        result = outcome
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` once the producer has finished and everything was taken.
    func take() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count, result == nil { condition.wait() }
        guard head < queue.count else { return nil }
        let batch = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        return batch
    }

    /// The producer's outcome; call after ``take()`` returned `nil`.
    func outcome() throws -> Journal.SegmentScan {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result { return try result.get() }
            condition.wait()
        }
    }

    /// The consumer gives up: the producer stops at its next batch. Returns once it has.
    func cancelAndWait() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
        while result == nil { condition.wait() }
    }
}

extension Handoff {
    /// Items made on one thread and moved out on another: each item is moved in once and
    /// moved out once, never copied (copying an event means retaining all its strings).
    ///
    /// Filled on the producer's thread before it is handed over, emptied on the consumer's
    /// after: never both at once.
    final class Batch: @unchecked Sendable {
        private var base: UnsafeMutablePointer<Item>
        private var capacity: Int
        private(set) var count = 0
        private var taken = 0

        /// A batch with room for `capacity` items to begin with; it grows when more come.
        init(capacity: Int) {
            self.capacity = max(1, capacity)
            base = .allocate(capacity: self.capacity)
        }

        deinit {
            (base + taken).deinitialize(count: count - taken)
            base.deallocate()
        }

        func append(_ item: consuming Item) {
            if count == capacity { grow() }
            (base + count).initialize(to: item)
            count += 1
        }

        /// Doubles the room, moving the items (not copying them).
        private func grow() {
            let larger = UnsafeMutablePointer<Item>.allocate(capacity: capacity * 2)
            (larger + taken).moveInitialize(from: base + taken, count: count - taken)
            base.deallocate()
            base = larger
            capacity *= 2
        }

        /// The next item, moved out; `nil` once all were taken.
        func next() -> Item? {
            guard taken < count else { return nil }
            defer { taken += 1 }
            return (base + taken).move()
        }
    }
}
