/// A reply text with `{{placeholders}}`, parsed once at load.
public struct Template: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        case placeholder(String)
    }

    let parts: [Part]
    public let source: String

    /// Parses `Hola, soy el asistente de {{shop.name}}.`; an unclosed `{{` is an error.
    public init(_ source: String) throws(Template.Error) {
        self.source = source
        var parts: [Part] = []
        let bytes = Array(source.utf8)
        var text: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
                var j = i + 2
                while j + 1 < bytes.count, !(bytes[j] == UInt8(ascii: "}") && bytes[j + 1] == UInt8(ascii: "}")) { j += 1 }
                guard j + 1 < bytes.count else { throw Error(message: "unclosed {{ in \"\(source)\"") }
                let name = Self.placeholderName(bytes[(i + 2)..<j])
                guard !name.isEmpty, Self.isPlaceholderName(name) else {
                    throw Error(message: "bad placeholder {{\(name)}} in \"\(source)\"")
                }
                if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
                text.removeAll(keepingCapacity: true)
                parts.append(.placeholder(name))
                i = j + 2
            } else {
                text.append(bytes[i])
                i += 1
            }
        }
        if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        self.parts = parts
    }

    public struct Error: Swift.Error, Sendable { public var message: String }

    /// The text between `{{` and `}}` without surrounding spaces (and tabs).
    static func placeholderName(_ bytes: ArraySlice<UInt8>) -> String {
        let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// Letters, digits, `.` and `_` (ASCII checked by bytes; other text by Unicode's properties).
    static func isPlaceholderName(_ name: String) -> Bool {
        for b in name.utf8 {
            if b >= 0x80 { return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" } }
            guard (0x61...0x7A).contains(b) || (0x41...0x5A).contains(b) || (0x30...0x39).contains(b) || b == 0x2E || b == 0x5F else { return false }
        }
        return true
    }

    public var placeholders: [String] {
        parts.compactMap { if case .placeholder(let p) = $0 { p } else { nil } }
    }

    /// Fills placeholders from `values`; a missing value leaves nothing rather than `{{…}}`,
    /// and the caller is told which were missing so tests catch it.
    public func render(_ values: [String: String], missing: inout [String]) -> String {
        render(lookup: { values[$0] }, missing: &missing)
    }

    /// Fills placeholders from `lookup` (asked only for the placeholders this text has).
    public func render(lookup: (String) -> String?, missing: inout [String]) -> String {
        var out = ""
        out.reserveCapacity(source.utf8.count + 32)
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .placeholder(let p):
                if let v = lookup(p) { out += v } else { missing.append(p) }
            }
        }
        return out
    }
}
