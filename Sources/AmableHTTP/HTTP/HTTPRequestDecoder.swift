/// Turns the bytes of one connection into requests, one at a time, within limits
/// (RFC 9112: message format §2–§6).
///
/// Pure and incremental: `append` what the socket gave, then call `next()` until it says
/// `.needMore`. The connection asks for the next request only once the previous response is
/// on its way, so pipelined requests are answered in order. The same code is fuzzed
/// (`Fuzz/run.sh http`).
public struct HTTPRequestDecoder: Sendable {
    public struct Limits: Sendable, Equatable {
        /// Request line plus header fields (431 beyond).
        public var maxHeadBytes = 16 * 1024
        public var maxHeaderCount = 100
        /// The request-target alone (414 beyond).
        public var maxTargetBytes = 8 * 1024
        /// `Content-Length` (413 beyond; the body is never read).
        public var maxBodyBytes = 64 * 1024

        public init() {}
    }

    public enum Event: Sendable {
        /// Nothing complete yet: read more from the socket.
        case needMore
        /// The head asked for `Expect: 100-continue` and its body has not arrived: send
        /// `100 Continue` now (RFC 9110 §10.1.1).
        case sendContinue
        case request(HTTPRequest)
        /// Answer with the error's status and close: later bytes are not read.
        case failure(HTTPDecodingError)
    }

    /// A parsed head waiting for its body.
    struct Head: Sendable {
        var method: String
        var target: String
        var version: HTTPRequest.Version
        var headers: HTTPHeaders
        var contentLength: Int
        var expectContinue: Bool
    }

    public let limits: Limits
    private var buffer: [UInt8] = []
    /// The first byte not yet consumed.
    private var start = 0
    /// How far after `start` the search for the end of the head got.
    private var scanned = 0
    private var head: Head?
    private var continueSent = false
    public private(set) var failed = false
    public var remoteAddress: String?

    public init(limits: Limits = Limits(), remoteAddress: String? = nil) {
        self.limits = limits
        self.remoteAddress = remoteAddress
    }

    /// Bytes received and not yet part of a returned request.
    public var bufferedBytes: Int { buffer.count - start }
    /// Part of a request has arrived (the slow-request timeout runs).
    public var hasPartialRequest: Bool { head != nil || bufferedBytes > 0 }
    /// The head is in and the body is still arriving.
    public var isReadingBody: Bool { head != nil }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    public mutating func next() -> Event {
        if failed { return .needMore }
        if head == nil {
            skipEmptyLines()
            guard let end = findHeadEnd() else {
                if bufferedBytes > limits.maxHeadBytes { return fail(.headTooLarge(limits.maxHeadBytes)) }
                return .needMore
            }
            if end - start > limits.maxHeadBytes { return fail(.headTooLarge(limits.maxHeadBytes)) }
            let parsed = buffer.withUnsafeBufferPointer { Self.parseHead($0[start..<end], limits: limits) }
            start = end
            scanned = 0
            switch parsed {
            case .success(let h): head = h
            case .failure(let e): return fail(e)
            }
        }
        guard let h = head else { return .needMore }
        if bufferedBytes < h.contentLength {
            if h.expectContinue && !continueSent && bufferedBytes == 0 {
                continueSent = true
                return .sendContinue
            }
            return .needMore
        }
        let body = Array(buffer[start..<(start + h.contentLength)])
        start += h.contentLength
        head = nil
        continueSent = false
        compact()
        return .request(HTTPRequest(method: h.method, target: h.target, version: h.version, headers: h.headers, body: body,
                                    remoteAddress: remoteAddress))
    }

    private mutating func fail(_ error: HTTPDecodingError) -> Event {
        failed = true
        buffer = []
        start = 0
        head = nil
        return .failure(error)
    }

    /// Empty lines before a request line are ignored (RFC 9112 §2.2).
    private mutating func skipEmptyLines() {
        while start < buffer.count {
            if buffer[start] == .lf {
                start += 1
            } else if buffer[start] == .cr, start + 1 < buffer.count, buffer[start + 1] == .lf {
                start += 2
            } else {
                break
            }
        }
        compact()
    }

    private mutating func compact() {
        if start == buffer.count {
            // Keep a small buffer for the next request; a large one would stay allocated while idle.
            buffer.removeAll(keepingCapacity: buffer.capacity <= 4096)
            start = 0
            scanned = 0
        } else if start >= 64 * 1024 {
            buffer.removeFirst(start)
            start = 0
        }
    }

    /// The index just past the empty line ending the head (CRLF CRLF, or bare LFs), if it arrived.
    private mutating func findHeadEnd() -> Int? {
        let count = buffer.count
        var i = start + max(scanned - 2, 0)
        let found: Int? = buffer.withUnsafeBufferPointer { b in
            while i < count {
                if b[i] == .lf {
                    if i + 1 >= count { return nil }
                    if b[i + 1] == .lf { return i + 2 }
                    if b[i + 1] == .cr {
                        if i + 2 >= count { return nil }
                        if b[i + 2] == .lf { return i + 3 }
                    }
                }
                i += 1
            }
            return nil
        }
        if found == nil { scanned = max(i - start, 0) }
        return found
    }
}

extension UInt8 {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let sp: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58

    /// tchar (RFC 9110 §5.6.2): the characters of methods and field names.
    var isTokenChar: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// field-vchar or whitespace inside a field value (RFC 9110 §5.5); obs-text allowed.
    var isFieldValueChar: Bool { self == .tab || (self >= 0x20 && self != 0x7F) }
}
