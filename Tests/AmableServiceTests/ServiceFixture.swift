import AmableCore
import AmableStore
import Foundation
import Synchronization
@testable import AmableService

/// The bundled demo shop's bot, and services on fresh stores.
enum ServiceFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let data: DataSet = DataSet.load(DataSet.Location(home: root)).0
    static let bot: Bot = try! Bot(data: data)
    /// A Monday, 11:00 in Madrid: support is open.
    static let monday = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z")!
    /// A Sunday night: support is closed.
    static let sundayNight = ISO8601DateFormatter().date(from: "2026-11-22T22:00:00Z")!

    static func make(store: any ConversationStore = InMemoryConversationStore(), log: LogLines? = nil,
                     configure: (inout ChatService.Configuration) -> Void = { _ in }) -> ChatService {
        var configuration = ChatService.Configuration()
        if let log { configuration.log = { log.append($0) } }
        configure(&configuration)
        return ChatService(bot: bot, store: store, orders: StaticOrderProvider(orders: data.orders), configuration: configuration)
    }

    static func tempDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("amable-service-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Sends `texts` in order to one conversation, a second apart; returns the last turn.
    @discardableResult
    static func say(_ service: ChatService, _ id: String, _ texts: [String], at start: Date = monday, language: Language? = nil) async throws -> ServiceTurn {
        var last: ServiceTurn?
        for (i, text) in texts.enumerated() {
            last = try await service.handle(conversationID: id, text: text, language: language, at: start.addingTimeInterval(Double(i)))
        }
        return last!
    }
}

/// Log lines captured by a test.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
