import Foundation

/// Runs conversation scripts against a bot and reports every failed expectation, diff-like.
public struct ScriptRunner: Sendable {
    public let bot: Bot
    public let orders: StaticOrderProvider

    public init(bot: Bot, orders: StaticOrderProvider) {
        self.bot = bot
        self.orders = orders
    }

    public struct Failure: Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var expected: String
        public var actual: String
        public var replies: [String]
        public var description: String {
            var out = "\(file):\(line): \(message)\n  - \(expected)\n  + \(actual)"
            for r in replies { out += "\n    │ \(r)" }
            return out
        }
    }

    /// Runs one script and returns its failures (empty when it passes).
    public func run(_ script: ConversationScript) async -> [Failure] {
        var now = script.start
        // The id picks reply variants: derive it from the script's name, not from the path it
        // was run by, so `amable test` and `swift test` see the same words.
        let id = script.file.components(separatedBy: "Conversations/").last ?? script.file
        var conversation = bot.newConversation(id: id, language: script.language, at: now)
        var failures: [Failure] = []
        var ordersDown = false
        for step in script.steps {
            switch step {
            case .advance(let seconds, _):
                now = now.addingTimeInterval(seconds)
            case .lookupFails:
                ordersDown = true
            case .message(let text, let line, let expectations):
                let provider: any OrderProvider = ordersDown ? UnavailableOrders() : orders
                let turn = await bot.handle(text, in: conversation, orders: provider, at: now)
                conversation = turn.conversation
                for e in expectations {
                    if let failure = check(e, turn, file: script.file, message: text) { failures.append(failure) }
                }
                if !turn.missing.isEmpty {
                    failures.append(Failure(file: script.file, line: line, message: "> \(text)", expected: "every reply key and placeholder defined",
                                            actual: "missing: \(turn.missing.joined(separator: ", "))", replies: turn.replies.map(\.text)))
                }
                now = now.addingTimeInterval(20)
            }
        }
        return failures
    }

    func check(_ e: ConversationScript.Expectation, _ turn: Turn, file: String, message: String) -> Failure? {
        let texts = turn.replies.map(\.text)
        let all = texts.joined(separator: " ")
        func fail(_ actual: String) -> Failure {
            Failure(file: file, line: e.line, message: "> \(message)", expected: "\(e.kind.rawValue): \(e.value)", actual: "\(e.kind.rawValue): \(actual)", replies: texts)
        }
        switch e.kind {
        case .intent:
            let actual = turn.decision.intent ?? turn.understanding.intent
            return actual == e.value ? nil : fail(actual)
        case .also:
            let wanted = e.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return wanted.allSatisfy(turn.understanding.also.contains) ? nil : fail(turn.understanding.also.joined(separator: ", "))
        case .state:
            return turn.conversation.state.name == e.value ? nil : fail(turn.conversation.state.name)
        case .escalated:
            let actual = turn.conversation.state == .escalated ? "yes" : "no"
            return actual == e.value ? nil : fail(actual)
        case .handoff:
            guard let h = turn.decision.handoff else { return e.value == "none" ? nil : fail("none") }
            let actual = "\(h.reason.rawValue) \(h.priority)"
            let parts = e.value.split(separator: " ").map(String.init)
            let ok = parts.first == h.reason.rawValue && (parts.count < 2 || parts[1] == String(h.priority))
            return ok ? nil : fail(actual)
        case .says:
            return Self.fold(all).contains(Self.fold(e.value)) ? nil : fail("(not said)")
        case .not:
            return Self.fold(all).contains(Self.fold(e.value)) ? fail("(said)") : nil
        case .mood:
            return turn.understanding.mood.label.rawValue == e.value ? nil : fail(turn.understanding.mood.label.rawValue)
        case .entity:
            let parts = e.value.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let json = turn.understanding.entities.jsonValue(places: turn.understanding.places).serialized()
            guard parts.count == 2 else { return fail("entity expectations look like order_number=10482") }
            return json.contains("\"\(parts[0])\"") && json.contains(parts[1]) ? nil : fail(json)
        case .replies:
            return String(texts.count) == e.value ? nil : fail(String(texts.count))
        case .satisfaction:
            return turn.decision.satisfaction.map(String.init) == e.value ? nil : fail(turn.decision.satisfaction.map(String.init) ?? "none")
        case .quick:
            let quick = turn.replies.flatMap(\.quickReplies)
            return quick.contains(where: { Self.fold($0).contains(Self.fold(e.value)) }) ? nil : fail(quick.joined(separator: " | "))
        case .language:
            return turn.conversation.language.rawValue == e.value ? nil : fail(turn.conversation.language.rawValue)
        case .tone:
            let apologetic = turn.replies.first?.key == "empathy.upset"
            let actual = apologetic ? "apologetic" : "plain"
            return actual == e.value ? nil : fail(actual)
        }
    }

    static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

/// An order system that does not answer, for scripts that test the honest failure path.
struct UnavailableOrders: OrderProvider {
    func order(number: String) async -> OrderLookup { .unavailable(number) }
}
