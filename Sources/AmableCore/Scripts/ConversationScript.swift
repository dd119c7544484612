import Foundation

/// A scripted conversation: customer lines and, per turn, what must be true of the answer.
///
/// Format (see docs/CONVERSATIONS.md):
/// ```
/// # lang: es
/// # now: 2026-11-23T10:00:00Z
/// > ¿cuánto cuesta el envío a 38001?
///   intent: shipping_costs
///   says: 12,95 €
///   not: gratis
/// @ +2h
/// > gracias
///   state: awaiting_satisfaction
/// ```
public struct ConversationScript: Sendable {
    public var file: String
    public var language: Language?
    public var start: Date
    public var steps: [Step] = []

    public enum Step: Sendable {
        case message(text: String, line: Int, expectations: [Expectation])
        case advance(seconds: TimeInterval, line: Int)
        case lookupFails(line: Int)
    }

    /// One check on a turn.
    public struct Expectation: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case intent, also, state, escalated, handoff, says, not, mood, entity, replies, satisfaction, quick, language, tone
        }
        public var kind: Kind
        public var value: String
        public var line: Int
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    public static let defaultStart = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z")!

    /// Parses a script; every malformed line is an error naming the line.
    public static func parse(_ text: String, file: String) throws(ParseError) -> ConversationScript {
        var script = ConversationScript(file: file, language: nil, start: defaultStart)
        var pending: (text: String, line: Int, expectations: [Expectation])?
        func flush() {
            if let p = pending { script.steps.append(.message(text: p.text, line: p.line, expectations: p.expectations)) }
            pending = nil
        }
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let n = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("//") { continue }
            if line.hasPrefix("#") {
                let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                guard let colon = body.firstIndex(of: ":") else { continue } // a plain comment
                let key = body[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "lang":
                    guard let l = Language(rawValue: value) else { throw ParseError(file: file, line: n, message: "lang must be es or en") }
                    script.language = l
                case "now":
                    guard let d = ISO8601DateFormatter().date(from: value) else {
                        throw ParseError(file: file, line: n, message: "now must be ISO 8601, e.g. 2026-11-23T10:00:00Z")
                    }
                    script.start = d
                default: continue // title, description, notes
                }
                continue
            }
            if line.hasPrefix(">") {
                flush()
                pending = (String(line.dropFirst()).trimmingCharacters(in: .whitespaces), n, [])
                continue
            }
            if line.hasPrefix("@") {
                flush()
                let command = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if command == "orders unavailable" {
                    script.steps.append(.lookupFails(line: n))
                } else if let seconds = Self.duration(command) {
                    script.steps.append(.advance(seconds: seconds, line: n))
                } else {
                    throw ParseError(file: file, line: n, message: "unknown @ command \"\(command)\" (use @ +30m, @ +2h, @ +1d, @ orders unavailable)")
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":"), let kind = Expectation.Kind(rawValue: line[..<colon].trimmingCharacters(in: .whitespaces)) else {
                throw ParseError(file: file, line: n, message: "expected `> message`, `@ command`, `# key: value` or an expectation (\(Expectation.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard pending != nil else { throw ParseError(file: file, line: n, message: "expectation before any `> message`") }
            pending!.expectations.append(Expectation(kind: kind, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces), line: n))
        }
        flush()
        if script.steps.isEmpty { throw ParseError(file: file, line: 1, message: "no `> message` lines") }
        return script
    }

    /// `+30m`, `+2h`, `+1d`, `+45s`.
    static func duration(_ text: String) -> TimeInterval? {
        guard text.hasPrefix("+"), let unit = text.last, let n = Double(text.dropFirst().dropLast()) else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86400
        default: return nil
        }
    }
}
