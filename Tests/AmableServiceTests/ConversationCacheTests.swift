import AmableCore
import AmableStore
import Foundation
import Synchronization
import Testing
@testable import AmableService

/// The cache reads its clock before taking its lock, so an entry may carry a later stamp than
/// the `now` it is compared with. Time here runs as the test says.
@Suite struct ConversationCacheTests {
    final class Clock: Sendable {
        let now = Atomic<UInt64>(0)
        func set(_ t: UInt64) { now.store(t, ordering: .relaxed) }
    }

    static func stored(_ id: String) -> StoredConversation {
        StoredConversation(conversation: Conversation(id: id, language: .es, startedAt: Date(timeIntervalSince1970: 0)), revision: 1, openTicket: nil)
    }

    static let minute: UInt64 = 60_000_000_000

    @Test func anEntryStampedAfterNow_isFresh_notACrash() {
        let clock = Clock()
        let cache = ConversationCache(capacity: 10, clock: { clock.now.load(ordering: .relaxed) })
        clock.set(10 * Self.minute)
        cache.put(Self.stored("a"))
        clock.set(10 * Self.minute - 1_000)  // another thread read the clock first
        #expect(cache.get("a")?.conversation.id == "a")
    }

    @Test func pruningAFullCache_withAnEntryFromTheFuture_keepsItWithinCapacity() {
        let clock = Clock()
        let cache = ConversationCache(capacity: 2, clock: { clock.now.load(ordering: .relaxed) })
        clock.set(20 * Self.minute); cache.put(Self.stored("a"))
        clock.set(21 * Self.minute); cache.put(Self.stored("b"))
        clock.set(20 * Self.minute + 5); cache.put(Self.stored("c"))
        #expect(cache.count <= 2)
        #expect(cache.get("b") != nil, "the newest entry survives the prune")
    }

    @Test func entriesExpire_afterTheirLifetime() {
        let clock = Clock()
        let cache = ConversationCache(capacity: 10, clock: { clock.now.load(ordering: .relaxed) })
        clock.set(Self.minute); cache.put(Self.stored("a"))
        clock.set(Self.minute + ConversationCache.lifetime - 1)
        #expect(cache.get("a") != nil)
        clock.set(Self.minute + ConversationCache.lifetime)
        #expect(cache.get("a") == nil)
        #expect(cache.count == 0)
    }
}
