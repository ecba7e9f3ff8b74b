import Foundation

extension Journal {
    /// The outcome of checking a whole journal from its first line.
    package struct VerificationReport: Hashable, Sendable, CustomStringConvertible {
        /// The last good line.
        package var head: Position
        /// The number of segment files.
        package var segments: Int
        /// The first break, if any: a changed, missing, moved or unreadable line.
        package var problem: JournalError?
        /// Bytes of a command cut off at the very end (a crash during a write), not yet set
        /// aside; they were never acknowledged.
        package var tornBytes: Int
        /// Files with cut-off commands set aside earlier (`torn-….bin`).
        package var setAside: [String]
        /// The check against a published head, if one was given.
        package var anchor: AnchorCheck?
        /// How `snapshot.bin` compares to the journal replayed from its first line, when
        /// the store was checked as a whole (``ParticipationStore``) and has a snapshot.
        package var snapshot: SnapshotCheck? = nil
        /// How the store opens the way every command opens it, compared with the replay from
        /// line 1, when the store was checked as a whole (``ParticipationStore``).
        package var opening: OpeningCheck? = nil
        /// Lines of `personal.jsonl` that no journal line accounts for (contact details of a
        /// command that never reached the journal). Never shown; the next writing command
        /// removes them. Not a break in the record.
        package var personalLinesWithoutJournal = 0

        /// How opening the store as a command does compares with replaying it from line 1.
        package enum OpeningCheck: Hashable, Sendable {
            /// It opens, to line `seq`, with the same processes; `fromSnapshot` is the line
            /// the snapshot it started from stood at, `nil` when it read from line 1.
            case matches(seq: UInt64, fromSnapshot: UInt64?)
            /// No command can open it: the reason, as a command would report it.
            case fails(String)
            /// It opens to line `seq`, but these processes differ from the replay from line 1.
            case differs(seq: UInt64, processes: [ProcessID])
        }

        /// How the state in a store's `snapshot.bin` compares to the journal.
        package enum SnapshotCheck: Hashable, Sendable {
            /// The processes in the snapshot equal the journal replayed up to line `seq`.
            case matches(seq: UInt64)
            /// The snapshot fits the journal at line `seq` (so a store opening uses it), but
            /// these processes in it differ from the replayed journal: it was changed.
            case differs(seq: UInt64, processes: [ProcessID])
            /// The snapshot is unreadable or does not fit the journal, so a store opening
            /// ignores it and replays the whole journal. Not a problem in itself.
            case ignored(reason: String)
        }

        /// How the journal compares to a head published earlier.
        package enum AnchorCheck: Hashable, Sendable {
            /// Line `seq` still has the published hash.
            case matches(seq: UInt64)
            /// Line `seq` has another hash than the one published: history was rewritten.
            case differs(seq: UInt64, published: SHA256Digest, found: SHA256Digest)
            /// The journal is shorter than the published head: lines were removed.
            case missing(seq: UInt64, last: UInt64)
        }

        /// Whether the chain is whole, matches the anchor (if given) and the snapshot (if
        /// any) agrees with it.
        package var isIntact: Bool {
            guard problem == nil else { return false }
            if case .differs? = snapshot { return false }
            switch opening {
            case .fails?, .differs?: return false
            case .matches?, nil: break
            }
            switch anchor {
            case nil, .matches: return true
            case .differs, .missing: return false
            }
        }

        package var description: String {
            var lines: [String] = []
            if let problem {
                lines.append("NIET IN ORDE. \(problem)")
                lines.append("Gecontroleerd en in orde: regel 1 tot en met \(head.seq).")
            } else {
                lines.append(
                    "In orde: \(head.seq) \(head.seq == 1 ? "regel" : "regels") in \(segments) \(segments == 1 ? "segment" : "segmenten"), "
                        + "de hashketen klopt.")
                lines.append("Kop: regel \(head.seq), hash \(head.hash.hex)")
            }
            switch anchor {
            case .matches(let seq)?:
                lines.append("Anker: regel \(seq) heeft nog steeds de gepubliceerde hash.")
            case .differs(let seq, let published, let found)?:
                lines.append(
                    "Anker klopt NIET: regel \(seq) heeft hash \(found.hex), gepubliceerd was \(published.hex). "
                        + "De geschiedenis is na publicatie herschreven.")
            case .missing(let seq, let last)?:
                lines.append(
                    "Anker klopt NIET: het gepubliceerde anker noemt regel \(seq), maar het journaal \(problem == nil ? "eindigt" : "is in orde tot") bij regel \(last). "
                        + "Er zijn regels verdwenen.")
            case nil:
                break
            }
            switch opening {
            case .matches(let seq, let fromSnapshot)?:
                lines.append(
                    "Openen zoals elke opdracht het doet ("
                        + (fromSnapshot.map { "vanaf snapshot.bin tot regel \($0), daarna het journaal" } ?? "het hele journaal")
                        + ") geeft tot en met regel \(seq) dezelfde processen als opnieuw afspelen vanaf regel 1.")
            case .fails(let reason)?:
                lines.append("Openen zoals elke opdracht het doet lukt NIET: \(reason)")
            case .differs(let seq, let processes)?:
                lines.append(
                    "Openen zoals elke opdracht het doet geeft NIET hetzelfde als opnieuw afspelen vanaf regel 1"
                        + (processes.isEmpty
                            ? " (de opdrachten lezen tot regel \(seq))"
                            : " bij \(processes.count == 1 ? "proces" : "processen") \(Refusal.list(processes.map(\.rawValue)))")
                        + ". Verwijder snapshot.bin en controleer opnieuw; blijft het verschil, meld het dan als fout in participatie.")
            case nil:
                break
            }
            switch snapshot {
            case .matches(let seq)?:
                lines.append("Snapshot: snapshot.bin (tot en met regel \(seq)) is gelijk aan het opnieuw afgespeelde journaal.")
            case .differs(let seq, let processes)?:
                lines.append(
                    "Snapshot klopt NIET: snapshot.bin (tot en met regel \(seq)) wijkt af van het opnieuw afgespeelde journaal "
                        + "bij \(processes.count == 1 ? "proces" : "processen") \(Refusal.list(processes.map(\.rawValue))). "
                        + "Het bestand is veranderd. Verwijder snapshot.bin; dan speelt participatie het journaal opnieuw af.")
            case .ignored(let reason)?:
                lines.append("Snapshot: snapshot.bin wordt niet gebruikt (\(reason)); bij het openen wordt het hele journaal afgespeeld.")
            case nil:
                break
            }
            if tornBytes > 0 {
                lines.append(
                    "Let op: na regel \(head.seq) staan nog \(tornBytes) bytes van een opdracht die niet af is (onderbroken tijdens het "
                        + "schrijven, of het journaal is daar afgekapt). Ze zijn nooit bevestigd en worden bij de volgende opdracht apart gezet. "
                        + "Alleen een eerder gepubliceerde kop van het journaal laat zien of er daarna regels waren.")
            }
            for file in setAside {
                lines.append("Eerder apart gezet na een onderbreking: \(file)")
            }
            if personalLinesWithoutJournal > 0 {
                lines.append(
                    "Let op: \(personalLinesWithoutJournal == 1 ? "1 regel" : "\(personalLinesWithoutJournal) regels") in personal.jsonl "
                        + "\(personalLinesWithoutJournal == 1 ? "hoort" : "horen") bij geen inbreng in het journaal (contactgegevens van een "
                        + "opdracht die onderbroken werd of mislukte). Ze worden nergens getoond en bij de volgende schrijvende opdracht verwijderd."
                )
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Checks every line of the journal in `directory` from the first, independent of any
    /// snapshot: the line shape, the sequence numbers without gaps, the hash chain and the
    /// division into whole commands. Changes nothing.
    ///
    /// - Parameter anchor: A head published earlier (for example in the raad's minutes):
    ///   the line with that `seq` must still have that hash.
    /// - Complexity: O(size of the journal); one segment in memory at a time.
    package static func verify(directory: String, anchor: (seq: UInt64, hash: SHA256Digest)? = nil) -> VerificationReport {
        verify(directory: directory, anchor: anchor) { _, _ in }
    }

    /// ``verify(directory:anchor:)`` that also hands every line of each whole, verified
    /// command to `replay`, with the position after the command on its last line. An error
    /// thrown by `replay` is the first problem, at that line.
    static func verify(
        directory: String, anchor: (seq: UInt64, hash: SHA256Digest)?, replay: (Line, Position?) throws -> Void
    ) -> VerificationReport {
        verify(directory: directory, anchor: anchor, tuning: .standard, prepare: { _ in () }) { line, _, position in
            try replay(line, position)
        }
    }

    /// ``verify(directory:anchor:replay:)`` with each line first made ready by `prepare`. A
    /// segment of at least `tuning.pipelineThreshold` bytes is scanned in the three stages
    /// of opening (verifying, preparing and replaying on three threads); the lines replayed
    /// and the first problem are the same as on one thread. An error thrown by `prepare` or
    /// `replay` is the first problem, at its line.
    static func verify<Prepared: Sendable>(
        directory: String, anchor: (seq: UInt64, hash: SHA256Digest)?, tuning: Tuning,
        prepare: @escaping @Sendable (Line) throws -> Prepared, replay: (Line, consuming Prepared, Position?) throws -> Void
    ) -> VerificationReport {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let segmentNumbers = names.compactMap { name -> Int? in
            guard name.hasSuffix(".jsonl"), name.count == 12 else { return nil }
            return Int(name.prefix(6))
        }.sorted()
        var report = VerificationReport(
            head: .start, segments: segmentNumbers.count, problem: nil, tornBytes: 0,
            setAside: names.filter { $0.hasPrefix("torn-") }.sorted().map { "\(directory)/\($0)" }, anchor: nil)
        var anchorResult: VerificationReport.AnchorCheck?
        do {
            for (index, number) in segmentNumbers.enumerated() {
                let path = segmentPath(directory, number)
                guard number == index + 1 else {
                    throw JournalError.broken(
                        seq: report.head.seq + 1, segment: segmentPath(directory, index + 1), offset: 0, problem: "het segment ontbreekt")
                }
                let bytes: [UInt8]
                do { bytes = try FileIO.read(path) } catch { throw JournalError(error) }
                let start = Position(segment: number, offset: 0, lineStart: 0, seq: report.head.seq, hash: report.head.hash)
                let pipelined = bytes.count >= tuning.pipelineThreshold
                /// A line that chains but is no valid event, or does not apply, as the first problem.
                @Sendable func contentProblem(_ error: any Error, at line: Line) -> any Error {
                    if error is JournalError { return error }
                    // On one thread a line's bytes are a slice of the whole segment, so where
                    // they start is where the line starts; in stages they are a slice of a piece.
                    let offset = pipelined ? Self.offset(ofLine: line.seq, in: bytes, after: start.seq) : line.body.startIndex
                    return JournalError.broken(
                        seq: line.seq, segment: path, offset: UInt64(offset), problem: "de hashketen klopt, maar de inhoud niet: \(error)")
                }
                let scan = try scanSegment(
                    bytes, path: path, from: start, pipelined: pipelined, batchSize: tuning.batchSize, chunkSize: tuning.chunkSize,
                    prepare: { line in
                        do { return try prepare(line) } catch { throw contentProblem(error, at: line) }
                    }
                ) { line, prepared, position in
                    if let anchor, line.seq == anchor.seq {
                        anchorResult =
                            line.hash == anchor.hash
                            ? .matches(seq: line.seq) : .differs(seq: line.seq, published: anchor.hash, found: line.hash)
                    }
                    do { try replay(line, prepared, position) } catch { throw contentProblem(error, at: line) }
                    if let position { report.head = position }
                }
                report.head = scan.end
                if let torn = scan.tornFrom {
                    guard number == segmentNumbers.last else {
                        throw JournalError.broken(
                            seq: scan.end.seq + 1, segment: path, offset: UInt64(torn),
                            problem: "de laatste opdracht in dit segment is niet af, maar er volgt nog een segment")
                    }
                    report.tornBytes = bytes.count - torn
                }
            }
        } catch let error as JournalError {
            report.problem = error
        } catch {
            report.problem = .io("\(error)")
        }
        if let anchor {
            report.anchor = anchorResult ?? .missing(seq: anchor.seq, last: report.head.seq)
        }
        return report
    }
}

extension Journal {
    /// Where the line with `seq` starts in a segment's bytes whose first line is the one after
    /// `previous`: the start of the bytes, or just after the newline before it.
    static func offset(ofLine seq: UInt64, in bytes: [UInt8], after previous: UInt64) -> Int {
        var index = 0
        var remaining = seq > previous ? seq - previous - 1 : 0
        while remaining > 0, let newline = indexOfNewline(in: bytes, from: index) {
            index = newline + 1
            remaining -= 1
        }
        return index
    }
}

extension Journal.VerificationReport: Encodable {
    private enum Keys: String, CodingKey {
        case formatVersion, intact, lines, headHash, segments, firstBadSeq, problem, tornBytes, setAside, anchor, snapshot, opening
        case personalLinesWithoutJournal
    }

    private enum OpeningKeys: String, CodingKey { case seq, matches, fromSnapshot, failure, processes }

    private enum SnapshotKeys: String, CodingKey { case seq, matches, processes, ignored }

    private enum AnchorKeys: String, CodingKey { case seq, matches, published, found, last }

    /// `participatie verify --format json`: the outcome as data, the problem in Dutch.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(1, forKey: .formatVersion)
        try container.encode(isIntact, forKey: .intact)
        try container.encode(head.seq, forKey: .lines)
        try container.encode(head.hash, forKey: .headHash)
        try container.encode(segments, forKey: .segments)
        switch problem {
        case .broken(let seq, _, _, _)?, .newerFormat(let seq, _)?:
            try container.encode(seq, forKey: .firstBadSeq)
        default:
            break
        }
        try container.encodeIfPresent(problem?.description, forKey: .problem)
        try container.encode(tornBytes, forKey: .tornBytes)
        try container.encode(setAside, forKey: .setAside)
        try container.encode(personalLinesWithoutJournal, forKey: .personalLinesWithoutJournal)
        if let snapshot {
            var nested = container.nestedContainer(keyedBy: SnapshotKeys.self, forKey: .snapshot)
            switch snapshot {
            case .matches(let seq):
                try nested.encode(seq, forKey: .seq)
                try nested.encode(true, forKey: .matches)
            case .differs(let seq, let processes):
                try nested.encode(seq, forKey: .seq)
                try nested.encode(false, forKey: .matches)
                try nested.encode(processes.map(\.rawValue), forKey: .processes)
            case .ignored(let reason):
                try nested.encode(reason, forKey: .ignored)
            }
        }
        if let opening {
            var nested = container.nestedContainer(keyedBy: OpeningKeys.self, forKey: .opening)
            switch opening {
            case .matches(let seq, let fromSnapshot):
                try nested.encode(seq, forKey: .seq)
                try nested.encode(true, forKey: .matches)
                try nested.encodeIfPresent(fromSnapshot, forKey: .fromSnapshot)
            case .fails(let reason):
                try nested.encode(false, forKey: .matches)
                try nested.encode(reason, forKey: .failure)
            case .differs(let seq, let processes):
                try nested.encode(seq, forKey: .seq)
                try nested.encode(false, forKey: .matches)
                try nested.encode(processes.map(\.rawValue), forKey: .processes)
            }
        }
        guard let anchor else { return }
        var nested = container.nestedContainer(keyedBy: AnchorKeys.self, forKey: .anchor)
        switch anchor {
        case .matches(let seq):
            try nested.encode(seq, forKey: .seq)
            try nested.encode(true, forKey: .matches)
        case .differs(let seq, let published, let found):
            try nested.encode(seq, forKey: .seq)
            try nested.encode(false, forKey: .matches)
            try nested.encode(published, forKey: .published)
            try nested.encode(found, forKey: .found)
        case .missing(let seq, let last):
            try nested.encode(seq, forKey: .seq)
            try nested.encode(false, forKey: .matches)
            try nested.encode(last, forKey: .last)
        }
    }
}
