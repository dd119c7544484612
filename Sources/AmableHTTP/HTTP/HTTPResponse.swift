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
        let hasBody = status >= 200 && status != 204 && status != 304
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + (includeBody && hasBody ? body.count : 0))
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        Self.appendDecimal(status, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: HTTPStatus.reason(status).utf8)
        bytes.append(contentsOf: "\r\n".utf8)
        if let date { Self.appendField("Date", date, to: &bytes) }
        for field in headers where field.lowercasedName != "content-length" && field.lowercasedName != "connection" {
            Self.appendField(field.name, field.value, to: &bytes)
        }
        // 1xx, 204 and 304 carry no body and no Content-Length (RFC 9110 §8.6).
        if hasBody {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(body.count, to: &bytes)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        if !keepAlive { bytes.append(contentsOf: "Connection: close\r\n".utf8) } else if announceKeepAlive { bytes.append(contentsOf: "Connection: keep-alive\r\n".utf8) }
        bytes.append(contentsOf: "\r\n".utf8)
        if includeBody && hasBody { bytes.append(contentsOf: body) }
        return bytes
    }

    /// `name: value` and CRLF; CR, LF and NUL are left out of both (a value that carried them
    /// would split the response).
    private static func appendField(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        for b in name.utf8 where b != 13 && b != 10 && b != 0 { bytes.append(b) }
        bytes.append(contentsOf: ": ".utf8)
        for b in value.utf8 where b != 13 && b != 10 && b != 0 { bytes.append(b) }
        bytes.append(contentsOf: "\r\n".utf8)
    }

    /// A non-negative number in decimal digits.
    private static func appendDecimal(_ n: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        while divisor <= n / 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((n / divisor) % 10))
            divisor /= 10
        }
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
