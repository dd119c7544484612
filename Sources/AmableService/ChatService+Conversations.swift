import AmableCore
import AmableStore
import Foundation

extension ChatService {
    /// The stored conversation, its revision and open ticket.
    public func conversation(id: String) throws -> StoredConversation? {
        try store.load(conversationID: id)
    }

    /// Fixes the conversation's language (nil: detect it per message), creating the
    /// conversation when it does not exist yet.
    @discardableResult
    public func setLanguage(conversationID id: String, language: Language?, at now: Date) async throws -> Conversation {
        try Self.validate(conversationID: id)
        return try await lanes.run(id) {
            for _ in 0..<Self.maxAttempts {
                let stored = try await io.run { try self.store.load(conversationID: id) }
                var c = stored?.conversation ?? bot.newConversation(id: id, language: language, at: now)
                if let language { c.language = language }
                c.languageFixed = language != nil
                cache.forget(id)
                do {
                    let update = ConversationUpdate(conversation: c, expectedRevision: stored?.revision, at: now)
                    _ = try await io.run { try self.store.apply(update) }
                    return c
                } catch StoreError.conflict {
                    continue
                }
            }
            throw StoreError.conflict(conversationID: id)
        }
    }
}
