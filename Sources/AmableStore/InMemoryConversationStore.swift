import AmableCore
import Foundation
import Synchronization

/// A store in memory with the same rules as the SQLite one, for tests.
public final class InMemoryConversationStore: ConversationStore {
    struct State {
        var conversations: [String: (conversation: Conversation, revision: Int)] = [:]
        /// When each conversation was last saved (the `at` of its last update).
        var touched: [String: Date] = [:]
        var messages: [StoredMessage] = []
        var tickets: [Int64: Ticket] = [:]
        var satisfaction: [(conversationID: String, rating: Int)] = []
        var nextMessageID: Int64 = 1
        var nextTicketID: Int64 = 1

        func openTicket(_ conversationID: String) -> Ticket? {
            tickets.values.first { $0.conversationID == conversationID && $0.status.isOpen }
        }
    }

    private let state = Mutex(State())

    public init() {}

    public func load(conversationID id: String) throws(StoreError) -> StoredConversation? {
        state.withLock { s in
            s.conversations[id].map { StoredConversation(conversation: $0.conversation, revision: $0.revision, openTicket: s.openTicket(id)) }
        }
    }

    public func apply(_ update: ConversationUpdate) throws(StoreError) -> ConversationUpdate.Result {
        try state.withLock { (current: inout State) throws(StoreError) -> ConversationUpdate.Result in
            // All or nothing: every step that can fail runs first, on copies of the few tickets;
            // then the conversation and its messages change in place (copying every stored
            // conversation and message on each turn made long runs quadratic).
            let c = update.conversation
            let revision: Int
            if let expected = update.expectedRevision {
                guard current.conversations[c.id]?.revision == expected else { throw .conflict(conversationID: c.id) }
                revision = expected + 1
            } else {
                guard current.conversations[c.id] == nil else { throw .conflict(conversationID: c.id) }
                revision = 1
            }
            var ticket: Ticket?
            if let change = update.ticket {
                var tickets = State()
                tickets.tickets = current.tickets
                tickets.nextTicketID = current.nextTicketID
                ticket = try Self.apply(change, conversationID: c.id, at: update.at, &tickets)
                current.tickets = tickets.tickets
                current.nextTicketID = tickets.nextTicketID
            }
            current.conversations[c.id] = (c, revision)
            current.touched[c.id] = update.at
            var stored: [StoredMessage] = []
            for m in update.messages {
                stored.append(StoredMessage(id: current.nextMessageID, conversationID: c.id, revision: revision, author: m.author, text: m.text,
                                            agent: m.agent, replyKey: m.replyKey, createdAt: update.at))
                current.nextMessageID += 1
            }
            current.messages += stored
            if let rating = update.satisfaction { current.satisfaction.append((c.id, rating)) }
            return ConversationUpdate.Result(revision: revision, messages: stored, ticket: ticket)
        }
    }

    static func apply(_ change: ConversationUpdate.TicketChange, conversationID: String, at now: Date, _ s: inout State) throws(StoreError) -> Ticket {
        func existing(_ id: Int64) throws(StoreError) -> Ticket {
            guard let t = s.tickets[id], t.conversationID == conversationID else { throw .ticketNotFound(id) }
            return t
        }
        var t: Ticket
        switch change {
        case .open(let reason, let priority, let language, let summary, let supportOpen):
            if let open = s.openTicket(conversationID) {
                throw .ticketState(id: open.id, status: open.status, agent: open.agent, action: "open a second ticket beside")
            }
            t = Ticket(id: s.nextTicketID, conversationID: conversationID, reason: reason, priority: priority, language: language,
                       createdAt: now, summary: summary, supportOpen: supportOpen)
            s.nextTicketID += 1
        case .claim(let id, let agent):
            t = try existing(id)
            guard t.status == .waiting else { throw .ticketState(id: id, status: t.status, agent: t.agent, action: "claim") }
            t.status = .assigned
            t.agent = agent
            t.claimedAt = now
            t.agentSeenAt = now
        case .touch(let id, let agent):
            t = try existing(id)
            guard t.status == .assigned, t.agent == agent else { throw .ticketState(id: id, status: t.status, agent: t.agent, action: "answer as \(agent) on") }
            t.agentSeenAt = now
        case .release(let id, let before):
            t = try existing(id)
            guard t.status == .assigned, before.map({ (t.agentSeenAt ?? .distantPast) < $0 }) ?? true else {
                throw .ticketState(id: id, status: t.status, agent: t.agent, action: "release")
            }
            t.status = .waiting
            t.agent = nil
            t.claimedAt = nil
            t.agentSeenAt = nil
        case .close(let id, let status, let by):
            t = try existing(id)
            guard t.status.isOpen, !status.isOpen else { throw .ticketState(id: id, status: t.status, agent: t.agent, action: "close") }
            t.status = status
            t.closedAt = now
            t.closedBy = by
            if t.agent == by { t.agentSeenAt = now }
        case .amend(let id, let summary, let priority):
            t = try existing(id)
            guard t.status == .waiting else { throw .ticketState(id: id, status: t.status, agent: t.agent, action: "amend") }
            t.summary = summary
            t.priority = min(t.priority, priority)
        }
        s.tickets[t.id] = t
        return t
    }

    public func messages(conversationID: String, after: Int64, limit: Int) throws(StoreError) -> [StoredMessage] {
        state.withLock { s in Array(s.messages.lazy.filter { $0.conversationID == conversationID && $0.id > after }.prefix(limit)) }
    }

    public func lastMessages(conversationID: String, author: StoredMessage.Author, count: Int) throws(StoreError) -> [StoredMessage] {
        state.withLock { s in Array(s.messages.filter { $0.conversationID == conversationID && $0.author == author }.suffix(count)) }
    }

    public func ticket(id: Int64) throws(StoreError) -> Ticket? {
        state.withLock { $0.tickets[id] }
    }

    public func tickets(statuses: Set<Ticket.Status>, limit: Int) throws(StoreError) -> [Ticket] {
        state.withLock { s in Array(s.tickets.values.filter { statuses.contains($0.status) }.sorted(by: Ticket.queueOrder).prefix(limit)) }
    }

    public func waitingAhead(priority: Int, createdAt: Date, excluding: Int64?) throws(StoreError) -> Int {
        state.withLock { s in
            s.tickets.values.count { t in
                t.status == .waiting && t.id != excluding && (t.priority < priority || t.priority == priority && t.createdAt <= createdAt)
            }
        }
    }

    public func openTicketCounts() throws(StoreError) -> (waiting: Int, assigned: Int) {
        state.withLock { s in
            (s.tickets.values.count { $0.status == .waiting }, s.tickets.values.count { $0.status == .assigned })
        }
    }

    public func queueStats(since: Date, activeSince: Date, limit: Int) throws(StoreError) -> QueueStats {
        state.withLock { s in
            let closed = s.tickets.values.filter { t in
                guard let closedAt = t.closedAt, t.claimedAt != nil, t.closedBy != "customer" else { return false }
                return closedAt >= since
            }.sorted { $0.closedAt! > $1.closedAt! }
            let agents = Set(s.tickets.values.filter { ($0.agentSeenAt ?? .distantPast) >= activeSince }.compactMap(\.agent))
            return QueueStats(handlingTimes: closed.prefix(limit).map { $0.closedAt!.timeIntervalSince($0.claimedAt!) }, activeAgents: agents.count)
        }
    }

    public func satisfaction(conversationID: String) throws(StoreError) -> [Int] {
        state.withLock { s in s.satisfaction.filter { $0.conversationID == conversationID }.map(\.rating) }
    }

    public func purge(inactiveBefore date: Date) throws(StoreError) -> (conversations: Int, messages: Int) {
        state.withLock { s in
            let old = Set(s.conversations.keys.filter { (s.touched[$0] ?? .distantPast) < date && s.openTicket($0) == nil })
            let messages = s.messages.filter { old.contains($0.conversationID) }.count
            for id in old {
                s.conversations[id] = nil
                s.touched[id] = nil
            }
            s.messages.removeAll { old.contains($0.conversationID) }
            s.tickets = s.tickets.filter { !old.contains($0.value.conversationID) }
            s.satisfaction.removeAll { old.contains($0.conversationID) }
            return (old.count, messages)
        }
    }
}
