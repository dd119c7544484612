import Synchronization

/// `X-Amable-Signature: sha256=<hex>` over `<X-Amable-Timestamp>.<body>` with the shop's
/// signing secret (HMAC-SHA256, RFC 2104). A timestamp further than `window` seconds from now
/// is refused, and so is a signature already seen within the window: a captured request
/// cannot be replayed.
public final class RequestSignature: Sendable {
    public let window: Double
    let capacity: Int
    private let seen = Mutex<[String: Double]>([:])

    public init(window: Double = 300, capacity: Int = 100_000) {
        self.window = window
        self.capacity = capacity
    }

    /// The header value for `body` sent at `timestamp` (what a shop computes, and callbacks send).
    public static func sign(secret: String, timestamp: Int, body: [UInt8]) -> String {
        "sha256=" + HMAC.sha256(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + body).hex
    }

    /// nil when the request is signed, fresh and new; otherwise why not.
    public func verify(_ request: HTTPRequest, secret: String, now: Double) -> String? {
        guard let stamp = request.headers["X-Amable-Timestamp"], let ts = Int(stamp) else {
            return "X-Amable-Timestamp (Unix seconds) is missing or not a number"
        }
        guard abs(now - Double(ts)) <= window else { return "X-Amable-Timestamp is more than \(Int(window)) s away from the server's clock" }
        guard let header = request.headers["X-Amable-Signature"], header.hasPrefix("sha256="),
              let given = [UInt8](hex: String(header.dropFirst(7))), given.count == SHA256.digestSize else {
            return "X-Amable-Signature must be sha256=<64 hex digits>"
        }
        let expected = HMAC.sha256(key: Array(secret.utf8), message: Array("\(ts).".utf8) + request.body)
        guard ConstantTime.equal(given, expected) else { return "the signature does not match the body" }
        let key = expected.hex
        let replayed = seen.withLock { seen -> Bool in
            if seen.count >= capacity { seen = seen.filter { $0.value > now } }
            if let until = seen[key], until > now { return true }
            seen[key] = Double(ts) + window
            return false
        }
        return replayed ? "this signed request was already received" : nil
    }
}
