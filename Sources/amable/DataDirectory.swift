import AmableCore
import AmableService
import AmableStore
import Foundation

/// The data folder (`--data DIR`, default `./.amable/`): opens the store and the service on it.
enum DataDirectory {
    static let defaultPath = ".amable"

    static func url(_ args: Arguments) -> URL {
        URL(fileURLWithPath: args["--data"] ?? defaultPath, isDirectory: true)
    }

    /// Opens the store, or stops with a clear message: a newer schema, a damaged or unreadable
    /// file, a lock held too long. The file is never replaced.
    static func openStore(_ args: Arguments) throws -> SQLiteConversationStore {
        do {
            return try SQLiteConversationStore(directory: url(args), configuration: storeConfiguration())
        } catch {
            throw cliError(error)
        }
    }

    /// The store's settings for a command: an upgrade of an older file is announced on stderr.
    static func storeConfiguration() -> SQLiteConversationStore.Configuration {
        var configuration = SQLiteConversationStore.Configuration()
        configuration.onUpgrade = { line in FileHandle.standardError.write(Data("amable: \(line)\n".utf8)) }
        return configuration
    }

    /// The service for one command: the bot, the store in the data folder, the shop's orders,
    /// and a log in `DIR/amable.log` with emails and phones masked.
    static func makeService(_ args: Arguments, bot: Bot, data: DataSet) throws -> ChatService {
        let store = try openStore(args)
        var configuration = ChatService.Configuration()
        if let timeout = args["--agent-timeout"] {
            configuration.agentTimeout = try parseDuration(timeout, option: "--agent-timeout")
        }
        let log = LogFile(url: url(args).appendingPathComponent("amable.log"))
        configuration.log = { line in log.write(line) }
        return ChatService(bot: bot, store: store, orders: OrderSource.make(profile: bot.profile, orders: data.orders), configuration: configuration)
    }

    /// Exit codes: 74 unreadable or damaged, 75 locked by another process, 78 newer schema,
    /// 66 no such ticket, 3 the ticket is not in a state that allows the action.
    static func cliError(_ error: any Error) -> CLIError {
        switch error {
        case let e as StoreError:
            switch e {
            case .newerSchema: return CLIError(e.description, exitCode: 78)
            case .unreadable: return CLIError(e.description, exitCode: 74)
            case .busy: return CLIError(e.description, exitCode: 75)
            case .ticketNotFound: return CLIError(e.description, exitCode: 66)
            case .ticketState, .conflict: return CLIError(e.description, exitCode: 3)
            case .sqlite: return CLIError(e.description, exitCode: 74)
            }
        case let e as ChatService.Error: return CLIError(e.description, exitCode: 64)
        case let e as CLIError: return e
        default: return CLIError("\(error)", exitCode: 1)
        }
    }

    /// `90d`, `12h`, `15m`, `30s`, `2w` → seconds.
    static func parseDuration(_ text: String, option: String) throws -> TimeInterval {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last, let factor = units[unit], let n = Double(text.dropLast()), n >= 0, n <= 100_000 else {
            throw CLIError("\(option) takes a number and a unit (s, m, h, d or w), such as 15m or 90d, not \"\(text)\"")
        }
        return n * factor
    }
}
