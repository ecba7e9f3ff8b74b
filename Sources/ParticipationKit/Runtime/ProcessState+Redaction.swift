import Foundation

extension ProcessState {
    /// The inputs whose writer's contact details were erased (AVG), in order of registration.
    ///
    /// Complexity: O(inputs); for reports and `status`, not for the hot path.
    public var redactedInputs: [InputRecord] { inputs.filter(\.isRedacted) }
}
