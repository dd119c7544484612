import AmableCore
import AmableService
import AmableStore
import Foundation

/// The JSONL line of a saved turn: the core's fields, plus the queue and what agents said.
extension ServiceTurn {
    func jsonValue(explain: Bool, news: [StoredMessage]) -> JSONValue {
        guard case .object(var members) = turn.jsonValue(explain: explain) else { return turn.jsonValue(explain: explain) }
        let extra: [(String, JSONValue)] = [
            ("conversation", .string(turn.conversation.id)),
            ("held_for_agent", .bool(heldForAgent)),
            ("ticket", ticket.map { t in
                .obj([("id", .int(Int(t.id))), ("status", .string(t.status.rawValue)), ("agent", .str(t.agent)),
                      ("position", place.map { .int($0.position) } ?? .null), ("wait_minutes", place.map { .int($0.waitMinutes) } ?? .null)])
            } ?? .null),
            ("agent_messages", .arr(news.map(\.customerJSON))),
        ]
        members += extra.map { JSONMember(key: $0.0, value: JSONNode($0.1)) }
        return .object(members)
    }
}

extension StoredMessage {
    /// A message as the customer's side sees it.
    var customerJSON: JSONValue {
        .obj([("id", .int(Int(id))), ("author", .string(author.rawValue)), ("agent", .str(agent)), ("text", .string(text))])
    }
}
