import AmableCore
import AmableService
import AmableStore
import Foundation

/// The HTTP API's view of the chat service: the same calls the REPL makes, translated into
/// plain values and `BackendError`s.
extension ChatService: ChatBackend {
    public func send(conversationID: String, text: String, language: String?, at now: Date) async throws -> TurnResult {
        let result = try await mapped { try await handle(conversationID: conversationID, text: text, language: language.flatMap(Language.init(rawValue:)), at: now) }
        let turn = result.turn
        let open = result.ticket.flatMap { $0.status.isOpen ? $0 : nil }
        return TurnResult(
            replies: turn.replies.map { ReplyText(text: $0.text, quickReplies: $0.quickReplies) },
            intent: turn.decision.intent ?? turn.understanding.intent,
            state: turn.conversation.state.name,
            language: turn.conversation.language.rawValue,
            ticket: open.map { Self.info($0, place: result.place) },
            escalationReason: turn.decision.handoff?.reason.rawValue,
            heldForAgent: result.heldForAgent,
            lastSeq: result.messages.map(\.id).max() ?? 0,
            messages: result.messages.filter { $0.author != .customer }.map(Self.message))
    }

    public func conversationExists(_ id: String) async throws -> Bool {
        try await mapped { try conversation(id: id) != nil }
    }

    public func messages(conversationID: String, after: Int64, limit: Int) async throws -> [ChatMessage] {
        try await mapped {
            try store.messages(conversationID: conversationID, after: after, limit: limit).filter { $0.author != .customer }.map(Self.message)
        }
    }

    public func openTickets(at now: Date) async throws -> [TicketInfo] {
        try await mapped { try await queue(at: now).map { Self.info($0.ticket, place: $0.place) } }
    }

    public func openTicketCounts() async throws -> (waiting: Int, assigned: Int) {
        try await mapped { try store.openTicketCounts() }
    }

    public func ticket(_ id: Int64) async throws -> (TicketInfo, [ChatMessage]) {
        try await mapped {
            let (ticket, messages) = try ticketDetail(id: id)
            return (Self.info(ticket, place: nil), messages.map(Self.message))
        }
    }

    public func claim(ticket: Int64, agent: String, at now: Date) async throws -> AgentResult {
        try await mapped { Self.result(try await claim(ticketID: ticket, agent: agent, at: now)) }
    }

    public func reply(ticket: Int64, agent: String, text: String, at now: Date) async throws -> AgentResult {
        try await mapped { Self.result(try await reply(ticketID: ticket, agent: agent, text: text, at: now)) }
    }

    /// Only the agent holding the ticket gives it back.
    public func release(ticket: Int64, agent: String, at now: Date) async throws -> AgentResult {
        try await mapped {
            guard let current = try store.ticket(id: ticket) else { throw StoreError.ticketNotFound(ticket) }
            guard current.status != .assigned || current.agent == agent else {
                throw BackendError.conflict("ticket #\(ticket) is held by \(current.agent ?? "another agent")")
            }
            return Self.result(try await release(ticketID: ticket, at: now))
        }
    }

    public func resolve(ticket: Int64, agent: String, at now: Date) async throws -> AgentResult {
        try await mapped { Self.result(try await resolve(ticketID: ticket, agent: agent, at: now)) }
    }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            switch error {
            case .ticketNotFound: throw BackendError.notFound(error.description)
            case .ticketState, .conflict: throw BackendError.conflict(error.description)
            case .busy: throw BackendError.unavailable(error.description)
            default: throw error
            }
        } catch let error as ChatService.Error {
            throw BackendError.invalid(error.description)
        }
    }

    static func message(_ m: StoredMessage) -> ChatMessage {
        ChatMessage(seq: m.id, conversationID: m.conversationID, author: m.author.rawValue, agent: m.agent, text: m.text, createdAt: m.createdAt)
    }

    static func info(_ t: Ticket, place: QueuePlace?) -> TicketInfo {
        TicketInfo(id: t.id, conversationID: t.conversationID, status: t.status.rawValue, reason: t.reason.rawValue, priority: t.priority,
                   language: t.language.rawValue, agent: t.agent, supportOpen: t.supportOpen, createdAt: t.createdAt,
                   position: place?.position, waitMinutes: place?.waitMinutes,
                   summary: .init(intent: t.summary.intent, entities: t.summary.entities, mood: t.summary.mood, moodLabel: t.summary.moodLabel,
                                  lastMessages: t.summary.lastMessages))
    }

    static func result(_ outcome: AgentOutcome) -> AgentResult {
        AgentResult(ticket: info(outcome.ticket, place: nil), messages: outcome.messages.map(message))
    }
}
