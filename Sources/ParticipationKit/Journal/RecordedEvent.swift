import Foundation

/// An event as stored: with its place in the journal and its chained hash.
public struct RecordedEvent: Hashable, Sendable {
    public var seq: UInt64
    public var hash: SHA256Digest
    public var event: Event
}
