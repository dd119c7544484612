/// A bounded, line-tracking JSON parser (RFC 8259) over UTF-8 bytes.
public struct JSONParser {
    /// Limits that keep hostile input from exhausting memory or the stack.
    public struct Limits: Sendable {
        public var maxBytes: Int = 8 << 20
        public var maxDepth: Int = 64
        public init(maxBytes: Int = 8 << 20, maxDepth: Int = 64) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
        }
    }

    /// Why a document could not be parsed, with its 1-based line and column.
    public struct Error: Swift.Error, Equatable, CustomStringConvertible, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private let limits: Limits

    private init(bytes: [UInt8], limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Parses one complete JSON document.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(Error) -> JSONNode {
        var parser = JSONParser(bytes: bytes, limits: limits)
        if bytes.count > limits.maxBytes {
            throw Error(line: 1, column: 1, message: "document is larger than \(limits.maxBytes) bytes")
        }
        // A UTF-8 byte order mark is tolerated at the start of data files written on Windows.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < bytes.count { throw parser.fail("unexpected text after the JSON value") }
        return node
    }

    public static func parse(_ text: String, limits: Limits = Limits()) throws(Error) -> JSONNode {
        try parse(Array(text.utf8), limits: limits)
    }

    private func fail(_ message: String) -> Error {
        Error(line: line, column: index - lineStart + 1, message: message)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Error) -> JSONNode {
        guard depth < limits.maxDepth else { throw fail("nesting deeper than \(limits.maxDepth)") }
        guard index < bytes.count else { throw fail("unexpected end of input, expected a value") }
        let startLine = line
        switch bytes[index] {
        case UInt8(ascii: "{"): return JSONNode(try parseObject(depth: depth), line: startLine)
        case UInt8(ascii: "["): return JSONNode(try parseArray(depth: depth), line: startLine)
        case UInt8(ascii: "\""): return JSONNode(.string(try parseString()), line: startLine)
        case UInt8(ascii: "t"): try expectWord("true"); return JSONNode(.bool(true), line: startLine)
        case UInt8(ascii: "f"): try expectWord("false"); return JSONNode(.bool(false), line: startLine)
        case UInt8(ascii: "n"): try expectWord("null"); return JSONNode(.null, line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(.number(try parseNumber()), line: startLine)
        default:
            throw fail("unexpected character '\(Self.printable(bytes[index]))', expected a value")
        }
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }

    private mutating func expectWord(_ word: String) throws(Error) {
        let expected = Array(word.utf8)
        let count = expected.count
        guard index + count <= bytes.count, bytes[index..<index + count].elementsEqual(expected) else {
            throw fail("invalid literal, expected '\(word)'")
        }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(Error) -> JSONValue {
        index += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw fail("expected a quoted key")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after key") }
            index += 1
            skipWhitespace()
            members.append(JSONMember(key: key, value: try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input inside an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw fail("expected ',' or '}' in object")
        }
    }

    private mutating func parseArray(depth: Int) throws(Error) -> JSONValue {
        index += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input inside an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw fail("expected ',' or ']' in array")
        }
    }

    private mutating func parseString() throws(Error) -> String {
        index += 1
        // Most strings have no escapes: make them straight from the input bytes.
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index += 1
            guard let text = bytes[start..<(index - 1)].withUnsafeBufferPointer(UTF8Validation.string) else { throw fail("string is not valid UTF-8") }
            return text
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = out.withUnsafeBufferPointer(UTF8Validation.string) else { throw fail("string is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw fail("unfinished escape") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &out)
                default: throw fail("invalid escape '\\\(Self.printable(escaped))'")
                }
            case 0x00..<0x20:
                throw fail("control character in string (escape it, or close the quote)")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string")
    }

    private mutating func readHex4() throws(Error) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func appendUnicodeEscape(to out: inout [UInt8]) throws(Error) {
        var code = try readHex4()
        if (0xD800..<0xDC00).contains(code) {
            // A high surrogate must be followed by a low one (RFC 8259 §7).
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail("lone surrogate in \\u escape")
            }
            index += 2
            let low = try readHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(code) {
            throw fail("lone surrogate in \\u escape")
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("invalid code point") }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    private mutating func parseNumber() throws(Error) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ p: inout JSONParser) -> Int {
            var count = 0
            while p.index < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.index]) {
                p.index += 1
                count += 1
            }
            return count
        }
        guard digits(&self) > 0 else { throw fail("invalid number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw fail("invalid number: digits expected after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw fail("invalid number: digits expected in exponent") }
        }
        guard index - start <= 64, let text = String(validating: bytes[start..<index], as: UTF8.self),
              let value = Double(text), value.isFinite
        else { throw fail("number out of range") }
        return value
    }
}
