import AmableCore
import Foundation

/// A conversation as loaded: its state, the revision to save against, and its open ticket.
public struct StoredConversation: Sendable, Equatable {
    public var conversation: Conversation
    /// Bumped by every saved update; a save against an older revision is refused (`StoreError.conflict`).
    public var revision: Int
    /// The waiting or assigned ticket, if the conversation is in the queue.
    public var openTicket: Ticket?

    public init(conversation: Conversation, revision: Int, openTicket: Ticket?) {
        self.conversation = conversation
        self.revision = revision
        self.openTicket = openTicket
    }
}
