import AmableCore
import AmableStore
import Foundation
import Testing
@testable import AmableService

private typealias F = ServiceFixture

/// Group commit: calls that wait together are saved in one transaction, each on its own terms,
/// and nobody hears "saved" before the commit.
struct StoreQueueTests {
    struct Refused: Error {}

    private func update(_ id: String) -> ConversationUpdate {
        ConversationUpdate(conversation: F.bot.newConversation(id: id, language: .es, at: F.monday), expectedRevision: nil,
                           messages: [.init(author: .customer, text: "hola")], at: F.monday)
    }

    @Test func aFailingCallInABatch_isUndoneAlone() async throws {
        let store = try SQLiteConversationStore(directory: F.tempDirectory())
        let io = StoreQueue(store: store)
        // The first call holds the queue, so the next ones wait and are committed together.
        async let first: Void = io.run { Thread.sleep(forTimeInterval: 0.2) }
        try await Task.sleep(for: .milliseconds(50))
        async let a = io.run { try store.apply(self.update("a")) }
        let b = Task {
            try await io.run {
                _ = try store.apply(self.update("b"))
                throw Refused()  // after its write: the write must go too
            }
        }
        async let c = io.run { try store.apply(self.update("c")) }
        _ = try await (first, a, c)
        await #expect(throws: Refused.self) { try await b.value }
        #expect(try store.load(conversationID: "a") != nil)
        #expect(try store.load(conversationID: "b") == nil)
        #expect(try store.load(conversationID: "c") != nil)
        #expect(try store.messages(conversationID: "b").isEmpty)
    }

    @Test func aCommitThatFails_failsEveryCallerOfTheBatch() async throws {
        let dir = F.tempDirectory()
        var quick = SQLiteConversationStore.Configuration()
        quick.busyTimeout = 0.1
        let store = try SQLiteConversationStore(directory: dir, configuration: quick)
        let other = try SQLiteConversationStore(directory: dir)  // another process, holding the write lock
        let holding = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let holder = Task.detached {
            try other.transaction {
                holding.signal()
                done.wait()  // until the batch below has failed
            }
        }
        await withCheckedContinuation { c in DispatchQueue.global().async { holding.wait(); c.resume() } }
        let io = StoreQueue(store: store)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for id in ["x", "y", "z"] {
                group.addTask {
                    do { _ = try await io.run { try store.apply(self.update(id)) }; return true } catch StoreError.busy { return false }
                }
            }
            for try await saved in group { #expect(!saved) }
        }
        done.signal()
        try await holder.value
        for id in ["x", "y", "z"] { #expect(try store.load(conversationID: id) == nil) }
        _ = try await io.run { try store.apply(self.update("x")) }
        #expect(try store.load(conversationID: "x") != nil)
    }

    @Test func manyConversationsAtOnce_areAllSaved() async throws {
        let service = F.make(store: try SQLiteConversationStore(directory: F.tempDirectory()))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<64 {
                group.addTask { try await F.say(service, "c\(i)", ["hola", "¿cuánto cuesta el envío a Canarias?"]) }
            }
            try await group.waitForAll()
        }
        for i in 0..<64 {
            let stored = try #require(try service.store.load(conversationID: "c\(i)"))
            #expect(stored.revision == 2 && stored.conversation.turns == 2)
            #expect(try service.store.messages(conversationID: "c\(i)").filter { $0.author == .customer }.count == 2)
        }
    }

    @Test func anAgentInAnotherProcess_isSeenByATurnAnsweredFromMemory() async throws {
        let dir = F.tempDirectory()
        let bot = F.make(store: try SQLiteConversationStore(directory: dir))
        let agents = F.make(store: try SQLiteConversationStore(directory: dir))
        let asked = try await F.say(bot, "c1", ["quiero hablar con una persona"])
        let ticket = try #require(asked.ticket)
        #expect(bot.cache.get("c1") != nil)
        _ = try await agents.claim(ticketID: ticket.id, agent: "Lucía", at: F.monday.addingTimeInterval(5))
        // `bot` still remembers the conversation as waiting; the store's revision says otherwise.
        let turn = try await bot.handle(conversationID: "c1", text: "¿hay alguien?", at: F.monday.addingTimeInterval(10))
        #expect(turn.heldForAgent)
        #expect(turn.turn.replies.isEmpty)
    }
}
