import AmableStore
import Foundation

/// One line of the agents' queue.
public struct QueueEntry: Sendable, Equatable {
    public var ticket: Ticket
    /// The place among waiting tickets (nil once an agent has it).
    public var place: QueuePlace?
    /// How long the customer has waited since the ticket was opened.
    public var waited: TimeInterval
}
