import Foundation
import Synchronization
@testable import AmableHTTP

/// A backend with predictable answers, for routing tests: it echoes, opens a ticket when
/// asked for "persona", and can be slowed down to show what runs concurrently.
final class FakeBackend: ChatBackend {
    struct State {
        var messages: [ChatMessage] = []
        var seq: Int64 = 0
        var tickets: [Int64: TicketInfo] = [:]
        var nextTicket: Int64 = 0
        var running: [String: Int] = [:]
        var maxRunning = 0
        var runningOverall = 0
        var maxRunningOverall = 0
        var received: [String] = []
    }

    let state = Mutex(State())
    let delay: Double
    /// Turns wait here until `openGate()` when the backend was made with `gated: true`.
    private let gate: Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>

    init(delay: Double = 0, gated: Bool = false) {
        self.delay = delay
        gate = Mutex((!gated, []))
    }

    func openGate() {
        let waiting = gate.withLock { g in
            g.open = true
            defer { g.waiting = [] }
            return g.waiting
        }
        for c in waiting { c.resume() }
    }

    private func passGate() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let open = gate.withLock { g in
                if !g.open { g.waiting.append(c) }
                return g.open
            }
            if open { c.resume() }
        }
    }

    /// Most turns of one conversation that ran at once.
    var maxConcurrentTurns: Int { state.withLock { $0.maxRunning } }
    /// Most turns that ran at once, all conversations together.
    var maxConcurrentTurnsOverall: Int { state.withLock { $0.maxRunningOverall } }
    var turnsRunning: Int { state.withLock { $0.runningOverall } }
    var received: [String] { state.withLock { $0.received } }

    func send(conversationID: String, text: String, language: String?, at now: Date) async throws -> TurnResult {
        if text == "boom" { throw BackendError.unavailable("the store is busy") }
        if text == "crash" { throw CocoaError(.fileReadUnknown) }
        state.withLock { s in
            s.running[conversationID, default: 0] += 1
            s.maxRunning = max(s.maxRunning, s.running.values.max() ?? 0)
            s.runningOverall += 1
            s.maxRunningOverall = max(s.maxRunningOverall, s.runningOverall)
            s.received.append(text)
        }
        if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        await passGate()
        return state.withLock { s in
            s.running[conversationID, default: 1] -= 1
            s.runningOverall -= 1
            let open = s.tickets.values.first { $0.conversationID == conversationID && $0.isOpen }
            s.seq += 1
            s.messages.append(ChatMessage(seq: s.seq, conversationID: conversationID, author: "customer", text: text, createdAt: now))
            if let open, open.status == "assigned" {
                return TurnResult(replies: [], intent: "held", state: "escalated", language: "es", ticket: open, heldForAgent: true, lastSeq: s.seq)
            }
            var replies = [ReplyText(text: "eco: \(text)", quickReplies: text == "botones" ? ["Sí", "No"] : [])]
            var ticket = open
            var escalation: String?
            if text.contains("persona") && open == nil {
                s.nextTicket += 1
                ticket = TicketInfo(id: s.nextTicket, conversationID: conversationID, status: "waiting", reason: "requested", priority: 2,
                                    language: language ?? "es", createdAt: now, position: 1, waitMinutes: 5,
                                    summary: .init(intent: "human", entities: [:], mood: 0, moodLabel: "calm", lastMessages: [text]))
                s.tickets[s.nextTicket] = ticket
                escalation = "requested"
                replies.append(ReplyText(text: "te paso con una persona"))
            }
            var stored: [ChatMessage] = []
            for r in replies {
                s.seq += 1
                stored.append(ChatMessage(seq: s.seq, conversationID: conversationID, author: "bot", text: r.text, createdAt: now))
            }
            s.messages += stored
            return TurnResult(replies: replies, intent: ticket == nil ? "echo" : "human", state: ticket == nil ? "idle" : "escalated",
                              language: language ?? "es", ticket: ticket, escalationReason: escalation, lastSeq: s.seq, messages: stored)
        }
    }

    func conversationExists(_ id: String) async throws -> Bool {
        state.withLock { s in s.messages.contains { $0.conversationID == id } }
    }

    func messages(conversationID: String, after: Int64, limit: Int) async throws -> [ChatMessage] {
        state.withLock { s in Array(s.messages.filter { $0.conversationID == conversationID && $0.seq > after && $0.author != "customer" }.prefix(limit)) }
    }

    func openTickets(at now: Date) async throws -> [TicketInfo] {
        state.withLock { s in s.tickets.values.filter(\.isOpen).sorted { $0.id < $1.id } }
    }

    func openTicketCounts() async throws -> (waiting: Int, assigned: Int) {
        state.withLock { s in (s.tickets.values.count { $0.status == "waiting" }, s.tickets.values.count { $0.status == "assigned" }) }
    }

    func ticket(_ id: Int64) async throws -> (TicketInfo, [ChatMessage]) {
        try state.withLock { s in
            guard let t = s.tickets[id] else { throw BackendError.notFound("no ticket #\(id)") }
            return (t, s.messages.filter { $0.conversationID == t.conversationID })
        }
    }

    func claim(ticket: Int64, agent: String, at now: Date) async throws -> AgentResult {
        try change(ticket) { t, s in
            guard t.status == "waiting" else { throw BackendError.conflict("ticket #\(ticket) is \(t.status)") }
            t.status = "assigned"
            t.agent = agent
            return [("system", nil, "\(agent) se une")]
        }
    }

    func reply(ticket: Int64, agent: String, text: String, at now: Date) async throws -> AgentResult {
        guard !text.isEmpty else { throw BackendError.invalid("the reply is empty") }
        return try change(ticket) { t, s in
            guard t.status == "assigned", t.agent == agent else { throw BackendError.conflict("ticket #\(ticket) is not yours") }
            return [("agent", agent, text)]
        }
    }

    func release(ticket: Int64, agent: String, at now: Date) async throws -> AgentResult {
        try change(ticket) { t, s in
            guard t.status == "assigned", t.agent == agent else { throw BackendError.conflict("ticket #\(ticket) is not yours") }
            t.status = "waiting"
            t.agent = nil
            return [("system", nil, "vuelves a la cola")]
        }
    }

    func resolve(ticket: Int64, agent: String, at now: Date) async throws -> AgentResult {
        try change(ticket) { t, s in
            guard t.isOpen else { throw BackendError.conflict("ticket #\(ticket) is closed") }
            t.status = "resolved"
            return [("system", nil, "resuelto")]
        }
    }

    private func change(_ id: Int64, _ body: (inout TicketInfo, inout State) throws -> [(String, String?, String)]) throws -> AgentResult {
        try state.withLock { s in
            guard var t = s.tickets[id] else { throw BackendError.notFound("no ticket #\(id)") }
            let drafts = try body(&t, &s)
            s.tickets[id] = t
            var stored: [ChatMessage] = []
            for (author, agent, text) in drafts {
                s.seq += 1
                stored.append(ChatMessage(seq: s.seq, conversationID: t.conversationID, author: author, agent: agent, text: text, createdAt: Date()))
            }
            s.messages += stored
            return AgentResult(ticket: t, messages: stored)
        }
    }
}
