import AmableCore
import AmableService
import AmableStore
import Foundation
@testable import AmableHTTP

/// Requests, APIs and services for the HTTP tests.
enum HTTPFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let data: DataSet = DataSet.load(DataSet.Location(home: root)).0
    static let bot: Bot = try! Bot(data: data)
    /// A Monday, 11:00 in Madrid: support is open.
    static let monday = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z")!

    static let shopKey = AccessKeys.ShopKey(name: "olivo", key: "sk-olivo-0123456789abcdef")
    static let otherKey = AccessKeys.ShopKey(name: "lino", key: "sk-lino-0123456789abcdef")
    static let signedKey = AccessKeys.ShopKey(name: "firma", key: "sk-firma-0123456789abcdef", signingSecret: "firma-secret-0123456789")
    static let ana = AccessKeys.AgentToken(agent: "Ana", token: "at-ana-0123456789abcdef")
    static let luis = AccessKeys.AgentToken(agent: "Luis", token: "at-luis-0123456789abcdef")

    /// The real service on a fresh in-memory store, with the bundled demo shop.
    static func service() -> ChatService {
        ChatService(bot: bot, store: InMemoryConversationStore(), orders: StaticOrderProvider(orders: data.orders))
    }

    static func api(_ backend: any ChatBackend = FakeBackend(), keys: AccessKeys = AccessKeys(agentTokens: [ana, luis]),
                    configure: (inout AmableAPI.Configuration) -> Void = { _ in }) -> AmableAPI {
        var c = AmableAPI.Configuration()
        c.keys = keys
        c.clock = { monday }
        c.keyLimit = .off
        c.conversationLimit = .off
        configure(&c)
        return AmableAPI(backend: backend, configuration: c)
    }

    static func request(_ method: String, _ target: String, json body: String? = nil, bearer: String? = nil,
                        headers: [(String, String)] = [], remote: String = "127.0.0.1:50000") -> HTTPRequest {
        var h = HTTPHeaders([("Host", "localhost")])
        if body != nil { h.add("Content-Type", "application/json") }
        if let bearer { h.add("Authorization", "Bearer \(bearer)") }
        for (k, v) in headers { h.set(k, v) }
        return HTTPRequest(method: method, target: target, headers: h, body: Array((body ?? "").utf8), remoteAddress: remote)
    }

    static func json(_ response: HTTPResponse) throws -> JSONNode {
        try JSONParser.parse(response.body)
    }

    static func errorCode(_ response: HTTPResponse) -> String? {
        (try? json(response))?["error"]?["code"]?.string
    }

    static func text(_ response: HTTPResponse) -> String {
        String(decoding: response.body, as: UTF8.self)
    }
}
