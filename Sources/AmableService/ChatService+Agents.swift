import AmableCore
import AmableStore
import Foundation

extension ChatService {
    /// Takes a waiting ticket; of two agents claiming at once exactly one wins, the other
    /// gets `StoreError.ticketState`. The customer is told a person joined.
    public func claim(ticketID: Int64, agent: String, at now: Date) async throws -> AgentOutcome {
        let agent = try Self.validAgentName(agent)
        return try await act(on: ticketID, at: now, "claimed by \(agent)") { ticket, c in
            guard ticket.status == .waiting else { throw StoreError.ticketState(id: ticket.id, status: ticket.status, agent: ticket.agent, action: "claim") }
            let notice = self.render("handoff.agent_joined", values: ["agent.name": .text(agent)], in: &c)
            return (notice.map { .init(author: .system, text: $0.text, replyKey: $0.key) }, .claim(id: ticket.id, agent: agent))
        }
    }

    /// Sends an agent's words to the customer as they are; only the agent holding the ticket may.
    public func reply(ticketID: Int64, agent: String, text: String, at now: Date) async throws -> AgentOutcome {
        let agent = try Self.validAgentName(agent)
        let words = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !words.isEmpty else { throw Error.invalidReply("it is empty") }
        guard words.count <= configuration.maxReplyLength else { throw Error.invalidReply("longer than \(configuration.maxReplyLength) characters") }
        return try await act(on: ticketID, at: now, "answered by \(agent): \"\(Self.excerpt(words))\"") { ticket, c in
            guard ticket.status == .assigned, ticket.agent == agent else {
                throw StoreError.ticketState(id: ticket.id, status: ticket.status, agent: ticket.agent, action: "reply as \(agent) to")
            }
            return ([.init(author: .agent, text: words, agent: agent)], .touch(id: ticket.id, agent: agent))
        }
    }

    /// Tells the queue the assigned agent is still there (a live console does this while open),
    /// so the claim is not released after `agentTimeout`.
    public func stillHere(ticketID: Int64, agent: String, at now: Date) async throws -> AgentOutcome {
        try await act(on: ticketID, at: now, "kept by \(agent)") { ticket, _ in
            guard ticket.status == .assigned, ticket.agent == agent else {
                throw StoreError.ticketState(id: ticket.id, status: ticket.status, agent: ticket.agent, action: "keep as \(agent)")
            }
            return ([], .touch(id: ticket.id, agent: agent))
        }
    }

    /// Puts an assigned ticket back in the queue, in its old place; the customer is told.
    public func release(ticketID: Int64, at now: Date) async throws -> AgentOutcome {
        try await act(on: ticketID, at: now, "released") { ticket, c in
            guard ticket.status == .assigned else { throw StoreError.ticketState(id: ticket.id, status: ticket.status, agent: ticket.agent, action: "release") }
            let notice = self.render("handoff.requeued", in: &c)
            return (notice.map { .init(author: .system, text: $0.text, replyKey: $0.key) }, .release(id: ticket.id, onlyIfSeenBefore: nil))
        }
    }

    /// Closes the ticket as resolved; the bot takes the conversation back and asks how it went.
    public func resolve(ticketID: Int64, agent: String?, at now: Date) async throws -> AgentOutcome {
        try await act(on: ticketID, at: now, "resolved") { ticket, c in
            guard ticket.status.isOpen else { throw StoreError.ticketState(id: ticket.id, status: ticket.status, agent: ticket.agent, action: "resolve") }
            let name = agent ?? ticket.agent
            Self.giveBackToBot(&c)
            var drafts = self.render("handoff.resolved", values: ["agent.name": .text(name ?? "")], in: &c).map { StoredMessage.Draft(author: .system, text: $0.text, replyKey: $0.key) }
            if c.satisfaction == nil {
                c.state = .awaitingSatisfaction
                var missing: [String] = []
                let ask = self.bot.renderer.render([Reply("survey.ask", quickReplies: ["survey.option.5", "survey.option.4", "survey.option.3", "survey.option.2", "survey.option.1"])],
                                              in: &c, missing: &missing)
                drafts += ask.map { .init(author: .bot, text: $0.text, replyKey: $0.key) }
            }
            return (drafts, .close(id: ticket.id, status: .resolved, by: name ?? "agent"))
        }
    }

    /// Hands the conversation back to the bot without resolving it (`returned_to_bot`).
    public func backToBot(ticketID: Int64, agent: String?, at now: Date) async throws -> AgentOutcome {
        try await act(on: ticketID, at: now, "returned to the bot") { ticket, c in
            guard ticket.status.isOpen else { throw StoreError.ticketState(id: ticket.id, status: ticket.status, agent: ticket.agent, action: "hand back") }
            Self.giveBackToBot(&c)
            let notice = self.render("handoff.back_to_bot", in: &c)
            return (notice.map { .init(author: .system, text: $0.text, replyKey: $0.key) }, .close(id: ticket.id, status: .returnedToBot, by: agent ?? ticket.agent ?? "agent"))
        }
    }

    /// Releases every claim whose agent has been silent for `agentTimeout`; returns those tickets.
    @discardableResult
    public func releaseStaleClaims(at now: Date) async throws -> [Ticket] {
        let limit = now.addingTimeInterval(-configuration.agentTimeout)
        var released: [Ticket] = []
        let assigned = try await io.run { try self.store.tickets(statuses: [.assigned], limit: 10_000) }
        for ticket in assigned where (ticket.agentSeenAt ?? .distantPast) <= limit {
            let outcome = try? await lanes.run(ticket.conversationID) { try await self.io.run { try self.releaseStale(ticket, at: now) } }
            if let outcome { released.append(outcome.ticket) }
        }
        return released
    }

    /// Releases one stale claim (the caller holds the conversation's lane).
    func releaseStale(_ ticket: Ticket, at now: Date) throws -> AgentOutcome {
        let limit = now.addingTimeInterval(-configuration.agentTimeout).addingTimeInterval(0.001)
        return try change(ticketID: ticket.id, at: now, "released: \(ticket.agent ?? "the agent") silent for \(Int(configuration.agentTimeout / 60)) min") { t, c in
            let notice = self.render("handoff.requeued", in: &c)
            return (notice.map { .init(author: .system, text: $0.text, replyKey: $0.key) }, .release(id: t.id, onlyIfSeenBefore: limit))
        }
    }

    /// The ticket and its conversation's whole transcript.
    public func ticketDetail(id: Int64) throws -> (ticket: Ticket, messages: [StoredMessage]) {
        guard let ticket = try store.ticket(id: id) else { throw StoreError.ticketNotFound(id) }
        return (ticket, try store.messages(conversationID: ticket.conversationID))
    }

    static func giveBackToBot(_ c: inout Conversation) {
        c.state = .idle
        c.handoff = nil
        c.heldMessages = 0
        c.failedUnderstandings = 0
        c.repeats = [:]
        c.resolvedSinceSurvey = false
    }

    public static func validAgentName(_ name: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64, name != "customer", !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Error.invalidReply("an agent needs a name of 1–64 characters (not \"customer\")")
        }
        return name
    }

    /// Runs an agent action on a ticket's conversation in its lane, retrying on a race.
    private func act(on ticketID: Int64, at now: Date, _ what: String,
                     _ body: @escaping @Sendable (Ticket, inout Conversation) throws -> ([StoredMessage.Draft], ConversationUpdate.TicketChange)) async throws -> AgentOutcome {
        guard let ticket = try await io.run({ try self.store.ticket(id: ticketID) }) else { throw StoreError.ticketNotFound(ticketID) }
        return try await lanes.run(ticket.conversationID) {
            for _ in 0..<Self.maxAttempts {
                do { return try await io.run { try self.change(ticketID: ticketID, at: now, what, body) } } catch StoreError.conflict { continue }
            }
            throw StoreError.conflict(conversationID: ticket.conversationID)
        }
    }

    /// Loads the ticket's conversation, applies `body`'s messages and ticket change in one transaction.
    private func change(ticketID: Int64, at now: Date, _ what: String,
                        _ body: (Ticket, inout Conversation) throws -> ([StoredMessage.Draft], ConversationUpdate.TicketChange)) throws -> AgentOutcome {
        guard let ticket = try store.ticket(id: ticketID) else { throw StoreError.ticketNotFound(ticketID) }
        guard let stored = try store.load(conversationID: ticket.conversationID) else { throw StoreError.ticketNotFound(ticketID) }
        var c = stored.conversation
        c.updatedAt = now
        let (drafts, ticketChange) = try body(ticket, &c)
        cache.forget(ticket.conversationID)
        let result = try store.apply(ConversationUpdate(conversation: c, expectedRevision: stored.revision, messages: drafts, ticket: ticketChange, at: now))
        log("ticket #\(ticketID) \(what) conversation=\(ticket.conversationID)")
        return AgentOutcome(ticket: result.ticket ?? ticket, messages: result.messages)
    }
}
