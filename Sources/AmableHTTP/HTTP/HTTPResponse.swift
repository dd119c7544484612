/// A response to send: status, header fields and a complete body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Close the connection once this response is written.
    public var closeConnection: Bool

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], closeConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closeConnection = closeConnection
    }

    /// A JSON body (already serialized) with its content type.
    public static func json(_ status: Int, _ text: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        headers.set("Content-Type", "application/json; charset=utf-8")
        return HTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }

    /// The error body every failure carries: `{"error": {"code": "...", "message": "..."}}`.
    public static func error(_ status: Int, code: String, message: String, headers: HTTPHeaders = HTTPHeaders(),
                             closeConnection: Bool = false) -> HTTPResponse {
        var response = json(status, #"{"error":{"code":"# + JSONText.quote(code) + #","message":"# + JSONText.quote(message) + "}}",
                            headers: headers)
        response.closeConnection = closeConnection
        return response
    }

    /// The bytes on the wire (RFC 9112 §4, §6): status line, fields, `Content-Length`, body.
    /// - Parameters:
    ///   - includeBody: false for HEAD, whose response has the GET's length but no body (RFC 9110 §9.3.2).
    ///   - keepAlive: false adds `Connection: close`.
    ///   - date: the `Date` field's value (RFC 9110 §6.6.1), cached by the caller per second.
    ///   - announceKeepAlive: add `Connection: keep-alive`, which an HTTP/1.0 client needs to
    ///     keep the connection (RFC 9112 §C.2.2).
    public func serialized(includeBody: Bool = true, keepAlive: Bool = true, date: String? = nil, announceKeepAlive: Bool = false) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\n"
        if let date { head += "Date: \(date)\r\n" }
        for field in headers where field.lowercasedName != "content-length" && field.lowercasedName != "connection" {
            head += Self.clean(field.name) + ": " + Self.clean(field.value) + "\r\n"
        }
        // 1xx, 204 and 304 carry no body and no Content-Length (RFC 9110 §8.6).
        if status >= 200 && status != 204 && status != 304 { head += "Content-Length: \(body.count)\r\n" }
        if !keepAlive { head += "Connection: close\r\n" } else if announceKeepAlive { head += "Connection: keep-alive\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if includeBody && status >= 200 && status != 204 && status != 304 { bytes += body }
        return bytes
    }

    /// Field names and values never carry CR or LF: a value that did would split the response.
    private static func clean(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else { return s }
        return String(s.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }.map(Character.init))
    }
}

/// JSON string quoting for the few bodies built without AmableCore's writer. It repeats
/// `JSONValue.writeString` on purpose: this folder imports nothing, so the request decoder
/// builds alone for `Fuzz/run.sh http`; keep the two escapers identical.
public enum JSONText {
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
