import Foundation
import ParticipationKit

/// One registered input, for `input add --format json`.
struct InputReport: Encodable {
    var input: String
    var kind: String
    var received: String
    var late: Bool
    var early: Bool
    var outOfScope: Bool
    var needsFeedback: Bool
    var answerDue: String?
    /// The behandelaar it got: given, or the workflow's default.
    var owner: String?
    /// For a point: the input it is a point of, and the role that answers it.
    var parent: String?
    var route: String?
    var seq: UInt64

    init(_ received: InputReceived, seq: UInt64) {
        input = received.input.rawValue
        kind = received.kind.rawValue
        self.received = received.received.iso
        late = received.late
        early = received.early
        outOfScope = received.outOfScope
        needsFeedback = received.needsFeedback
        answerDue = received.answerDue?.iso
        owner = received.owner
        parent = received.parent?.rawValue
        route = received.route?.rawValue
        self.seq = seq
    }
}

/// What `status` adds to a possible step: how to give the motivation it needs on the command line.
func statusHint(_ option: StatusReport.Option) -> String? {
    option.needsReason ? "--reason" : nil
}
