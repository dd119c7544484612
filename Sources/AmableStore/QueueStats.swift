import Foundation

/// Recent handling figures, for an honest wait estimate.
public struct QueueStats: Sendable, Equatable {
    /// How long agents recently took per ticket (claim → close), most recent first.
    public var handlingTimes: [TimeInterval]
    /// Agents who claimed or answered a ticket recently.
    public var activeAgents: Int

    public init(handlingTimes: [TimeInterval], activeAgents: Int) {
        self.handlingTimes = handlingTimes
        self.activeAgents = activeAgents
    }
}
