/// Why bytes from a client are not a request we serve; each carries the status to answer
/// with before the connection is closed (the framing can no longer be trusted).
public struct HTTPDecodingError: Error, Equatable, Sendable {
    public var status: Int
    public var code: String
    public var message: String

    public init(_ status: Int, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func bad(_ message: String) -> Self { .init(400, "bad_request", message) }
    static func headTooLarge(_ limit: Int) -> Self { .init(431, "headers_too_large", "the request head is larger than \(limit) bytes") }
    static func tooManyHeaders(_ limit: Int) -> Self { .init(431, "too_many_headers", "more than \(limit) header fields") }
    static func targetTooLong(_ limit: Int) -> Self { .init(414, "uri_too_long", "the request target is longer than \(limit) bytes") }
    static func bodyTooLarge(_ limit: Int) -> Self { .init(413, "payload_too_large", "the body is larger than \(limit) bytes") }
    static let chunked = Self(411, "length_required", "chunked request bodies are not accepted; send Content-Length")
    static let transferCoding = Self(501, "not_implemented", "transfer codings are not supported; send Content-Length")
    static let version = Self(505, "version_not_supported", "only HTTP/1.1 and HTTP/1.0 are supported")
    static let expectation = Self(417, "expectation_failed", "only Expect: 100-continue is supported")
}
