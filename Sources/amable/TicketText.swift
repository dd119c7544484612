import AmableCore
import AmableService
import AmableStore
import Foundation

/// How tickets and the queue read on a terminal, and as JSON (`--json`).
enum TicketText {
    static func waited(_ seconds: TimeInterval) -> String {
        let s = seconds.isFinite ? Int(min(max(seconds, 0), 1e12)) : 0
        if s < 3600 { return String(format: "%d:%02d", s / 60, s % 60) }
        if s < 86_400 { return "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))" }
        return "\(s / 86_400)d"
    }

    /// `intent track_order · mood angry (0.62) · order_number=10482`
    static func summaryLine(_ t: Ticket) -> String {
        // Shown in full: an agent may need the phone to call back. Logs mask them, agents don't.
        let entities = t.summary.entities.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return (["intent \(t.summary.intent ?? "-")", "mood \(t.summary.moodLabel) (\(String(format: "%.2f", t.summary.mood)))"] + entities)
            .joined(separator: " · ")
    }

    /// The ticket as an agent first reads it.
    static func card(_ t: Ticket, now: Date, color: Style) -> String {
        var head = "ticket #\(t.id) · \(t.status.rawValue) · priority \(t.priority) (\(t.reason.rawValue)) · \(t.language.rawValue) · \(t.status == .waiting ? "waiting" : "waited") \(waited((t.claimedAt ?? t.closedAt ?? now).timeIntervalSince(t.createdAt)))"
        if let agent = t.agent { head += " · \(agent)" }
        if !t.supportOpen { head += " · opened outside support hours" }
        var lines = [color.bold("── " + head), "   " + summaryLine(t), "   conversation \(t.conversationID)"]
        for m in t.summary.lastMessages { lines.append("   «\(m)»") }
        return lines.joined(separator: "\n")
    }

    /// One line per open ticket, in queue order.
    static func table(_ entries: [QueueEntry]) -> String {
        guard !entries.isEmpty else { return "the queue is empty" }
        var rows = [["#", "ticket", "prio", "waiting", "lang", "reason", "status", "agent", "est.", "summary"]]
        for e in entries {
            let t = e.ticket
            let last = t.summary.lastMessages.last.map { "«\(String($0.prefix(40)))»" } ?? ""
            rows.append([e.place.map { String($0.position) } ?? "-", "#\(t.id)", String(t.priority), waited(e.waited), t.language.rawValue,
                         t.reason.rawValue, t.status.rawValue, t.agent ?? "-", e.place.map { "\($0.waitMinutes)m" } ?? "-",
                         "\(t.summary.intent ?? "-") · \(t.summary.moodLabel) \(last)"])
        }
        let widths = (0..<rows[0].count).map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func json(_ t: Ticket, place: QueuePlace? = nil, now: Date) -> JSONValue {
        let s = t.summary
        return .obj([
            ("id", .int(Int(t.id))), ("conversation", .string(t.conversationID)), ("reason", .string(t.reason.rawValue)),
            ("priority", .int(t.priority)), ("language", .string(t.language.rawValue)), ("created_at", .string(iso(t.createdAt))),
            ("status", .string(t.status.rawValue)), ("agent", .str(t.agent)), ("support_open", .bool(t.supportOpen)),
            ("waited_seconds", .int(Int(now.timeIntervalSince(t.createdAt)))),
            ("position", place.map { .int($0.position) } ?? .null), ("wait_minutes", place.map { .int($0.waitMinutes) } ?? .null),
            ("summary", .obj([("intent", .str(s.intent)), ("entities", .obj(s.entities.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                              ("mood", .number(s.mood)), ("mood_label", .string(s.moodLabel)), ("last_messages", .arr(s.lastMessages.map { .string($0) }))])),
            ("claimed_at", .str(t.claimedAt.map(iso))), ("closed_at", .str(t.closedAt.map(iso))), ("closed_by", .str(t.closedBy)),
        ])
    }

    static func json(_ m: StoredMessage) -> JSONValue {
        .obj([("id", .int(Int(m.id))), ("author", .string(m.author.rawValue)), ("agent", .str(m.agent)), ("text", .string(m.text)),
              ("reply_key", .str(m.replyKey)), ("revision", .int(m.revision)), ("at", .string(iso(m.createdAt)))])
    }

    static func transcriptLine(_ m: StoredMessage, color: Style) -> String {
        let time = timeOfDay(m.createdAt)
        switch m.author {
        case .customer: return color.dim(time) + " " + color.bold("customer › ") + m.text
        case .bot: return color.dim(time) + " " + color.accent("Amable › ") + m.text
        case .agent: return color.dim(time) + " " + color.accent("\(m.agent ?? "agent") › ") + m.text
        case .system: return color.dim(time) + " " + color.dim("· " + m.text)
        }
    }

    /// `is resolved`, `is back with the bot`, `is back in the queue`.
    static func outcome(_ status: Ticket.Status) -> String {
        switch status {
        case .resolved: "is resolved"
        case .returnedToBot: "is back with the bot"
        case .waiting: "is back in the queue"
        case .assigned: "is assigned"
        }
    }

    static func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }

    static func timeOfDay(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "HH:mm"
        return f.string(from: d)
    }
}
