import ParticipationKit

/// The inspraak-N workload of `../shared/bench/README.md`, generated exactly as the Python
/// peers generate it (splitmix64 + slices of the corpus), so every implementation handles the
/// same bytes.
struct Workload {
    struct Input {
        var id: String
        var author: String
        var text: String
        var received: CivilDate
    }

    struct Feedback {
        var input: String
        /// The peers' spelling (`niet_overgenomen`).
        var verdict: String
        var reason: String
    }

    static let seed: UInt64 = 20_250_601
    static let verdicts = ["overgenomen", "deels", "niet_overgenomen"]

    /// The ASCII corpus of `bench_peers.py`, byte for byte.
    static let corpus: String =
        "De gemeente legt het ontwerpbestemmingsplan voor het centrumgebied ter inzage. "
        + "Iedereen kan gedurende zes weken een zienswijze indienen over de hoogte van de nieuwe "
        + "bebouwing, de verkeersafwikkeling in de smalle straten, het parkeren voor bewoners en "
        + "bezoekers, de bereikbaarheid voor hulpdiensten en de gevolgen voor groen en water. "
        + "Bewoners maken zich zorgen over geluidsoverlast tijdens de bouw, over schaduwwerking op "
        + "tuinen en over de veiligheid van fietsers op de route naar school. Ondernemers vragen om "
        + "voldoende laad- en losplekken en om duidelijke afspraken over de planning. Het college "
        + "beantwoordt elke reactie in de reactienota en geeft per punt aan of het wordt "
        + "overgenomen, deels wordt overgenomen of niet wordt overgenomen, met een motivering. "
        + "Daarna neemt de gemeenteraad een besluit over het plan en wordt de procedure afgerond. "
        + "Wij verzoeken de gemeente om de bomen aan de singel te behouden, om een extra "
        + "oversteekplaats aan te leggen bij de bibliotheek en om de bouwhoogte aan de kant van de "
        + "oude wijk te beperken tot drie lagen. Ook vragen wij aandacht voor betaalbare woningen "
        + "voor jongeren en ouderen, voor een goede inpassing van zonnepanelen en voor het "
        + "opvangen van regenwater in de openbare ruimte. "

    var inputs: [Input] = []
    var feedback: [Feedback] = []

    /// 3 March 2025, the first day inputs are received (as in the Python peers).
    static let firstDay = CivilDate.constant(2025, 3, 3)

    init(count: Int) {
        let corpus = Array(Self.corpus.utf8)
        let doubled = corpus + corpus
        let base = Self.firstDay.dayNumber
        inputs.reserveCapacity(count)
        feedback.reserveCapacity(count)
        var state = Self.seed
        for i in 0..<count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let id = "r" + Self.padded(i, 7)
            let offset = Int((z >> 20) % UInt64(corpus.count))
            let verdict = Self.verdicts[Int((z >> 40) % 3)]
            let offset2 = Int((z >> 44) % UInt64(corpus.count))
            inputs.append(
                Input(
                    id: id, author: "inspreker-" + Self.padded(Int(z % 50_000), 5),
                    text: Self.slice("reactie \(i): ", doubled, offset),
                    received: CivilDate(dayNumber: base + i % 42)))
            feedback.append(Feedback(input: id, verdict: verdict, reason: Self.slice("reactie \(i) \(verdict): ", doubled, offset2)))
        }
    }

    /// `(prefix + doubled[offset..<offset+200])[:200]`, as the peers cut it.
    private static func slice(_ prefix: String, _ doubled: [UInt8], _ offset: Int) -> String {
        var bytes = Array(prefix.utf8)
        bytes += doubled[offset..<(offset + 200)]
        return String(decoding: bytes.prefix(200), as: UTF8.self)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// SHA-256 over every generated field, one per line, to check against the peers' generator.
    var digest: String {
        var hasher = SHA256()
        for (input, answer) in zip(inputs, feedback) {
            for field in [input.id, input.author, input.text, input.received.iso, answer.input, answer.verdict, answer.reason] {
                hasher.update(Array(field.utf8))
                hasher.update([0x0A])
            }
        }
        return hasher.finalize().hex
    }
}

extension CivilDate {
    /// A date written in the code, which is valid.
    static func constant(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        guard let date = CivilDate(year: year, month: month, day: day) else { preconditionFailure("\(year)-\(month)-\(day) is no date") }
        return date
    }
}
