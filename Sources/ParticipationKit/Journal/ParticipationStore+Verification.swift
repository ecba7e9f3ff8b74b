extension ParticipationStore {
    /// Checks a whole store twice, and changes nothing: once opened exactly as every command
    /// opens it (snapshot, scan and replay), and once from the first journal line, independent
    /// of the snapshot; the two must give the same processes.
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
    /// - Parameter tuning: From what size on a segment is replayed in stages (as when opening);
    ///   the store trials vary it.
    /// - Complexity: O(size of the journal): one segment in memory at a time, plus the states.
    package static func verify(
        at path: String, anchor: (seq: UInt64, hash: SHA256Digest)? = nil, calendar: LegalCalendar = .netherlands,
        tuning: Journal.Tuning = .standard
    ) -> Journal.VerificationReport {
        // As every command opens the store: the same snapshot load, the same scan (on two
        // threads for a large journal), the same replay, but leaving no snapshot behind. A store
        // that no command can open is never "in orde". It runs on a thread of its own while this
        // one replays the journal from line 1: the two share nothing but the files they read.
        let opening = BackgroundWork { () -> Opening in
            do throws(StoreError) {
                let store = try ParticipationStore(
                    path: path, calendar: calendar, access: .readOnly, reading: ParticipationStore.ReadPath(leavesSnapshot: false))
                // The inputs a command reads when it looks at them, read here, beside the replay.
                for state in store.states.values { state.readInputs() }
                return Opening(
                    opened: (store.states, store.head.seq, store.snapshotSeq), failure: nil,
                    personalExtra: store.personalLinesNotJournaled())
            } catch {
                return Opening(opened: nil, failure: error.description, personalExtra: 0)
            }
        }
        // Then from line 1, independent of the snapshot: a large segment in the stages of opening
        // (verifying and decoding on two more threads), applied on this one.
        // Read whole and checked in every part, as the store opening it does not.
        let snapshot = Snapshot.read(path + "/" + Snapshot.fileName)
        var states: [ProcessID: ProcessState] = [:]
        var facts = StoreFacts()
        var engines = EngineCache()
        var atSnapshot: [ProcessID: ProcessState]?
        var report = Journal.verify(directory: path + "/journal", anchor: anchor, tuning: tuning, prepare: Self.decode) {
            line, decoded, position in
            try replay(line, decoded, into: &states, facts: &facts, engines: &engines, storePath: path, calendar: calendar)
            if let snapshot, let position, position == snapshot.position { atSnapshot = states }
        }
        let outcome = opening.wait()
        report.personalLinesWithoutJournal = outcome.personalExtra
        if let openingFailure = outcome.failure {
            report.opening = .fails(openingFailure)
        } else if let opened = outcome.opened, report.problem == nil {
            let ids = Set(opened.states.keys).union(states.keys).sorted()
            let differing = ids.filter { opened.states[$0] != states[$0] }
            report.opening =
                differing.isEmpty && opened.seq == report.head.seq
                ? .matches(seq: opened.seq, fromSnapshot: opened.snapshotSeq > 0 ? opened.snapshotSeq : nil)
                : .differs(seq: opened.seq, processes: differing)
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

    /// What opening the store as every command does gave: its processes, or why it failed.
    private struct Opening: Sendable {
        var opened: (states: [ProcessID: ProcessState], seq: UInt64, snapshotSeq: UInt64)?
        var failure: String?
        var personalExtra: Int
    }
}
