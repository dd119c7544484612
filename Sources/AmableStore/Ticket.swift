import AmableCore
import Foundation

/// A request for a person: one escalated conversation waiting in, or taken from, the queue.
public struct Ticket: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case waiting, assigned, resolved
        case returnedToBot = "returned_to_bot"

        /// Waiting or assigned: the conversation belongs to the queue, not to the bot.
        public var isOpen: Bool { self == .waiting || self == .assigned }
    }

    /// What an agent needs at a glance, taken when the ticket is opened.
    public struct Summary: Sendable, Equatable, Codable {
        public var intent: String?
        /// `order_number`, `postal_code`, `region`, `callback`…: what the conversation collected.
        public var entities: [String: String]
        /// The conversation's mood, −1 (delighted) … 1 (furious), and its label.
        public var mood: Double
        public var moodLabel: String
        /// The customer's last messages, oldest first.
        public var lastMessages: [String]

        public init(intent: String?, entities: [String: String], mood: Double, moodLabel: String, lastMessages: [String]) {
            self.intent = intent
            self.entities = entities
            self.mood = mood
            self.moodLabel = moodLabel
            self.lastMessages = lastMessages
        }
    }

    public var id: Int64
    public var conversationID: String
    public var reason: Handoff.Reason
    /// 1 is the most urgent (angry, threatening), 3 the least.
    public var priority: Int
    public var language: Language
    public var createdAt: Date
    public var status: Status
    public var agent: String?
    public var summary: Summary
    /// False when the ticket was opened outside support hours.
    public var supportOpen: Bool
    public var claimedAt: Date?
    /// The assigned agent's last sign of life; a claim older than the timeout goes back to the queue.
    public var agentSeenAt: Date?
    public var closedAt: Date?
    /// Who closed it: an agent's name, or `customer` when they left the queue.
    public var closedBy: String?

    public init(id: Int64, conversationID: String, reason: Handoff.Reason, priority: Int, language: Language, createdAt: Date,
                status: Status = .waiting, agent: String? = nil, summary: Summary, supportOpen: Bool = true,
                claimedAt: Date? = nil, agentSeenAt: Date? = nil, closedAt: Date? = nil, closedBy: String? = nil) {
        self.id = id
        self.conversationID = conversationID
        self.reason = reason
        self.priority = priority
        self.language = language
        self.createdAt = createdAt
        self.status = status
        self.agent = agent
        self.summary = summary
        self.supportOpen = supportOpen
        self.claimedAt = claimedAt
        self.agentSeenAt = agentSeenAt
        self.closedAt = closedAt
        self.closedBy = closedBy
    }

    /// Queue order: priority first, then waiting time (oldest first), then id.
    public static func queueOrder(_ a: Ticket, _ b: Ticket) -> Bool {
        (a.priority, a.createdAt, a.id) < (b.priority, b.createdAt, b.id)
    }
}
