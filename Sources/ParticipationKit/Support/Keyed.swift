/// A small ordered dictionary: values by key, iterated in the order the file gave them.
///
/// Workflow files are written by people; listing states, roles and kinds in their order
/// keeps every report and diagram in the order its author chose.
public struct Keyed<Key: Hashable & Sendable, Value: Sendable>: Sendable, Sequence {
    public private(set) var keys: [Key] = []
    private var storage: [Key: Value] = [:]

    public init() {}

    public init(_ pairs: [(Key, Value)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public subscript(key: Key) -> Value? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }
    public func contains(_ key: Key) -> Bool { storage[key] != nil }
    public var values: [Value] { keys.compactMap { storage[$0] } }

    public func makeIterator() -> some IteratorProtocol<(key: Key, value: Value)> {
        keys.lazy.compactMap { key in storage[key].map { (key: key, value: $0) } }.makeIterator()
    }
}

extension Keyed: Equatable where Value: Equatable {}
extension Keyed: Hashable where Value: Hashable {}
