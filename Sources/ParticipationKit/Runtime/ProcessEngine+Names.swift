import Foundation

extension ProcessEngine {
    /// The transition a person means by `text`: its exact name, the name in any case
    /// (`terinzageleggen`), or its label as the diagram and status show it ("Ontwerp ter
    /// inzage leggen"), preferring those that can start in `state`. `nil` when nothing matches,
    /// or when the text fits more than one transition that can start there (the caller then
    /// passes the text on and the engine names the possible ones).
    public func transitionName(matching text: String, in state: StateID) -> TransitionName? {
        let exact = TransitionName(text)
        if definition.transitions.contains(where: { $0.name == exact }) { return exact }
        let wanted = Self.folded(text)
        guard !wanted.isEmpty else { return nil }
        for candidates in [definition.transitions(from: state), definition.transitions] {
            let byName = Set(candidates.filter { Self.folded($0.name.rawValue) == wanted }.map(\.name))
            if byName.count == 1 { return byName.first }
            let byLabel = Set(candidates.filter { Self.folded(label(of: $0)) == wanted }.map(\.name))
            if byLabel.count == 1 { return byLabel.first }
            if byName.count + byLabel.count > 1 { return nil }
        }
        return nil
    }

    /// Lowercased, accents and everything but letters and digits left out: `Ter inzage leggen` → `terinzageleggen`.
    static func folded(_ text: String) -> String {
        String(
            text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).unicodeScalars
                .filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}
