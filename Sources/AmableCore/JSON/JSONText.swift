import Foundation

/// JSON text of scalars, shared by `JSONValue.serialized()` and the store's hand-written
/// conversation writer (`Conversation.storeJSON()`).
enum JSONText {
    static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` quoted and escaped; runs that need no escaping are copied whole.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { u in
            var run = 0
            var i = 0
            while i < u.count {
                let b = u[i]
                var width = 1
                let escape: StaticString?
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0xE2 where i + 2 < u.count && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9):
                    // U+2028 and U+2029 end lines in JavaScript: escaped for web widgets.
                    escape = u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default: escape = nil
                }
                if let escape {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i]))
                    out.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
                } else if b < 0x20 {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i]))
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hexDigit(b >> 4))
                    out.append(hexDigit(b & 0xF))
                } else {
                    i += 1
                    continue
                }
                i += width
                run = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<u.count]))
        }
        out.append(0x22)
    }

    private static func hexDigit(_ n: UInt8) -> UInt8 { n < 10 ? 0x30 + n : 0x61 + n - 10 }

    static func number(_ n: Double, codingPath: [any CodingKey]) throws -> String {
        guard n.isFinite else {
            throw EncodingError.invalidValue(n, .init(codingPath: codingPath, debugDescription: "\(n) is not a JSON number"))
        }
        return n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    }
}
