import AmableCore
import AmableStore
import Foundation

extension ChatService {
    /// The open tickets in queue order (priority, then waiting time); stale claims are
    /// released first, so what an agent sees is what they can take.
    public func queue(at now: Date) async throws -> [QueueEntry] {
        try await releaseStaleClaims(at: now)
        let (open, stats) = try await io.run { (try self.store.openTickets(), try self.queueStats(at: now)) }
        var position = 0
        return open.map { ticket in
            var place: QueuePlace?
            if ticket.status == .waiting {
                position += 1
                place = QueuePlace(position: position, waitMinutes: WaitEstimate.minutes(position: position, stats: stats, defaultHandling: configuration.defaultHandlingTime))
            }
            return QueueEntry(ticket: ticket, place: place, waited: now.timeIntervalSince(ticket.createdAt))
        }
    }

    func queueStats(at now: Date) throws -> QueueStats {
        try store.queueStats(since: now.addingTimeInterval(-configuration.statsWindow), activeSince: now.addingTimeInterval(-configuration.activeAgentWindow), limit: 50)
    }

    /// The place a ticket of `priority` opened at `createdAt` has (or would have) among the waiting ones.
    func queuePlace(priority: Int, createdAt: Date, excluding id: Int64?) throws -> QueuePlace {
        let ahead = try store.waitingAhead(priority: priority, createdAt: createdAt, excluding: id)
        let position = ahead + 1
        return QueuePlace(position: position, waitMinutes: WaitEstimate.minutes(position: position, stats: try queueStats(at: createdAt), defaultHandling: configuration.defaultHandlingTime))
    }

    /// What the agent reads first: the intent, what was collected, the mood, the last words.
    func makeSummary(_ turn: Turn, text: String, handoff: Handoff) throws -> Ticket.Summary {
        let c = turn.conversation
        var entities = c.slots
        if let callback = c.callback { entities["callback"] = callback }
        let e = turn.understanding.entities
        if let email = e.emails.first { entities["email"] = email }
        if let phone = e.phones.first { entities["phone"] = phone }
        let earlier = try store.lastMessages(conversationID: c.id, author: .customer, count: max(configuration.summaryMessages - 1, 0)).map(\.text)
        let last = (earlier + [text]).suffix(configuration.summaryMessages).map { String($0.prefix(280)) }
        return Ticket.Summary(intent: handoff.intent ?? c.lastIntent, entities: entities, mood: (c.mood * 100).rounded() / 100,
                              moodLabel: Mood(score: c.mood).label.rawValue, lastMessages: Array(last))
    }
}
