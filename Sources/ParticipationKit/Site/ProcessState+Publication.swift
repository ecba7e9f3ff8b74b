import Foundation

extension ActorIdentity {
    /// The actor as the site names it: the role only. A name given with the role (a civil
    /// servant, a wethouder) is left out, as the Woo practice of publishing leaves out the names
    /// of officials.
    var published: ActorIdentity { ActorIdentity(role: role) }
}

extension ProcessState {
    /// The state as the public site may show it: nothing in it can name a person.
    ///
    /// - Every actor is its role only (no `--as ROLE:NAME` name), and no operating system
    ///   account is kept: an account is often a person's login name.
    /// - Every input keeps its kenmerk, kind, dates, public name, theme, verdicts and
    ///   motivations, but loses its text (a citizen's text may name people, addresses and
    ///   illnesses), the digest of the writer's contact details and the reference to the
    ///   writer's request to withdraw (often an e-mail address); that a request was kept still
    ///   shows. The public name is dropped once the writer's details were erased (AVG).
    ///
    /// Counts, dates, states and the decisions' tallies are untouched, so every figure on the
    /// site is the one the audit gives.
    ///
    /// - Complexity: O(inputs + history).
    var published: ProcessState {
        var copy = self
        copy.startedBy = startedBy.published
        copy.history = history.map { record in
            var record = record
            record.by = record.by.published
            record.account = nil
            return record
        }
        copy.documents = documents.map { document in
            var document = document
            document.by = document.by.published
            return document
        }
        copy.extensions = extensions.map { item in
            var item = item
            item.by = item.by.published
            return item
        }
        copy.replaceInputs(
            inputs.map { input in
                var input = input
                input.text = ""
                input.personalDigest = nil
                input.registeredBy = input.registeredBy.published
                input.feedback = input.feedback.map { feedback in
                    var feedback = feedback
                    feedback.by = feedback.by.published
                    return feedback
                }
                if var withdrawal = input.withdrawal {
                    withdrawal.by = withdrawal.by?.published
                    if withdrawal.evidence != nil { withdrawal.evidence = ProcessState.keptEvidence }
                    input.withdrawal = withdrawal
                }
                if var redaction = input.redaction {
                    redaction.by = redaction.by.published
                    input.redaction = redaction
                    input.publicName = nil
                }
                return input
            })
        return copy
    }

    /// What the site says instead of the reference to a writer's request to withdraw.
    static let keptEvidence = "vastgelegd (niet openbaar)"
}
