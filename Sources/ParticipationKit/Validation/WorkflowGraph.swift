/// A workflow definition as a graph: states are nodes, and every transition is an edge from
/// each state it can start in (`"from": "*"` expanded) to its target.
///
/// The rules search it breadth first, so each search is O(states + edges) and every path it
/// returns is a shortest one, which makes counterexamples short enough to read. Names that
/// do not resolve (a definition with dangling references) are skipped, never trapped on.
struct WorkflowGraph {
    struct Edge {
        /// Index of the transition in `definition.transitions`.
        var transition: Int
        var from: Int
        var to: Int
    }

    let definition: WorkflowDefinition
    /// The states in file order; a node is an index into this array.
    let states: [StateID]
    let index: [StateID: Int]
    let outgoing: [[Edge]]
    let incoming: [[Edge]]
    /// The node of `initial`, if that state exists.
    let initial: Int?
    /// Everything reachable from `initial`, with shortest paths; most rules need it, so it is
    /// searched once.
    private(set) var fromInitial = Search()
    /// States from which only final states with outcome `gestopt` can be reached (after a
    /// noodrem); searched once.
    private(set) var stoppingStates: Set<Int> = []

    init(_ definition: WorkflowDefinition) {
        self.definition = definition
        states = definition.states.keys
        var index: [StateID: Int] = [:]
        for (position, state) in states.enumerated() { index[state] = position }
        self.index = index
        var outgoing = [[Edge]](repeating: [], count: states.count)
        var incoming = [[Edge]](repeating: [], count: states.count)
        for (number, transition) in definition.transitions.enumerated() {
            guard let target = index[transition.to] else { continue }
            var seen = Set<Int>()
            for source in definition.sources(of: transition) {
                guard let from = index[source], seen.insert(from).inserted else { continue }
                let edge = Edge(transition: number, from: from, to: target)
                outgoing[from].append(edge)
                incoming[target].append(edge)
            }
        }
        self.outgoing = outgoing
        self.incoming = incoming
        initial = index[definition.initial]
        fromInitial = search(from: initial.map { [$0] } ?? [])
        stoppingStates = computeStoppingStates()
    }

    // MARK: Questions about nodes

    func spec(_ node: Int) -> StateSpec? { definition.states[states[node]] }
    func isFinal(_ node: Int) -> Bool { spec(node)?.isFinal == true }
    func acceptsInputs(_ node: Int) -> Bool { spec(node)?.accepts.isEmpty == false }
    func transition(_ edge: Edge) -> Transition { definition.transitions[edge.transition] }

    /// Whether a final state ends the process as stopped (the noodrem's outcome).
    func isStoppedFinal(_ node: Int) -> Bool {
        isFinal(node) && spec(node)?.outcome == StateSpec.stoppedOutcome
    }

    /// The final states whose outcome is not `gestopt`: those that need a decision before them.
    var decidedFinals: [Int] { states.indices.filter { isFinal($0) && !isStoppedFinal($0) } }

    /// States from which some final state can be reached, and every one of them is `gestopt`:
    /// the states after a noodrem. Inputs there are answered, but there is no decision left
    /// for them to weigh in.
    private func computeStoppingStates() -> Set<Int> {
        let reachesFinal = reaching(states.indices.filter(isFinal))
        let reachesDecidedFinal = reaching(decidedFinals)
        return Set(states.indices.filter { reachesFinal.contains($0) && !reachesDecidedFinal.contains($0) })
    }

    // MARK: Searches

    /// The result of a breadth-first search: how each node was first reached.
    struct Search {
        /// For each node reached, the edge it was reached by (`nil` for a start node).
        fileprivate var via: [Int: Edge?] = [:]

        func reached(_ node: Int) -> Bool { via[node] != nil }
        var nodes: Set<Int> { Set(via.keys) }

        /// The edges from a start node to `node`, in order; `nil` if `node` was not reached.
        func edges(to node: Int) -> [Edge]? {
            guard reached(node) else { return nil }
            var result: [Edge] = []
            var current = node
            while let step = via[current], let edge = step {
                result.append(edge)
                current = edge.from
            }
            return result.reversed()
        }

        /// The start node the path to `node` begins at.
        func origin(of node: Int) -> Int? {
            guard reached(node) else { return nil }
            var current = node
            while let step = via[current], let edge = step { current = edge.from }
            return current
        }
    }

    /// Breadth-first search forward from `starts`, following only the edges `follow` allows;
    /// `expand` says whether to go on from a node once reached.
    func search(
        from starts: [Int], follow: (Edge) -> Bool = { _ in true }, expand: (Int) -> Bool = { _ in true }
    ) -> Search {
        var result = Search()
        var queue: [Int] = []
        for start in starts where result.via[start] == nil {
            result.via[start] = .some(nil)
            queue.append(start)
        }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            guard expand(node) else { continue }
            for edge in outgoing[node] where result.via[edge.to] == nil && follow(edge) {
                result.via[edge.to] = edge
                queue.append(edge.to)
            }
        }
        return result
    }

    /// The nodes from which one of `targets` can be reached (the targets included).
    func reaching(_ targets: [Int], follow: (Edge) -> Bool = { _ in true }) -> Set<Int> {
        var seen = Set(targets)
        var queue = Array(seen)
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for edge in incoming[node] where !seen.contains(edge.from) && follow(edge) {
                seen.insert(edge.from)
                queue.append(edge.from)
            }
        }
        return seen
    }

    // MARK: Paths

    /// The transition names along a path.
    func names(_ edges: [Edge]) -> [TransitionName] { edges.map { transition($0).name } }

    /// `terInzageLeggen → inzageSluiten → afronden`, or `(begintoestand)` for an empty path.
    func describe(_ edges: [Edge]) -> String {
        edges.isEmpty ? "(begintoestand)" : names(edges).map(\.rawValue).joined(separator: " → ")
    }

    /// The state's name for messages: `'terInzage'`.
    func quoted(_ node: Int) -> String { "'\(states[node])'" }
}

// MARK: Requirements that are sure to apply

extension Requirement {
    /// Whether this requirement makes sure `property` holds whenever the transition fires.
    ///
    /// A `when` may not apply, so it guarantees nothing unless `assume` says its condition
    /// holds; `anyOf` guarantees what every one of its options guarantees.
    func guarantees(_ property: (Requirement) -> Bool, assume: ((AttributeName, String) -> Bool)? = nil) -> Bool {
        if property(self) { return true }
        switch self {
        case .when(let attribute, let value, let inner):
            guard let assume, assume(attribute, value) else { return false }
            return inner.guarantees(property, assume: assume)
        case .anyOf(let options):
            return !options.isEmpty && options.allSatisfy { $0.guarantees(property, assume: assume) }
        default:
            return false
        }
    }
}

extension Transition {
    /// Whether one of the transition's requirements makes sure `property` holds.
    func guarantees(_ property: (Requirement) -> Bool, assume: ((AttributeName, String) -> Bool)? = nil) -> Bool {
        requires.contains { $0.guarantees(property, assume: assume) }
    }
}

extension TermLength {
    /// The fewest calendar days this term can span (a month counts as 28).
    var minimumDays: Int {
        switch unit {
        case .days: count
        case .weeks: count * 7
        case .months: count * 28
        }
    }

    /// The most calendar days this term can span (a month counts as 31).
    var maximumDays: Int {
        switch unit {
        case .days: count
        case .weeks: count * 7
        case .months: count * 31
        }
    }
}
