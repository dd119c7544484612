import AmableCore
import Foundation

/// Where conversations, their messages, handoff tickets and satisfaction answers live.
///
/// Every write goes through `apply`, one transaction per turn or agent action: either all of
/// it is visible afterwards (new state, messages, ticket change) or none of it is.
/// Implementations are safe to call from any thread.
public protocol ConversationStore: Sendable {
    /// The conversation with `id`, its revision and open ticket; nil when there is none.
    func load(conversationID id: String) throws(StoreError) -> StoredConversation?

    /// Saves an update atomically; `StoreError.conflict` when the revision moved on.
    func apply(_ update: ConversationUpdate) throws(StoreError) -> ConversationUpdate.Result

    /// The conversation's messages with an id greater than `after`, oldest first.
    func messages(conversationID: String, after: Int64, limit: Int) throws(StoreError) -> [StoredMessage]

    /// The conversation's last `count` messages by `author`, oldest first.
    func lastMessages(conversationID: String, author: StoredMessage.Author, count: Int) throws(StoreError) -> [StoredMessage]

    func ticket(id: Int64) throws(StoreError) -> Ticket?

    /// Tickets with one of `statuses`, in queue order (priority, then waiting time).
    func tickets(statuses: Set<Ticket.Status>, limit: Int) throws(StoreError) -> [Ticket]

    /// How many waiting tickets come before a ticket of `priority` created at `createdAt` in
    /// queue order (a lower priority number first, then the older; an equal time counts as
    /// ahead), not counting ticket `excluding`. Counted by the store: a long queue is not read.
    func waitingAhead(priority: Int, createdAt: Date, excluding: Int64?) throws(StoreError) -> Int

    /// How many tickets are waiting and how many are assigned, counted by the store.
    func openTicketCounts() throws(StoreError) -> (waiting: Int, assigned: Int)

    /// Handling times of tickets closed by agents since `since`, and agents active since `activeSince`.
    func queueStats(since: Date, activeSince: Date, limit: Int) throws(StoreError) -> QueueStats

    /// Satisfaction answers of a conversation, oldest first.
    func satisfaction(conversationID: String) throws(StoreError) -> [Int]

    /// Runs `body` with the store's writes in one transaction (one commit for many turns);
    /// the store's own calls inside it still succeed or fail one by one.
    func transaction<T>(_ body: () throws -> T) throws -> T

    /// Deletes conversations last active before `date` that have no open ticket, with their
    /// messages, tickets and answers; returns how many conversations and messages went.
    func purge(inactiveBefore date: Date) throws(StoreError) -> (conversations: Int, messages: Int)
}

extension ConversationStore {
    /// Stores whose every call commits on its own (in memory) just run `body`.
    public func transaction<T>(_ body: () throws -> T) throws -> T { try body() }

    public func messages(conversationID: String, after: Int64 = 0) throws(StoreError) -> [StoredMessage] {
        try messages(conversationID: conversationID, after: after, limit: 10_000)
    }

    /// The waiting tickets and the assigned ones, in queue order.
    public func openTickets(limit: Int = 1_000) throws(StoreError) -> [Ticket] {
        try tickets(statuses: [.waiting, .assigned], limit: limit)
    }
}
