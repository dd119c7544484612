import Foundation

/// One message of a conversation, as stored: who wrote it, when, and in which revision.
public struct StoredMessage: Sendable, Equatable {
    public enum Author: String, Sendable, CaseIterable {
        /// The person writing to the shop.
        case customer
        /// Amable's own replies.
        case bot
        /// A person from the shop's team.
        case agent
        /// Notices about the conversation itself (an agent joined, the ticket went back to the queue).
        case system
    }

    /// A message about to be stored (the store gives it its id and revision).
    public struct Draft: Sendable, Equatable {
        public var author: Author
        public var text: String
        /// The agent's name for agent messages.
        public var agent: String?
        /// The reply key for bot and system messages (`handoff.open`).
        public var replyKey: String?

        public init(author: Author, text: String, agent: String? = nil, replyKey: String? = nil) {
            self.author = author
            self.text = text
            self.agent = agent
            self.replyKey = replyKey
        }
    }

    /// Increases across the whole store: `messages(after:)` reads what came since.
    public var id: Int64
    public var conversationID: String
    /// The conversation's revision the message was stored with: one revision per saved turn.
    public var revision: Int
    public var author: Author
    public var text: String
    public var agent: String?
    public var replyKey: String?
    public var createdAt: Date

    public init(id: Int64, conversationID: String, revision: Int, author: Author, text: String, agent: String?, replyKey: String?, createdAt: Date) {
        self.id = id
        self.conversationID = conversationID
        self.revision = revision
        self.author = author
        self.text = text
        self.agent = agent
        self.replyKey = replyKey
        self.createdAt = createdAt
    }
}
