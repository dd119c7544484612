/// Serializes `JSONValue` compactly, keys in the order given, for JSONL and HTTP bodies.
extension JSONValue {
    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, for a body that goes on the wire as it is.
    public func serializedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            // Non-finite numbers have no JSON form; null is what JSON.stringify writes for them.
            out.append(contentsOf: ((try? JSONText.number(n, codingPath: [])) ?? "null").utf8)
        case .string(let s): JSONText.appendQuoted(s, to: &out)
        case .array(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                item.value.write(to: &out)
            }
            out.append(0x5D)
        case .object(let members):
            out.append(0x7B)
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(0x2C) }
                JSONText.appendQuoted(member.key, to: &out)
                out.append(0x3A)
                member.value.value.write(to: &out)
            }
            out.append(0x7D)
        }
    }
}

/// Small builders so code that emits JSON reads like the JSON it emits.
extension JSONValue {
    public static func obj(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { JSONMember(key: $0.0, value: JSONNode($0.1)) })
    }
    public static func arr(_ items: [JSONValue]) -> JSONValue { .array(items.map { JSONNode($0) }) }
    public static func str(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    public static func num(_ n: Double) -> JSONValue { .number(n) }
    public static func int(_ n: Int) -> JSONValue { .number(Double(n)) }
}
