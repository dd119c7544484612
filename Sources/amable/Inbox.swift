import AmableService
import AmableStore
import Synchronization

/// What the customer's side has already been shown, shared by the REPL's loop and its
/// background poll, so each agent reply is printed exactly once.
final class Inbox: Sendable {
    private struct State {
        var conversationID: String
        var lastSeen: Int64
    }

    private let state: Mutex<State>

    init(conversationID: String, lastSeen: Int64) {
        state = Mutex(State(conversationID: conversationID, lastSeen: lastSeen))
    }

    var conversationID: String { state.withLock { $0.conversationID } }

    func reset(conversationID: String, lastSeen: Int64) {
        state.withLock { $0 = State(conversationID: conversationID, lastSeen: lastSeen) }
    }

    /// Marks messages up to `id` seen (the replies of a turn the customer just got).
    func saw(upTo id: Int64) {
        state.withLock { $0.lastSeen = max($0.lastSeen, id) }
    }

    /// Bot, agent and system messages not shown yet; each is returned once.
    func news(from service: ChatService) throws -> [StoredMessage] {
        let (id, after) = state.withLock { ($0.conversationID, $0.lastSeen) }
        let fresh = try service.messagesForCustomer(conversationID: id, after: after)
        return state.withLock { s in
            guard s.conversationID == id else { return [] }
            let unseen = fresh.filter { $0.id > s.lastSeen }
            s.lastSeen = max(s.lastSeen, unseen.last?.id ?? 0)
            return unseen
        }
    }
}
