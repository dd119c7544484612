import Synchronization

/// Token buckets by name (a shop key, a conversation): `rate` requests a second on average,
/// bursts of up to `burst`. A refusal says how many seconds until the next request fits.
public final class RateLimiter: Sendable {
    public struct Limit: Sendable, Equatable {
        /// Requests per second; 0 turns the limit off.
        public var rate: Double
        public var burst: Double

        public init(rate: Double, burst: Double) {
            self.rate = rate
            self.burst = max(burst, 1)
        }

        public static let off = Limit(rate: 0, burst: 1)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    public let limit: Limit
    /// Buckets kept at most; full (idle) ones are dropped first when it is reached.
    let capacity: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(_ limit: Limit, capacity: Int = 100_000) {
        self.limit = limit
        self.capacity = capacity
    }

    /// Takes one token for `name` at `now` (seconds, monotonic); nil when allowed, otherwise the
    /// whole seconds to wait (for `Retry-After`).
    public func take(_ name: String, now: Double) -> Int? {
        guard limit.rate > 0 else { return nil }
        return buckets.withLock { all in
            var b = all[name] ?? Bucket(tokens: limit.burst, updated: now)
            b.tokens = min(limit.burst, b.tokens + max(0, now - b.updated) * limit.rate)
            b.updated = now
            let wait: Int?
            if b.tokens >= 1 {
                b.tokens -= 1
                wait = nil
            } else {
                wait = max(1, Int(((1 - b.tokens) / limit.rate).rounded(.up)))
            }
            if all[name] == nil && all.count >= capacity { prune(&all, now: now) }
            all[name] = b
            return wait
        }
    }

    /// Drops buckets that have refilled (they behave exactly like absent ones); if none has,
    /// the oldest half goes.
    private func prune(_ all: inout [String: Bucket], now: Double) {
        all = all.filter { _, b in b.tokens + (now - b.updated) * limit.rate < limit.burst }
        if all.count >= capacity {
            let sorted = all.sorted { $0.value.updated < $1.value.updated }
            for (k, _) in sorted.prefix(all.count / 2) { all[k] = nil }
        }
    }

    var count: Int { buckets.withLock { $0.count } }
}
