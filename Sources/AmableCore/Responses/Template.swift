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
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else { throw Error(message: "unclosed {{ in \"\(source)\"") }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) else {
                throw Error(message: "bad placeholder {{\(name)}} in \"\(source)\"")
            }
            parts.append(.placeholder(name))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    public struct Error: Swift.Error, Sendable { public var message: String }

    public var placeholders: [String] {
        parts.compactMap { if case .placeholder(let p) = $0 { p } else { nil } }
    }

    /// Fills placeholders from `values`; a missing value leaves nothing rather than `{{…}}`,
    /// and the caller is told which were missing so tests catch it.
    public func render(_ values: [String: String], missing: inout [String]) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .placeholder(let p):
                if let v = values[p] { out += v } else { missing.append(p) }
            }
        }
        return out
    }
}
