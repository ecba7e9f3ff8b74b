extension ParticipationStore {
    /// Checks a whole store from the first journal line, independent of its snapshot, and
    /// changes nothing.
    ///
    /// Besides the hash chain (``Journal/verify(directory:anchor:)``), every event is
    /// replayed with the definition it names, so a line that chains correctly but is no valid
    /// event, or a stored definition that no longer matches its hash, is the first problem.
    /// When `snapshot.bin` fits the journal (and so would be used by the next opening), the
    /// processes in it are compared with the replayed journal at the snapshot's line: a
    /// changed snapshot makes the store not intact, naming the processes that differ.
    ///
    /// - Parameter anchor: A head published earlier: the line with that `seq` must still
    ///   have that hash.
    /// - Complexity: O(size of the journal): one segment in memory at a time, plus the states.
    package static func verify(
        at path: String, anchor: (seq: UInt64, hash: SHA256Digest)? = nil, calendar: LegalCalendar = .netherlands
    ) -> Journal.VerificationReport {
        let snapshot = readSnapshot(at: path)
        var states: [ProcessID: ProcessState] = [:]
        var engines = EngineCache()
        var atSnapshot: [ProcessID: ProcessState]?
        var report = Journal.verify(directory: path + "/journal", anchor: anchor) { line, position in
            try replay(line, try decode(line), into: &states, engines: &engines, storePath: path, calendar: calendar)
            if let snapshot, let position, position == snapshot.position { atSnapshot = states }
        }
        guard let snapshot else {
            if FileIO.size(path + "/" + Snapshot.fileName) != nil {
                report.snapshot = .ignored(reason: "het bestand is niet te lezen")
            }
            return report
        }
        guard let atSnapshot else {
            if report.problem == nil {
                report.snapshot = .ignored(reason: "het past niet bij regel \(snapshot.position.seq) van het journaal")
            }
            return report
        }
        let stored = Dictionary(snapshot.processes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = Set(stored.keys).union(atSnapshot.keys).sorted()
        let differing = ids.filter { stored[$0] != atSnapshot[$0] }
        let duplicated = stored.count != snapshot.processes.count
        report.snapshot =
            differing.isEmpty && !duplicated
            ? .matches(seq: snapshot.position.seq)
            : .differs(seq: snapshot.position.seq, processes: differing.isEmpty ? ids : differing)
        return report
    }
}
