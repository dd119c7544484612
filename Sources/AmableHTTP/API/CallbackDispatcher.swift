import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// POSTs bot and agent replies to a shop's callback URL, off the request path: a request
/// only enqueues. Each delivery is retried with growing back-off; at most `maxInFlight` run
/// at once, and past `maxQueued` waiting ones the oldest are dropped (and counted).
///
/// Body: `{"conversation": "…", "messages": [{"seq", "author", "agent", "text"}]}`; with the
/// shop's signing secret it carries `X-Amable-Timestamp` and `X-Amable-Signature` like requests do.
/// Receivers order by `seq`: retries can deliver a later message first.
public final class CallbackDispatcher: Sendable {
    public struct Configuration: Sendable {
        /// Waits before each retry; the number of retries is its length.
        public var backoff: [Double] = [0.5, 2, 8]
        public var timeout: Double = 5
        public var maxInFlight = 16
        public var maxQueued = 10_000

        public init() {}
    }

    struct Delivery: Sendable {
        var url: URL
        var body: [UInt8]
        var secret: String?
    }

    let configuration: Configuration
    let metrics: Metrics
    private let state = Mutex<(queue: [Delivery], running: Int, stopped: Bool)>(([], 0, false))
    private let session: URLSession

    public init(configuration: Configuration = Configuration(), metrics: Metrics) {
        self.configuration = configuration
        self.metrics = metrics
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = configuration.timeout
        c.timeoutIntervalForResource = configuration.timeout
        session = URLSession(configuration: c)
    }

    /// Queues one delivery; returns at once.
    func enqueue(_ url: URL, body: [UInt8], secret: String?) {
        let start = state.withLock { s -> Delivery? in
            guard !s.stopped else { return nil }
            let d = Delivery(url: url, body: body, secret: secret)
            if s.running < configuration.maxInFlight {
                s.running += 1
                return d
            }
            if s.queue.count >= configuration.maxQueued {
                s.queue.removeFirst()
                metrics.callback("dropped")
            }
            s.queue.append(d)
            return nil
        }
        if let start { run(start) }
    }

    /// Stops taking deliveries; those under way finish their current attempt.
    func stop() {
        state.withLock { s in
            s.stopped = true
            s.queue = []
        }
    }

    private func run(_ first: Delivery) {
        Task {
            var next: Delivery? = first
            while let d = next {
                await deliver(d)
                next = state.withLock { s -> Delivery? in
                    if !s.queue.isEmpty && !s.stopped { return s.queue.removeFirst() }
                    s.running -= 1
                    return nil
                }
            }
        }
    }

    private func deliver(_ d: Delivery) async {
        for attempt in 0...configuration.backoff.count {
            if attempt > 0 {
                try? await Task.sleep(nanoseconds: UInt64(configuration.backoff[attempt - 1] * 1e9))
                if state.withLock({ $0.stopped }) { break }
            }
            var request = URLRequest(url: d.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: configuration.timeout)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            if let secret = d.secret {
                let ts = Int(Date().timeIntervalSince1970)
                request.setValue(String(ts), forHTTPHeaderField: "X-Amable-Timestamp")
                request.setValue(RequestSignature.sign(secret: secret, timestamp: ts, body: d.body), forHTTPHeaderField: "X-Amable-Signature")
            }
            request.httpBody = Data(d.body)
            if let (_, response) = try? await session.data(for: request), let http = response as? HTTPURLResponse {
                if (200..<300).contains(http.statusCode) {
                    metrics.callback("delivered")
                    return
                }
                // A 4xx other than 408/429 will not get better by trying again.
                if (400..<500).contains(http.statusCode) && http.statusCode != 408 && http.statusCode != 429 { break }
            }
            if attempt < configuration.backoff.count { metrics.callback("retried") }
        }
        metrics.callback("failed")
    }
}
