import AmableCore
import Foundation

extension AmableAPI {
    /// `POST /v1/conversations/{id}/messages` `{"text": "…", "lang": "es"}`: one bot turn.
    func postMessage(_ c: Context) async throws -> HTTPResponse {
        let id = try publicID(c, c.params["id"])
        let body = try jsonBody(c.request)
        guard let text = body["text"]?.string else { throw APIError.badRequest("\"text\" must be a string") }
        let language = try self.language(body["lang"])
        let result = try await turn(c, publicID: id, text: text, language: language)
        return .json(200, .obj([
            ("conversation", .string(id)),
            ("replies", .arr(result.replies.map { .obj([("text", .string($0.text)), ("quick_replies", .arr($0.quickReplies.map { .string($0) }))]) })),
            ("intent", .string(result.intent)),
            ("state", .string(result.state)),
            ("language", .string(result.language)),
            ("handoff", result.ticket?.handoffJSON ?? .null),
            ("held_for_agent", .bool(result.heldForAgent)),
            ("last_seq", .int(Int(result.lastSeq))),
        ]))
    }

    /// One customer message through the backend: limits, timing, metrics, long-poll wake-up
    /// and callback. Shared by the Amable and Rasa routes.
    func turn(_ c: Context, publicID: String, text: String, language: String?) async throws -> TurnResult {
        let stored = storedID(c, publicID)
        try limitConversation(stored)
        let started = Monotonic.milliseconds()
        let result = try await backend.send(conversationID: stored, text: text, language: language, at: configuration.clock())
        metrics.turn(seconds: Double(Monotonic.milliseconds() - started) / 1000, intent: result.intent, escalation: result.escalationReason)
        signals.notify(stored)
        sendCallback(storedID: stored, messages: result.messages)
        return result
    }

    func language(_ node: JSONNode?) throws(APIError) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let lang = node.string, lang == "es" || lang == "en" else { throw .badRequest("\"lang\" is \"es\" or \"en\"") }
        return lang
    }

    /// `GET /v1/conversations/{id}/messages?after=SEQ[&wait=SECONDS]`: bot, agent and system
    /// messages since SEQ; with `wait`, holds the request until one arrives or time is up.
    func getMessages(_ c: Context) async throws -> HTTPResponse {
        let id = try publicID(c, c.params["id"])
        let stored = storedID(c, id)
        let after = try integer(c.request.query("after"), name: "after", default: 0, range: 0...Int64.max)
        let wait = Double(try integer(c.request.query("wait"), name: "wait", default: 0, range: 0...Int64(configuration.maxLongPoll)))
        guard try await backend.conversationExists(stored) else { throw APIError.notFound("no conversation \(id)") }
        let deadline = Double(Monotonic.milliseconds()) / 1000 + wait
        var messages: [ChatMessage] = []
        while true {
            messages = try await backend.messages(conversationID: stored, after: after, limit: 200)
            let remaining = deadline - Double(Monotonic.milliseconds()) / 1000
            if !messages.isEmpty || remaining <= 0 || signals.isClosed { break }
            // Woken at once by a message stored here; once a second for other processes.
            await signals.wait(for: stored, timeout: min(1, remaining))
        }
        return .json(200, .obj([
            ("conversation", .string(id)),
            ("messages", .arr(messages.map(\.jsonValue))),
            ("last_seq", .int(Int(max(after, messages.last?.seq ?? 0)))),
        ]))
    }

    func integer(_ text: String?, name: String, default value: Int64, range: ClosedRange<Int64>) throws(APIError) -> Int64 {
        guard let text else { return value }
        guard let n = Int64(text), range.contains(n) else {
            throw .badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }
}

extension AmableAPI {
    /// Rasa's REST channel: `POST /webhooks/rest/webhook` `{"sender", "message"}` →
    /// `[{"recipient_id", "text"}]`, quick replies as Rasa `buttons`, so web-chat widgets
    /// written for Rasa work unchanged.
    func rasaWebhook(_ c: Context) async throws -> HTTPResponse {
        let body = try jsonBody(c.request)
        guard let message = body["message"]?.string else { throw APIError.badRequest("\"message\" must be a string") }
        let sender = try publicID(c, body["sender"]?.string ?? "default")
        let result = try await turn(c, publicID: sender, text: message, language: nil)
        return .json(200, .arr(result.replies.map { reply in
            var pairs: [(String, JSONValue)] = [("recipient_id", .string(sender)), ("text", .string(reply.text))]
            if !reply.quickReplies.isEmpty {
                pairs.append(("buttons", .arr(reply.quickReplies.map { .obj([("title", .string($0)), ("payload", .string($0))]) })))
            }
            return .obj(pairs)
        }))
    }
}
