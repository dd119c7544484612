import AmableStore
import Foundation

/// What the HTTP API needs from the chat service, and nothing more: a customer message, the
/// messages since a sequence number, and the agents' queue operations. `ChatService` is
/// adapted to it in `ChatService+ChatBackend.swift`; routing tests use a fake.
public protocol ChatBackend: Sendable {
    /// Handles one customer message (in arrival order per conversation) and saves the turn.
    func send(conversationID: String, text: String, language: String?, at now: Date) async throws -> TurnResult
    /// Whether the conversation exists (has been written to).
    func conversationExists(_ id: String) async throws -> Bool
    /// Bot, agent and system messages of a conversation stored after `after`, oldest first.
    func messages(conversationID: String, after: Int64, limit: Int) async throws -> [ChatMessage]
    /// Open tickets in queue order.
    func openTickets(at now: Date) async throws -> [TicketInfo]
    /// How many tickets wait and how many agents hold, however long the queue (`/metrics`).
    func openTicketCounts() async throws -> (waiting: Int, assigned: Int)
    func ticket(_ id: Int64) async throws -> (TicketInfo, [ChatMessage])
    func claim(ticket: Int64, agent: String, at now: Date) async throws -> AgentResult
    func reply(ticket: Int64, agent: String, text: String, at now: Date) async throws -> AgentResult
    func release(ticket: Int64, agent: String, at now: Date) async throws -> AgentResult
    func resolve(ticket: Int64, agent: String, at now: Date) async throws -> AgentResult
}

/// Why the backend refused; each maps to a status.
public enum BackendError: Error, Sendable, Equatable {
    /// 400: the input is not acceptable (an empty reply, an invalid conversation id).
    case invalid(String)
    /// 404
    case notFound(String)
    /// 409: the ticket is not in a state that allows the action.
    case conflict(String)
    /// 503: the store is busy or unavailable; retry.
    case unavailable(String)
}

/// One stored message as the customer's side (or an agent) sees it.
public struct ChatMessage: Sendable, Equatable {
    /// Increases across the whole store: `GET …/messages?after=SEQ` reads what came since.
    public var seq: Int64
    public var conversationID: String
    /// `customer`, `bot`, `agent` or `system`.
    public var author: String
    public var agent: String?
    public var text: String
    public var createdAt: Date

    public init(seq: Int64, conversationID: String, author: String, agent: String? = nil, text: String, createdAt: Date) {
        self.seq = seq
        self.conversationID = conversationID
        self.author = author
        self.agent = agent
        self.text = text
        self.createdAt = createdAt
    }
}

/// One reply bubble and the buttons offered with it.
public struct ReplyText: Sendable, Equatable {
    public var text: String
    public var quickReplies: [String]

    public init(text: String, quickReplies: [String] = []) {
        self.text = text
        self.quickReplies = quickReplies
    }
}

/// The outcome of one customer message.
public struct TurnResult: Sendable {
    public var replies: [ReplyText]
    public var intent: String
    public var state: String
    public var language: String
    /// The conversation's open ticket after the turn (nil when the bot has it).
    public var ticket: TicketInfo?
    /// This turn opened the ticket (an escalation), with its reason.
    public var escalationReason: String?
    /// An agent has the conversation: the message was kept for them and the bot stayed quiet.
    public var heldForAgent: Bool
    /// The highest sequence number this turn stored.
    public var lastSeq: Int64
    /// What this turn stored for the customer (bot replies), for callbacks.
    public var messages: [ChatMessage]

    public init(replies: [ReplyText], intent: String, state: String, language: String, ticket: TicketInfo? = nil,
                escalationReason: String? = nil, heldForAgent: Bool = false, lastSeq: Int64, messages: [ChatMessage] = []) {
        self.replies = replies
        self.intent = intent
        self.state = state
        self.language = language
        self.ticket = ticket
        self.escalationReason = escalationReason
        self.heldForAgent = heldForAgent
        self.lastSeq = lastSeq
        self.messages = messages
    }
}

/// A handoff ticket as agents and the customer's widget see it.
public struct TicketInfo: Sendable, Equatable {
    public var id: Int64
    public var conversationID: String
    /// `waiting`, `assigned`, `resolved`, `returned_to_bot`.
    public var status: String
    public var reason: String
    public var priority: Int
    public var language: String
    public var agent: String?
    public var supportOpen: Bool
    public var createdAt: Date
    /// Place among waiting tickets (1 is next) and the estimated wait, while it waits.
    public var position: Int?
    public var waitMinutes: Int?
    public var summary: Summary?

    /// The store's own summary: one definition of what an agent sees at a glance.
    public typealias Summary = Ticket.Summary

    public init(id: Int64, conversationID: String, status: String, reason: String, priority: Int, language: String, agent: String? = nil,
                supportOpen: Bool = true, createdAt: Date, position: Int? = nil, waitMinutes: Int? = nil, summary: Summary? = nil) {
        self.id = id
        self.conversationID = conversationID
        self.status = status
        self.reason = reason
        self.priority = priority
        self.language = language
        self.agent = agent
        self.supportOpen = supportOpen
        self.createdAt = createdAt
        self.position = position
        self.waitMinutes = waitMinutes
        self.summary = summary
    }

    public var isOpen: Bool { status == "waiting" || status == "assigned" }
}

/// What an agent action changed, and the messages stored for the customer because of it.
public struct AgentResult: Sendable {
    public var ticket: TicketInfo
    public var messages: [ChatMessage]

    public init(ticket: TicketInfo, messages: [ChatMessage]) {
        self.ticket = ticket
        self.messages = messages
    }
}
