import AmableCore
import Foundation

extension SQLiteConversationStore {
    static let ticketColumns = "id, conversation_id, reason, priority, language, created_at, status, agent, summary, support_open, claimed_at, agent_seen_at, closed_at, closed_by"
    static let messageColumns = "id, conversation_id, revision, author, text, agent, reply_key, created_at"
    static let openStatuses = "('waiting', 'assigned')"

    public func load(conversationID id: String) throws(StoreError) -> StoredConversation? {
        try locked { db in
            try db.readTransaction {
                guard let (revision, body) = try db.query("SELECT revision, body FROM conversations WHERE id = ?", [.text(id)], row: { ($0.int(0), $0.text(1)) }).first else {
                    return nil
                }
                let conversation = try StoreCoding.decode(Conversation.self, from: body, what: "conversation \(id)")
                let ticket = try Self.openTicket(db, conversationID: id)
                return StoredConversation(conversation: conversation, revision: revision, openTicket: ticket)
            }
        }
    }

    public func apply(_ update: ConversationUpdate) throws(StoreError) -> ConversationUpdate.Result {
        try locked { db in try db.writeTransaction { try Self.apply(update, db) } }
    }

    static func apply(_ update: ConversationUpdate, _ db: SQLiteConnection) throws -> ConversationUpdate.Result {
        let c = update.conversation
        let now = update.at.timeIntervalSince1970
        let body = try update.body ?? StoreCoding.encode(c)
        let revision: Int
        if let expected = update.expectedRevision {
            let changed = try db.run("""
                UPDATE conversations SET state = ?, language = ?, mood = ?, updated_at = ?, revision = revision + 1, body = ?
                WHERE id = ? AND revision = ?
                """, [.text(c.state.name), .text(c.language.rawValue), .double(c.mood), .double(now), .text(body), .text(c.id), .int(expected)])
            guard changed == 1 else { throw StoreError.conflict(conversationID: c.id) }
            revision = expected + 1
        } else {
            let exists = try db.query("SELECT 1 FROM conversations WHERE id = ?", [.text(c.id)]) { _ in true }
            guard exists.isEmpty else { throw StoreError.conflict(conversationID: c.id) }
            try db.run("INSERT INTO conversations (id, state, language, mood, started_at, updated_at, revision, body) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                       [.text(c.id), .text(c.state.name), .text(c.language.rawValue), .double(c.mood), .date(c.startedAt), .double(now), .text(body)])
            revision = 1
        }
        var ticket: Ticket?
        if let change = update.ticket { ticket = try applyTicketChange(change, conversationID: c.id, now: now, db) }
        var stored: [StoredMessage] = []
        stored.reserveCapacity(update.messages.count)
        // A turn's messages in one statement (one pass through the id sequence, not one per
        // row). Rows of one INSERT get consecutive ids under the write lock: the last id
        // tells them all.
        for chunk in stride(from: 0, to: update.messages.count, by: Self.messagesPerInsert) {
            let messages = update.messages[chunk..<min(chunk + Self.messagesPerInsert, update.messages.count)]
            var values: [SQLiteValue] = []
            values.reserveCapacity(messages.count * 7)
            for m in messages {
                values += [.text(c.id), .int(revision), .text(m.author.rawValue), .optional(m.agent), .optional(m.replyKey), .text(m.text), .double(now)]
            }
            try db.run(Self.insertMessages(messages.count), values)
            var id = db.lastInsertRowID - Int64(messages.count) + 1
            for m in messages {
                stored.append(StoredMessage(id: id, conversationID: c.id, revision: revision, author: m.author, text: m.text,
                                            agent: m.agent, replyKey: m.replyKey, createdAt: update.at))
                id += 1
            }
        }
        if let rating = update.satisfaction {
            let lastTicket = try db.query("SELECT id FROM tickets WHERE conversation_id = ? ORDER BY id DESC LIMIT 1", [.text(c.id)]) { $0.int64(0) }.first
            try db.run("INSERT INTO satisfaction (conversation_id, ticket_id, rating, created_at) VALUES (?, ?, ?, ?)",
                       [.text(c.id), lastTicket.map { .int($0) } ?? .null, .int(rating), .double(now)])
        }
        return ConversationUpdate.Result(revision: revision, messages: stored, ticket: ticket)
    }

    /// Rows per INSERT (7 parameters each, far below SQLite's limit of 32,766).
    static let messagesPerInsert = 64
    /// `INSERT INTO messages … VALUES (…), (…)` for 1–8 rows, made once; longer ones built when needed.
    private static let insertMessagesSQL: [String] = (1...8).map(insertMessagesText)

    static func insertMessages(_ rows: Int) -> String {
        rows <= insertMessagesSQL.count ? insertMessagesSQL[rows - 1] : insertMessagesText(rows)
    }

    private static func insertMessagesText(_ rows: Int) -> String {
        "INSERT INTO messages (conversation_id, revision, author, agent, reply_key, text, created_at) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }

    static func applyTicketChange(_ change: ConversationUpdate.TicketChange, conversationID: String, now: Double, _ db: SQLiteConnection) throws -> Ticket? {
        func existing(_ id: Int64) throws -> Ticket {
            guard let t = try ticket(db, id: id), t.conversationID == conversationID else { throw StoreError.ticketNotFound(id) }
            return t
        }
        switch change {
        case .open(let reason, let priority, let language, let summary, let supportOpen):
            if let open = try openTicket(db, conversationID: conversationID) {
                throw StoreError.ticketState(id: open.id, status: open.status, agent: open.agent, action: "open a second ticket beside")
            }
            try db.run("INSERT INTO tickets (conversation_id, reason, priority, language, created_at, status, summary, support_open) VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?)",
                       [.text(conversationID), .text(reason.rawValue), .int(priority), .text(language.rawValue), .double(now),
                        .text(try StoreCoding.encode(summary)), .int(supportOpen ? 1 : 0)])
            return try ticket(db, id: db.lastInsertRowID)
        case .claim(let id, let agent):
            let t = try existing(id)
            let changed = try db.run("UPDATE tickets SET status = 'assigned', agent = ?, claimed_at = ?, agent_seen_at = ? WHERE id = ? AND status = 'waiting'",
                                     [.text(agent), .double(now), .double(now), .int(id)])
            guard changed == 1 else { throw StoreError.ticketState(id: id, status: t.status, agent: t.agent, action: "claim") }
        case .touch(let id, let agent):
            let t = try existing(id)
            let changed = try db.run("UPDATE tickets SET agent_seen_at = ? WHERE id = ? AND status = 'assigned' AND agent = ?", [.double(now), .int(id), .text(agent)])
            guard changed == 1 else { throw StoreError.ticketState(id: id, status: t.status, agent: t.agent, action: "answer as \(agent) on") }
        case .release(let id, let before):
            let t = try existing(id)
            let changed = try db.run("""
                UPDATE tickets SET status = 'waiting', agent = NULL, claimed_at = NULL, agent_seen_at = NULL
                WHERE id = ? AND status = 'assigned' AND (?2 IS NULL OR agent_seen_at < ?2)
                """, [.int(id), .date(before)])
            guard changed == 1 else { throw StoreError.ticketState(id: id, status: t.status, agent: t.agent, action: "release") }
        case .close(let id, let status, let by):
            let t = try existing(id)
            let changed = try db.run("""
                UPDATE tickets SET status = ?, closed_at = ?, closed_by = ?, agent_seen_at = CASE WHEN agent = ? THEN ? ELSE agent_seen_at END
                WHERE id = ? AND status IN \(openStatuses)
                """, [.text(status.rawValue), .double(now), .text(by), .text(by), .double(now), .int(id)])
            guard changed == 1, !status.isOpen else { throw StoreError.ticketState(id: id, status: t.status, agent: t.agent, action: "close") }
        case .amend(let id, let summary, let priority):
            let t = try existing(id)
            let changed = try db.run("UPDATE tickets SET summary = ?, priority = min(priority, ?) WHERE id = ? AND status = 'waiting'",
                                     [.text(try StoreCoding.encode(summary)), .int(priority), .int(id)])
            guard changed == 1 else { throw StoreError.ticketState(id: id, status: t.status, agent: t.agent, action: "amend") }
        }
        return try ticket(db, id: changeID(change) ?? 0)
    }

    static func changeID(_ change: ConversationUpdate.TicketChange) -> Int64? {
        switch change {
        case .open: nil
        case .claim(let id, _), .touch(let id, _), .release(let id, _), .close(let id, _, _), .amend(let id, _, _): id
        }
    }

    public func messages(conversationID: String, after: Int64, limit: Int) throws(StoreError) -> [StoredMessage] {
        try locked { db in
            try db.query("SELECT \(Self.messageColumns) FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?",
                         [.text(conversationID), .int(after), .int(limit)], row: Self.message)
        }
    }

    public func lastMessages(conversationID: String, author: StoredMessage.Author, count: Int) throws(StoreError) -> [StoredMessage] {
        try locked { db in
            try db.query("SELECT \(Self.messageColumns) FROM messages WHERE conversation_id = ? AND author = ? ORDER BY id DESC LIMIT ?",
                         [.text(conversationID), .text(author.rawValue), .int(count)], row: Self.message).reversed()
        }
    }

    public func ticket(id: Int64) throws(StoreError) -> Ticket? {
        try locked { db in try Self.ticket(db, id: id) }
    }

    public func tickets(statuses: Set<Ticket.Status>, limit: Int) throws(StoreError) -> [Ticket] {
        guard !statuses.isEmpty else { return [] }
        let list = statuses.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        return try locked { db in
            try db.query("SELECT \(Self.ticketColumns) FROM tickets WHERE status IN (\(list)) ORDER BY priority, created_at, id LIMIT ?",
                         [.int(limit)], row: Self.ticket)
        }
    }

    public func waitingAhead(priority: Int, createdAt: Date, excluding: Int64?) throws(StoreError) -> Int {
        try locked { db in
            // tickets_queue (status, priority, created_at, id) answers this from the index alone.
            try db.query("""
                SELECT COUNT(*) FROM tickets WHERE status = 'waiting'
                AND (priority < ? OR (priority = ? AND created_at <= ?)) AND id IS NOT ?
                """, [.int(priority), .int(priority), .date(createdAt), excluding.map { SQLiteValue.int($0) } ?? .null]) { $0.int(0) }.first ?? 0
        }
    }

    public func openTicketCounts() throws(StoreError) -> (waiting: Int, assigned: Int) {
        try locked { db in
            let rows = try db.query("SELECT status, COUNT(*) FROM tickets WHERE status IN \(Self.openStatuses) GROUP BY status") { ($0.text(0), $0.int(1)) }
            return (rows.first { $0.0 == Ticket.Status.waiting.rawValue }?.1 ?? 0, rows.first { $0.0 == Ticket.Status.assigned.rawValue }?.1 ?? 0)
        }
    }

    public func queueStats(since: Date, activeSince: Date, limit: Int) throws(StoreError) -> QueueStats {
        try locked { db in
            try db.readTransaction {
                let times = try db.query("""
                    SELECT closed_at - claimed_at FROM tickets
                    WHERE closed_at >= ? AND claimed_at IS NOT NULL AND closed_by IS NOT 'customer' ORDER BY closed_at DESC LIMIT ?
                    """, [.date(since), .int(limit)]) { $0.double(0) }
                let agents = try db.query("SELECT count(DISTINCT agent) FROM tickets WHERE agent IS NOT NULL AND agent_seen_at >= ?",
                                          [.date(activeSince)]) { $0.int(0) }.first ?? 0
                return QueueStats(handlingTimes: times, activeAgents: agents)
            }
        }
    }

    public func satisfaction(conversationID: String) throws(StoreError) -> [Int] {
        try locked { db in try db.query("SELECT rating FROM satisfaction WHERE conversation_id = ? ORDER BY id", [.text(conversationID)]) { $0.int(0) } }
    }

    public func purge(inactiveBefore date: Date) throws(StoreError) -> (conversations: Int, messages: Int) {
        let purged: [Int] = try locked { db in
            try db.writeTransaction {
                let old = "SELECT id FROM conversations WHERE updated_at < ?1 AND id NOT IN (SELECT conversation_id FROM tickets WHERE status IN \(Self.openStatuses))"
                let messages = try db.query("SELECT count(*) FROM messages WHERE conversation_id IN (\(old))", [.date(date)]) { $0.int(0) }.first ?? 0
                let conversations = try db.run("DELETE FROM conversations WHERE id IN (\(old))", [.date(date)])
                return [conversations, messages]
            }
        }
        return (purged[0], purged[1])
    }

    // MARK: rows

    static func openTicket(_ db: SQLiteConnection, conversationID: String) throws -> Ticket? {
        try db.query("SELECT \(ticketColumns) FROM tickets WHERE conversation_id = ? AND status IN \(openStatuses)", [.text(conversationID)], row: ticket).first
    }

    static func ticket(_ db: SQLiteConnection, id: Int64) throws -> Ticket? {
        try db.query("SELECT \(ticketColumns) FROM tickets WHERE id = ?", [.int(id)], row: ticket).first
    }

    static func ticket(_ s: SQLiteStatement) throws -> Ticket {
        let id = s.int64(0)
        return Ticket(id: id, conversationID: s.text(1), reason: Handoff.Reason(rawValue: s.text(2)) ?? .requested, priority: s.int(3),
                      language: Language(rawValue: s.text(4)) ?? .primary, createdAt: s.date(5), status: Ticket.Status(rawValue: s.text(6)) ?? .waiting,
                      agent: s.optionalText(7), summary: try StoreCoding.decode(Ticket.Summary.self, from: s.text(8), what: "ticket #\(id)'s summary"),
                      supportOpen: s.int(9) != 0, claimedAt: s.optionalDate(10), agentSeenAt: s.optionalDate(11), closedAt: s.optionalDate(12),
                      closedBy: s.optionalText(13))
    }

    static func message(_ s: SQLiteStatement) -> StoredMessage {
        StoredMessage(id: s.int64(0), conversationID: s.text(1), revision: s.int(2), author: StoredMessage.Author(rawValue: s.text(3)) ?? .system,
                      text: s.text(4), agent: s.optionalText(5), replyKey: s.optionalText(6), createdAt: s.date(7))
    }
}
