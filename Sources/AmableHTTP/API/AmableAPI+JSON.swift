import AmableCore
import Foundation

extension ChatMessage {
    var jsonValue: JSONValue {
        .obj([("seq", .int(Int(seq))), ("author", .string(author)), ("agent", .str(agent)), ("text", .string(text)),
              ("created_at", .string(createdAt.formatted(.iso8601)))])
    }
}

extension TicketInfo {
    /// What the customer's widget is told about their place with a person.
    var handoffJSON: JSONValue {
        .obj([("ticket", .int(Int(id))), ("status", .string(status)), ("reason", .string(reason)), ("priority", .int(priority)),
              ("support_open", .bool(supportOpen)), ("position", position.map { .int($0) } ?? .null),
              ("wait_minutes", waitMinutes.map { .int($0) } ?? .null), ("agent", .str(agent))])
    }

    /// What an agent sees in the queue.
    func agentJSON(now: Date) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("ticket", .int(Int(id))), ("conversation", .string(conversationID)), ("status", .string(status)), ("reason", .string(reason)),
            ("priority", .int(priority)), ("language", .string(language)), ("agent", .str(agent)), ("support_open", .bool(supportOpen)),
            ("created_at", .string(createdAt.formatted(.iso8601))), ("waited_seconds", .int(max(0, Int(now.timeIntervalSince(createdAt))))),
            ("position", position.map { .int($0) } ?? .null), ("wait_minutes", waitMinutes.map { .int($0) } ?? .null),
        ]
        if let s = summary {
            pairs.append(("summary", .obj([
                ("intent", .str(s.intent)),
                ("entities", .obj(s.entities.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ("mood", .number(s.mood)), ("mood_label", .string(s.moodLabel)),
                ("last_messages", .arr(s.lastMessages.map { .string($0) })),
            ])))
        }
        return .obj(pairs)
    }
}

extension HTTPResponse {
    static func json(_ status: Int = 200, _ value: JSONValue) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json; charset=utf-8")
        return HTTPResponse(status: status, headers: headers, body: value.serializedBytes())
    }
}
