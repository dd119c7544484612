import AmableCore
import AmableStore

/// One customer message handled and saved: what the bot did, and what is now stored.
public struct ServiceTurn: Sendable {
    /// The bot's turn; its replies include the queue notice when a ticket was opened.
    /// When an agent has the conversation, the replies are empty.
    public var turn: Turn
    /// What this turn stored, the customer's message first.
    public var messages: [StoredMessage]
    /// The conversation's ticket after the turn: the open one, or the one the customer just left.
    public var ticket: Ticket?
    /// The ticket's place in the queue and the wait estimate, while it waits.
    public var place: QueuePlace?
    /// An agent has the conversation: the message was stored for them and the bot stayed silent.
    public var heldForAgent: Bool
    /// The conversation's revision after the turn.
    public var revision: Int
}
