/// A complete HTTP/1.x request: head and body, as the decoder produced it.
public struct HTTPRequest: Sendable {
    public enum Version: String, Sendable, Equatable {
        case http10 = "HTTP/1.0"
        case http11 = "HTTP/1.1"
    }

    /// The method as sent: methods are case-sensitive (RFC 9110 §9.1).
    public var method: String
    /// The request-target as sent.
    public var target: String
    /// The path part of the target, still percent-encoded (`/v1/conversations/a%20b/messages`).
    public var path: String
    /// The query after `?`, still encoded; nil when there is none.
    public var query: String?
    public var version: Version
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The peer's address (`127.0.0.1:53122`), when known.
    public var remoteAddress: String?

    public init(method: String, target: String, version: Version = .http11, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
                remoteAddress: String? = nil) {
        self.method = method
        self.target = target
        let (path, query) = Self.split(target: target)
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// Whether the connection stays open after the response (RFC 9112 §9.3): HTTP/1.1
    /// unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        switch version {
        case .http11: !headers.contains("Connection", token: "close")
        case .http10: headers.contains("Connection", token: "keep-alive")
        }
    }

    /// The decoded query parameters, in order (`+` is a space, as forms send it).
    public var queryItems: [(name: String, value: String)] {
        guard let query else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusIsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decode(parts[1], plusIsSpace: true) ?? String(parts[1])) : ""
            return (name, value)
        }
    }

    /// The last value of query parameter `name`.
    public func query(_ name: String) -> String? {
        queryItems.last(where: { $0.name == name })?.value
    }

    /// Splits an origin-form or absolute-form target (RFC 9112 §3.2) into path and query.
    static func split(target: String) -> (String, String?) {
        // origin-form (`/path?query`), what clients send: split at the first `?` by bytes.
        if target.utf8.first == UInt8(ascii: "/") {
            guard let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, nil) }
            return (String(target[..<q]), String(target[target.utf8.index(after: q)...]))
        }
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let scheme = rest.firstRange(of: "://") {
            // absolute-form: http://host:port/path?query — the authority is not ours to route on.
            rest = rest[scheme.upperBound...]
            if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) { rest = rest[slash...] } else { rest = "/" }
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        if let q = rest.firstIndex(of: "?") {
            return (String(rest[..<q]), String(rest[rest.index(after: q)...]))
        }
        return (String(rest), nil)
    }
}

/// Percent-decoding of URL parts (RFC 3986 §2.1); nil when an escape is malformed or the
/// result is not UTF-8.
public enum PercentDecoding {
    public static func decode<S: StringProtocol>(_ text: S, plusIsSpace: Bool = false) -> String? {
        // Nothing to decode (ids and words as sent): the text as it is.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "%") && !(plusIsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var it = text.utf8.makeIterator()
        while let b = it.next() {
            if b == UInt8(ascii: "%") {
                guard let h = it.next().flatMap(hex), let l = it.next().flatMap(hex) else { return nil }
                bytes.append(h << 4 | l)
            } else if plusIsSpace && b == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
