import AmableCore
import Foundation
import Synchronization

/// Amable's HTTP API: routes, authentication, limits and JSON, over a `ChatBackend`.
///
/// Pure request → response (`handle`), so routing is tested in-process; `HTTPServer` puts it
/// on the wire. Routes are built once and never change.
public final class AmableAPI: Sendable {
    public struct Configuration: Sendable {
        public var keys = AccessKeys()
        /// Per shop key (or per client address without keys): all shop-facing requests.
        public var keyLimit = RateLimiter.Limit(rate: 50, burst: 100)
        /// Per conversation: customer messages.
        public var conversationLimit = RateLimiter.Limit(rate: 1, burst: 5)
        /// The longest long-poll (`wait=`), in seconds.
        public var maxLongPoll: Double = 30
        /// How far a signed request's timestamp may be from the server's clock, in seconds.
        public var signatureWindow: Double = 300
        /// `Access-Control-Allow-Origin` for the customer-facing routes (browser widgets);
        /// nil: no CORS, browsers on other origins cannot call the API.
        public var corsOrigin: String?
        public var callbacks = CallbackDispatcher.Configuration()
        /// The wall clock (tickets, messages, signatures).
        public var clock: @Sendable () -> Date = { Date() }
        /// Log lines (already free of message text).
        public var log: @Sendable (String) -> Void = { _ in }

        public init() {}
    }

    enum Access: Sendable { case open, shop, agent, metrics }

    struct Endpoint: Sendable {
        var access: Access
        var handler: @Sendable (AmableAPI, Context) async throws -> HTTPResponse
    }

    /// One request on its way through a route.
    struct Context: Sendable {
        var request: HTTPRequest
        var params: [String: String]
        var route: String
        /// The shop key the request came with (nil without keys configured).
        var shop: AccessKeys.ShopKey?
        /// The agent whose token the request came with.
        var agent: String?
    }

    public let backend: any ChatBackend
    public let configuration: Configuration
    public let metrics: Metrics
    let router: Router<Endpoint>
    let signals = ConversationSignals()
    let keyLimiter: RateLimiter
    let conversationLimiter: RateLimiter
    let signatures: RequestSignature
    let callbacks: CallbackDispatcher
    private let connectionCount = Mutex<@Sendable () -> Int>({ 0 })
    private let stopping = Atomic<Bool>(false)

    public init(backend: any ChatBackend, configuration: Configuration = Configuration(), metrics: Metrics = Metrics()) {
        self.backend = backend
        self.configuration = configuration
        self.metrics = metrics
        keyLimiter = RateLimiter(configuration.keyLimit)
        conversationLimiter = RateLimiter(configuration.conversationLimit)
        signatures = RequestSignature(window: configuration.signatureWindow)
        callbacks = CallbackDispatcher(configuration: configuration.callbacks, metrics: metrics)
        router = Self.makeRouter()
    }

    static func makeRouter() -> Router<Endpoint> {
        var r = Router<Endpoint>()
        r.add("GET", "/healthz", Endpoint(access: .open) { api, _ in api.health() })
        r.add("GET", "/metrics", Endpoint(access: .metrics) { api, _ in await api.renderMetrics() })
        r.add("POST", "/v1/conversations/{id}/messages", Endpoint(access: .shop) { api, c in try await api.postMessage(c) })
        r.add("GET", "/v1/conversations/{id}/messages", Endpoint(access: .shop) { api, c in try await api.getMessages(c) })
        r.add("POST", "/webhooks/rest/webhook", Endpoint(access: .shop) { api, c in try await api.rasaWebhook(c) })
        r.add("GET", "/webhooks/rest", Endpoint(access: .open) { _, _ in .json(200, #"{"status":"ok"}"#) })
        r.add("GET", "/v1/handoff/queue", Endpoint(access: .agent) { api, c in try await api.queue(c) })
        r.add("GET", "/v1/handoff/{ticket}", Endpoint(access: .agent) { api, c in try await api.ticketDetail(c) })
        for action in AgentAction.allCases {
            r.add("POST", "/v1/handoff/{ticket}/\(action.rawValue)", Endpoint(access: .agent) { api, c in try await api.agentAction(action, c) })
        }
        return r
    }

    /// The server's handler.
    public var handler: HTTPServer.Handler {
        { [self] request in await handle(request) }
    }

    /// `amable_open_connections` reads this.
    public func countConnections(with count: @escaping @Sendable () -> Int) {
        connectionCount.withLock { $0 = count }
    }

    /// Wakes long-polls and stops callbacks: the server is going down.
    public func shutdown() {
        stopping.store(true, ordering: .relaxed)
        signals.closeAll()
        callbacks.stop()
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        var route = "unmatched"
        var access = Access.open
        var response: HTTPResponse
        if request.method == "OPTIONS", let origin = configuration.corsOrigin {
            response = Self.preflight(origin: origin)
        } else {
            switch router.match(method: request.method, path: request.path) {
            case .notFound:
                response = APIError.notFound("no route for \(request.path.prefix(200))").response
            case .badPath:
                response = APIError.badRequest("the path has a malformed percent-escape").response
            case .methodNotAllowed(let allowed):
                response = APIError(405, "method_not_allowed", "\(request.method) is not allowed here; use \(allowed.joined(separator: " or "))",
                                    headers: [("Allow", allowed.joined(separator: ", "))]).response
            case .found(let r, let params):
                route = r.pattern
                access = r.handler.access
                do {
                    let context = try authorize(access, Context(request: request, params: params, route: r.pattern))
                    response = try await r.handler.handler(self, context)
                } catch {
                    response = errorResponse(error, route: r.pattern)
                }
            }
        }
        if let origin = configuration.corsOrigin, access == .shop || access == .open {
            response.headers.set("Access-Control-Allow-Origin", origin)
            if origin != "*" { response.headers.set("Vary", "Origin") }
        }
        metrics.request(route: route, status: response.status)
        return response
    }

    func errorResponse(_ error: any Error, route: String) -> HTTPResponse {
        switch error {
        case let e as APIError: return e.response
        case let e as BackendError:
            switch e {
            case .invalid(let m): return APIError(400, "invalid", m).response
            case .notFound(let m): return APIError.notFound(m).response
            case .conflict(let m): return APIError.conflict(m).response
            case .unavailable(let m): return APIError.unavailable(m).response
            }
        default:
            configuration.log("error on \(route): \(PIIMasker.mask(String(describing: error)))")
            return APIError.internalError.response
        }
    }

    static func preflight(origin: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Access-Control-Allow-Origin", origin)
        headers.add("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        headers.add("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Amable-Signature, X-Amable-Timestamp")
        headers.add("Access-Control-Max-Age", "600")
        if origin != "*" { headers.add("Vary", "Origin") }
        return HTTPResponse(status: 204, headers: headers)
    }

    func health() -> HTTPResponse {
        stopping.load(ordering: .relaxed) ? .json(503, #"{"status":"stopping"}"#) : .json(200, #"{"status":"ok"}"#)
    }

    func renderMetrics() async -> HTTPResponse {
        let counts = try? await backend.openTicketCounts()
        let text = metrics.render(openConnections: connectionCount.withLock { $0 }(), queueWaiting: counts?.waiting, queueAssigned: counts?.assigned)
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        return HTTPResponse(status: 200, headers: headers, body: Array(text.utf8))
    }
}
