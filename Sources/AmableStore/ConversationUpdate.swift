import AmableCore
import Foundation

/// Everything one turn or one agent action changes, saved in one transaction or not at all.
public struct ConversationUpdate: Sendable {
    /// A change to the conversation's ticket, checked against its current status in the transaction.
    public enum TicketChange: Sendable, Equatable {
        /// Opens a ticket (the conversation must have no open one).
        case open(reason: Handoff.Reason, priority: Int, language: Language, summary: Ticket.Summary, supportOpen: Bool)
        /// A waiting ticket becomes `agent`'s; refused when it is not waiting any more.
        case claim(id: Int64, agent: String)
        /// The assigned agent is still there.
        case touch(id: Int64, agent: String)
        /// An assigned ticket goes back to the queue, keeping its place (its creation time).
        /// With `onlyIfSeenBefore`, only when the agent has been silent since then.
        case release(id: Int64, onlyIfSeenBefore: Date?)
        /// An open ticket is closed (`resolved` or `returned_to_bot`) by `by`.
        case close(id: Int64, status: Ticket.Status, by: String)
        /// A waiting ticket learns more while the customer waits (a contact given, a mood that
        /// turned to anger): its summary is replaced and its priority raised, never lowered.
        /// Refused when the ticket is not waiting any more.
        case amend(id: Int64, summary: Ticket.Summary, priority: Int)
    }

    /// The result: the new revision, the stored messages, and the ticket as it now is.
    public struct Result: Sendable, Equatable {
        public var revision: Int
        public var messages: [StoredMessage]
        public var ticket: Ticket?
    }

    public var conversation: Conversation {
        didSet { body = try? StoreCoding.encode(conversation) }
    }
    /// The conversation as stored, encoded when the update is made: on the caller's thread,
    /// not on the store's, which commits for everyone (nil: encoding failed; `apply` retries
    /// and reports why).
    private(set) var body: String?
    /// The revision the caller loaded; nil for a conversation that must not exist yet.
    public var expectedRevision: Int?
    public var messages: [StoredMessage.Draft]
    public var ticket: TicketChange?
    /// A 1–5 answer to "how did it go?", given in this turn.
    public var satisfaction: Int?
    public var at: Date

    public init(conversation: Conversation, expectedRevision: Int?, messages: [StoredMessage.Draft] = [],
                ticket: TicketChange? = nil, satisfaction: Int? = nil, at: Date) {
        self.conversation = conversation
        body = try? StoreCoding.encode(conversation)
        self.expectedRevision = expectedRevision
        self.messages = messages
        self.ticket = ticket
        self.satisfaction = satisfaction
        self.at = at
    }
}
