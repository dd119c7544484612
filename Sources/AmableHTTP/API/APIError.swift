/// A refusal with its status and the JSON error body's code and message.
public struct APIError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String
    public var headers: [(String, String)] = []

    public init(_ status: Int, _ code: String, _ message: String, headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func == (a: APIError, b: APIError) -> Bool {
        a.status == b.status && a.code == b.code && a.message == b.message
    }

    static func badRequest(_ message: String) -> APIError { .init(400, "bad_request", message) }
    static func invalidJSON(_ message: String) -> APIError { .init(400, "invalid_json", message) }
    static func unauthorized(_ message: String) -> APIError {
        .init(401, "unauthorized", message, headers: [("WWW-Authenticate", #"Bearer realm="amable""#)])
    }
    static func forbidden(_ message: String) -> APIError { .init(403, "forbidden", message) }
    static func notFound(_ message: String) -> APIError { .init(404, "not_found", message) }
    static func conflict(_ message: String) -> APIError { .init(409, "conflict", message) }
    static func unsupportedMediaType() -> APIError { .init(415, "unsupported_media_type", "send the body as application/json") }
    static func rateLimited(retryAfter: Int, _ message: String) -> APIError {
        .init(429, "rate_limited", message, headers: [("Retry-After", String(retryAfter))])
    }
    static func unavailable(_ message: String) -> APIError { .init(503, "unavailable", message, headers: [("Retry-After", "1")]) }
    static let internalError = APIError(500, "internal", "something went wrong on our side; it was logged")

    var response: HTTPResponse {
        HTTPResponse.error(status, code: code, message: message, headers: HTTPHeaders(headers))
    }
}
