import AmableCore
import AmableService
import AmableStore
import Foundation

/// The developers' REPL: talk to Amable on stdin, with `/debug` to see why it answered so.
enum REPL {
    static let help = """
        Commands:
          /help          this list
          /debug         show intent, confidence, alternatives, entities, mood, state and the
                         matching rule after each reply (again to turn off)
          /lang es|en    fix the conversation's language (/lang auto: detect per message)
          /reset         start a new conversation
          /state         show the conversation's state and slots
          /agent [NAME]  play the agent on this conversation's ticket (claims it; NAME defaults
                         to Alex); then lines you type are the agent's replies, and
                         /customer switches back, /bot hands back to the bot, /resolve closes
                         the ticket, /release puts it back in the queue
          /queue         the handoff queue of the data folder
          /quit          leave (Ctrl-D works too)

        Every turn is saved in the data folder (--data DIR, default ./.amable/); --id ID continues
        a saved conversation, and agents in another terminal answer with `amable queue`.
        """

    static func run(_ args: Arguments) async throws {
        var session = try Session(args: args)
        let color = Style(enabled: isatty(STDOUT_FILENO) == 1 && !args.has("--no-color") && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        var debug = args.has("--debug")
        let interactive = isatty(STDIN_FILENO) == 1
        var agent = AgentSide(color: color)
        print(color.dim("Amable · \(session.bot.profile.name) · type /help for commands, /quit to leave"))
        // Agent replies typed in another terminal appear while this one waits for input.
        let poller = interactive ? Poller(service: session.service, inbox: session.inbox, color: color) : nil
        while true {
            if agent.active == nil {
                printNews(try session.news(), color: color)
            } else {
                try agent.showCustomerMessages(session)
            }
            let prompt = agent.active.map { color.bold("\($0.name) (agent) › ") } ?? color.bold(customerPrompt(session.conversation))
            poller?.prompt = prompt
            if interactive {
                print(prompt, terminator: "")
                fflush(nil)
            }
            guard let line = readBoundedLine(maxBytes: JSONLChat.maxLineBytes) else { break }
            let input = line.trimmingCharacters(in: .whitespaces)
            if input.isEmpty { continue }
            if !interactive { print(prompt + input) }
            do {
                if input.hasPrefix("/") {
                    let parts = input.split(separator: " ").map(String.init)
                    if try await agent.command(parts, session: &session) { continue }
                    switch parts[0] {
                    case "/quit", "/exit", "/q": return
                    case "/help": print(help)
                    case "/debug":
                        debug.toggle()
                        print(color.dim("debug \(debug ? "on" : "off")"))
                    case "/reset":
                        session.reset(language: session.conversation.languageFixed ? session.conversation.language : nil)
                        agent.active = nil
                        print(color.dim("new conversation \(session.conversationID)"))
                    case "/state":
                        try session.reload()
                        print(color.dim(stateText(session.conversation)))
                    case "/lang":
                        let code = parts.count > 1 ? parts[1] : ""
                        if code == "auto" {
                            try await session.setLanguage(nil)
                            print(color.dim("language: detected per message"))
                        } else if let language = Language(rawValue: code) {
                            try await session.setLanguage(language)
                            print(color.dim("language: \(language.rawValue)"))
                        } else {
                            print(color.dim("usage: /lang es|en|auto"))
                        }
                    default:
                        print(color.dim("unknown command \(parts[0]); /help lists them"))
                    }
                    continue
                }
                if agent.active != nil {
                    try await agent.reply(input, session: session)
                    continue
                }
                let exchange = try await session.exchange(input, explain: debug)
                printNews(exchange.news, color: color)
                let turn = exchange.turn.turn
                for reply in turn.replies {
                    print(color.accent("Amable › ") + reply.text)
                    if !reply.quickReplies.isEmpty {
                        print(color.dim("         " + reply.quickReplies.map { "[\($0)]" }.joined(separator: " ")))
                    }
                }
                if exchange.turn.heldForAgent {
                    print(color.dim("         (\(exchange.turn.ticket?.agent ?? "an agent") has this conversation: the message is theirs, the bot stays quiet)"))
                } else if turn.conversation.state == .escalated, turn.replies.isEmpty {
                    print(color.dim("         (a person has this conversation; the bot stays quiet)"))
                }
                if debug { print(color.dim(debugText(turn))) }
            } catch {
                let e = DataDirectory.cliError(error)
                print(color.dim("error: \(e.message)"))
                if (74...78).contains(e.exitCode) { throw e }  // the data folder itself failed
            }
        }
    }

    /// `tú › ` in a Spanish conversation, `you › ` in an English one.
    static func customerPrompt(_ c: Conversation) -> String {
        c.language == .en && (c.turns > 0 || c.languageFixed) ? "you › " : "tú › "
    }

    /// Messages that arrived without a customer message: agent replies, notices.
    static func printNews(_ news: [StoredMessage], color: Style) {
        for m in news { print(line(m, color: color)) }
    }

    static func line(_ m: StoredMessage, color: Style) -> String {
        switch m.author {
        case .agent: color.accent("\(m.agent ?? "agent") › ") + m.text
        case .customer: color.bold("customer › ") + m.text
        case .bot, .system: color.accent("Amable › ") + m.text
        }
    }

    static func stateText(_ c: Conversation) -> String {
        let slots = c.slots.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "state \(c.state.name) · language \(c.language.rawValue)\(c.languageFixed ? " (fixed)" : "") · mood \(String(format: "%.2f", c.mood)) · turns \(c.turns)" + (slots.isEmpty ? "" : " · \(slots)")
    }

    static func debugText(_ turn: Turn) -> String {
        let u = turn.understanding
        var lines: [String] = []
        let also = u.also.isEmpty ? "" : " + " + u.also.joined(separator: ", ")
        lines.append("  intent \(u.intent)\(also) (\(String(format: "%.2f", u.confidence)))\(u.ambiguous ? " ambiguous" : "") · lang \(u.language.rawValue)")
        if !u.alternatives.isEmpty {
            lines.append("  alternatives " + u.alternatives.map { "\($0.intent) \(String(format: "%.2f", $0.confidence))" }.joined(separator: ", "))
        }
        let entities = u.entities.jsonValue(places: u.places).serialized()
        if entities != "{}" { lines.append("  entities \(entities)") }
        lines.append("  mood \(u.mood.label.rawValue) \(String(format: "%.2f", u.mood.score))" + (u.mood.signals.isEmpty ? "" : " (\(u.mood.signals.joined(separator: ", ")))") + (u.threat ? " · THREAT" : ""))
        let e = u.explanation
        if !e.tokens.isEmpty { lines.append("  tokens " + e.tokens.joined(separator: " ")) }
        if !e.notes.isEmpty { lines.append("  normalised " + e.notes.joined(separator: "; ")) }
        if let rule = e.rule { lines.append("  rule \(rule)" + (e.ruleFile.map { " (\($0))" } ?? "")) }
        if let ex = e.example { lines.append("  nearest example \"\(ex)\" (\(String(format: "%.2f", e.exampleSimilarity)))") }
        lines.append("  " + stateText(turn.conversation))
        if let h = turn.decision.handoff { lines.append("  handoff \(h.reason.rawValue) priority \(h.priority)\(h.supportOpen ? "" : " (support closed)")") }
        lines.append("  replies " + turn.replies.map(\.key).joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}

/// ANSI styling only when stdout is a terminal; plain text when piped.
struct Style {
    let enabled: Bool
    func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { wrap(s, "1") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func accent(_ s: String) -> String { wrap(s, "1;36") }
}
