import AmableCore
import Foundation
@testable import AmableStore

/// Stores and values for the tests: every SQLite file lives in a fresh temporary folder.
enum StoreFixture {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func tempDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("amable-store-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `synchronous=NORMAL`: the tests are about transactions, not power cuts, and an fsync per
    /// commit would hold test threads that other suites' timing-sensitive tests need.
    static func sqlite(_ dir: URL = tempDirectory()) throws -> SQLiteConversationStore {
        var configuration = SQLiteConversationStore.Configuration()
        configuration.synchronous = .normal
        return try SQLiteConversationStore(directory: dir, configuration: configuration)
    }

    /// Both implementations, so every behaviour is proved on each.
    static func stores() throws -> [any ConversationStore] {
        [InMemoryConversationStore(), try sqlite()]
    }

    static func conversation(_ id: String = "c1", at date: Date = t0, state: Conversation.State = .idle) -> Conversation {
        var c = Conversation(id: id, language: .es, startedAt: date)
        c.state = state
        c.updatedAt = date
        return c
    }

    static func summary(_ last: String = "quiero hablar con una persona") -> Ticket.Summary {
        Ticket.Summary(intent: "contact_human_agent", entities: ["order_number": "10482"], mood: 0.1, moodLabel: "calm", lastMessages: [last])
    }

    static func open(priority: Int = 2) -> ConversationUpdate.TicketChange {
        .open(reason: .requested, priority: priority, language: .es, summary: summary(), supportOpen: true)
    }

    /// Saves a new escalated conversation with a waiting ticket; returns the ticket.
    @discardableResult
    static func escalated(_ store: any ConversationStore, _ id: String, priority: Int = 2, at date: Date = t0) throws -> Ticket {
        let update = ConversationUpdate(conversation: conversation(id, at: date, state: .escalated), expectedRevision: nil,
                                        messages: [.init(author: .customer, text: "quiero hablar con una persona"), .init(author: .bot, text: "Te paso…", replyKey: "handoff.open")],
                                        ticket: open(priority: priority), at: date)
        return try store.apply(update).ticket!
    }

    static func name(_ store: any ConversationStore) -> String { store is SQLiteConversationStore ? "sqlite" : "memory" }
}
