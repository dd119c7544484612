import AmableCore
import AmableService
import AmableStore
import Foundation

/// One conversation driven from the command line, saved in the data folder: shared by the
/// REPL and the JSONL mode. `--id ID` continues a stored conversation.
struct Session {
    let bot: Bot
    let service: ChatService
    private(set) var conversationID: String
    /// The conversation as of the last turn (the store holds the truth).
    private(set) var conversation: Conversation
    /// What the customer has been shown; later agent and system messages are news.
    let inbox: Inbox
    let fixedNow: Date?
    let language: Language?

    /// What one customer message produced: news that arrived before it, then the turn.
    struct Exchange {
        var news: [StoredMessage]
        var turn: ServiceTurn
    }

    init(args: Arguments) throws {
        let (bot, data) = try Home.loadBot(args)
        self.bot = bot
        var language: Language?
        if let code = args["--lang"] {
            guard let l = Language(rawValue: code) else { throw CLIError("--lang must be es or en, not \"\(code)\"") }
            language = l
        }
        self.language = language
        if let now = args["--now"] {
            guard let date = ISO8601DateFormatter().date(from: now) else {
                throw CLIError("--now must be an ISO 8601 time such as 2026-11-23T10:00:00Z, not \"\(now)\"")
            }
            fixedNow = date
        } else {
            fixedNow = nil
        }
        service = try DataDirectory.makeService(args, bot: bot, data: data)
        let id = args["--id"] ?? Self.newID()
        conversationID = id
        conversation = bot.newConversation(id: id, language: language, at: fixedNow ?? Date())
        inbox = Inbox(conversationID: id, lastSeen: 0)
        if let stored = try resume() { conversation = stored }
    }

    var now: Date { fixedNow ?? Date() }

    /// Loads a stored conversation with this id; its old messages count as seen.
    private mutating func resume() throws -> Conversation? {
        do {
            guard let stored = try service.conversation(id: conversationID) else { return nil }
            // Seen: up to the replies to the customer's last message. What came after it
            // (an agent's answer while this program was not running) is news.
            let messages = try service.store.messages(conversationID: conversationID)
            if let last = messages.last(where: { $0.author == .customer }) {
                inbox.saw(upTo: messages.last { $0.revision == last.revision }?.id ?? last.id)
            }
            return stored.conversation
        } catch {
            throw DataDirectory.cliError(error)
        }
    }

    /// Handles one message and saves the turn; a store failure stops the program with its message.
    mutating func send(_ text: String, explain: Bool) async -> Turn {
        do {
            return try await exchange(text, explain: explain).turn.turn
        } catch {
            let e = DataDirectory.cliError(error)
            fail(e.message, code: e.exitCode)
        }
    }

    mutating func exchange(_ text: String, explain: Bool) async throws -> Exchange {
        let news = try inbox.news(from: service)
        let turn = try await service.handle(conversationID: conversationID, text: text, language: language ?? (conversation.languageFixed ? conversation.language : nil),
                                            at: now, explain: explain)
        conversation = turn.turn.conversation
        inbox.saw(upTo: turn.messages.last?.id ?? 0)
        return Exchange(news: news, turn: turn)
    }

    /// Agent and system messages stored since the customer last looked (an agent's reply from
    /// another terminal); marks them seen.
    func news() throws -> [StoredMessage] {
        try inbox.news(from: service)
    }

    mutating func setLanguage(_ language: Language?) async throws {
        conversation = try await service.setLanguage(conversationID: conversationID, language: language, at: now)
    }

    mutating func reload() throws {
        if let stored = try service.conversation(id: conversationID) { conversation = stored.conversation }
    }

    mutating func reset(language: Language?) {
        conversationID = Self.newID()
        conversation = bot.newConversation(id: conversationID, language: language, at: now)
        inbox.reset(conversationID: conversationID, lastSeen: 0)
    }

    /// `cli-20261123T100000-4242`: unique enough for one machine, and sorts by time.
    static func newID() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss"
        return "cli-\(f.string(from: Date()))-\(ProcessInfo.processInfo.processIdentifier)-\(UInt16.random(in: 0...UInt16.max))"
    }
}
