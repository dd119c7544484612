import AmableCore
import AmableService
import Foundation

/// One conversation driven from the command line: shared by the REPL and the JSONL mode.
struct Session {
    let bot: Bot
    let orders: any OrderProvider
    var conversation: Conversation
    let fixedNow: Date?

    init(args: Arguments) throws {
        let (bot, data) = try Home.loadBot(args)
        self.bot = bot
        orders = OrderSource.make(profile: bot.profile, orders: data.orders)
        var language: Language?
        if let code = args["--lang"] {
            guard let l = Language(rawValue: code) else { throw CLIError("--lang must be es or en, not \"\(code)\"") }
            language = l
        }
        if let now = args["--now"] {
            guard let date = ISO8601DateFormatter().date(from: now) else {
                throw CLIError("--now must be an ISO 8601 time such as 2026-11-23T10:00:00Z, not \"\(now)\"")
            }
            fixedNow = date
        } else {
            fixedNow = nil
        }
        let id = args["--id"] ?? "cli-\(ProcessInfo.processInfo.processIdentifier)"
        conversation = bot.newConversation(id: id, language: language, at: fixedNow ?? Date())
    }

    var now: Date { fixedNow ?? Date() }

    mutating func send(_ text: String, explain: Bool) async -> Turn {
        let turn = await bot.handle(text, in: conversation, orders: orders, at: now, explain: explain)
        conversation = turn.conversation
        return turn
    }

    mutating func reset(language: Language?) {
        conversation = bot.newConversation(id: conversation.id + "r", language: language, at: now)
    }
}
