import Synchronization

/// Counters for `GET /metrics`, in Prometheus's text format (version 0.0.4).
///
/// Label values come from fixed sets (route patterns, status codes, intent names from the
/// data, escalation reasons), so the number of series stays bounded whatever clients send.
public final class Metrics: Sendable {
    /// Upper bounds of the turn latency histogram, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    private struct State {
        var requests: [RouteStatus: Int] = [:]
        var turnBuckets = [Int](repeating: 0, count: Metrics.buckets.count)
        var turnCount = 0
        var turnSum = 0.0
        var intents: [String: Int] = [:]
        var escalations: [String: Int] = [:]
        var callbacks: [String: Int] = [:]
        var refused: [Int: Int] = [:]
    }

    private struct RouteStatus: Hashable {
        var route: String
        var status: Int
    }

    private let state = Mutex(State())

    public init() {}

    func request(route: String, status: Int) {
        state.withLock { $0.requests[RouteStatus(route: route, status: status), default: 0] += 1 }
    }

    func turn(seconds: Double, intent: String, escalation: String?) {
        state.withLock { s in
            s.turnCount += 1
            s.turnSum += seconds
            if let i = Self.buckets.firstIndex(where: { seconds <= $0 }) { s.turnBuckets[i] += 1 }
            s.intents[intent, default: 0] += 1
            if let escalation { s.escalations[escalation, default: 0] += 1 }
        }
    }

    func callback(_ outcome: String) {
        state.withLock { $0.callbacks[outcome, default: 0] += 1 }
    }

    /// A response the server made on its own (unreadable request, timeout, connection cap).
    public func refused(status: Int) {
        state.withLock { $0.refused[status, default: 0] += 1 }
    }

    /// How many requests got `status` on `route` so far (tests).
    func requests(route: String, status: Int) -> Int {
        state.withLock { $0.requests[RouteStatus(route: route, status: status)] ?? 0 }
    }

    func render(openConnections: Int, queueWaiting: Int?, queueAssigned: Int?) -> String {
        let s = state.withLock { $0 }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        family("amable_http_requests_total", "counter", "HTTP requests answered, by route pattern and status.")
        for (k, v) in s.requests.sorted(by: { ($0.key.route, $0.key.status) < ($1.key.route, $1.key.status) }) {
            out += "amable_http_requests_total{route=\(Self.label(k.route)),status=\"\(k.status)\"} \(v)\n"
        }
        family("amable_http_refused_total", "counter", "Requests the server answered on its own (unreadable, too large, too slow, over the connection cap), by status.")
        for (status, v) in s.refused.sorted(by: { $0.key < $1.key }) {
            out += "amable_http_refused_total{status=\"\(status)\"} \(v)\n"
        }
        family("amable_turn_duration_seconds", "histogram", "Time to handle one customer message, store included.")
        var cumulative = 0
        for (i, bound) in Self.buckets.enumerated() {
            cumulative += s.turnBuckets[i]
            out += "amable_turn_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        out += "amable_turn_duration_seconds_bucket{le=\"+Inf\"} \(s.turnCount)\n"
        out += "amable_turn_duration_seconds_sum \(s.turnSum)\n"
        out += "amable_turn_duration_seconds_count \(s.turnCount)\n"
        family("amable_intents_total", "counter", "Customer messages by the intent acted on.")
        for (k, v) in s.intents.sorted(by: { $0.key < $1.key }) { out += "amable_intents_total{intent=\(Self.label(k))} \(v)\n" }
        family("amable_escalations_total", "counter", "Conversations handed to a person, by reason.")
        for (k, v) in s.escalations.sorted(by: { $0.key < $1.key }) { out += "amable_escalations_total{reason=\(Self.label(k))} \(v)\n" }
        family("amable_handoff_queue_length", "gauge", "Open handoff tickets, by status.")
        if let queueWaiting { out += "amable_handoff_queue_length{status=\"waiting\"} \(queueWaiting)\n" }
        if let queueAssigned { out += "amable_handoff_queue_length{status=\"assigned\"} \(queueAssigned)\n" }
        family("amable_open_connections", "gauge", "Client connections open now.")
        out += "amable_open_connections \(openConnections)\n"
        family("amable_callbacks_total", "counter", "Outbound callback deliveries, by outcome.")
        for (k, v) in s.callbacks.sorted(by: { $0.key < $1.key }) { out += "amable_callbacks_total{outcome=\(Self.label(k))} \(v)\n" }
        return out
    }

    /// A quoted label value with `\`, `"` and newlines escaped.
    static func label(_ value: String) -> String {
        var out = "\""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
