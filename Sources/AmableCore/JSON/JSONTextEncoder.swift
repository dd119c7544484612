import Foundation

/// Encodes an `Encodable` value as compact JSON text, in the shape `JSONEncoder` gives it
/// (dates as seconds since 1970), about ten times faster: the store encodes every
/// conversation on every turn, and Foundation's encoder was an eighth of a bot turn.
///
/// Keys come out in the order the value encodes them (not sorted). Non-finite numbers are
/// refused, as `JSONEncoder` refuses them.
public enum JSONTextEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let root = try Node.of(value, codingPath: [])
        var out: [UInt8] = []
        out.reserveCapacity(1_024)
        root.write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A value being encoded: JSON text already written for scalars, boxes for containers
    /// (a container handed out earlier may still grow).
    enum Node {
        case text(String)
        case object(ObjectBox)
        case array(ArrayBox)
        case deferred(TreeEncoder)

        static func of<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> Node {
            // Type comparisons, not `as?` casts: this runs for every value of every turn.
            if T.self == String.self { return .text(JSONText.quoted(unsafeBitCast(value, to: String.self))) }
            if T.self == Int.self { return .text(String(unsafeBitCast(value, to: Int.self))) }
            if T.self == Bool.self { return .text(unsafeBitCast(value, to: Bool.self) ? "true" : "false") }
            if T.self == Double.self { return .text(try JSONText.number(unsafeBitCast(value, to: Double.self), codingPath: codingPath)) }
            if T.self == Date.self {
                return .text(try JSONText.number(unsafeBitCast(value, to: Date.self).timeIntervalSince1970, codingPath: codingPath))
            }
            if T.self == URL.self { return .text(JSONText.quoted((value as! URL).absoluteString)) }
            let encoder = TreeEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.node ?? .object(ObjectBox())
        }

        func write(to out: inout [UInt8]) {
            switch self {
            case .text(let t): out.append(contentsOf: t.utf8)
            case .object(let box):
                out.append(0x7B)
                for (i, member) in box.members.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    JSONText.appendQuoted(member.key, to: &out)
                    out.append(0x3A)
                    member.value.write(to: &out)
                }
                out.append(0x7D)
            case .array(let box):
                out.append(0x5B)
                for (i, item) in box.items.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    item.write(to: &out)
                }
                out.append(0x5D)
            case .deferred(let encoder): (encoder.node ?? .object(ObjectBox())).write(to: &out)
            }
        }
    }

    final class ObjectBox {
        var members: [(key: String, value: Node)] = []
    }

    final class ArrayBox {
        var items: [Node] = []
    }

    final class TreeEncoder: Encoder {
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var node: Node?

        init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object(let box)? = node { return KeyedEncodingContainer(Keyed(box: box, codingPath: codingPath)) }
            let box = ObjectBox()
            node = .object(box)
            return KeyedEncodingContainer(Keyed(box: box, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array(let box)? = node { return Unkeyed(box: box, codingPath: codingPath) }
            let box = ArrayBox()
            node = .array(box)
            return Unkeyed(box: box, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ObjectBox
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { box.members.append((key.stringValue, .text("null"))) }
        mutating func encode(_ value: String, forKey key: Key) throws { box.members.append((key.stringValue, .text(JSONText.quoted(value)))) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { box.members.append((key.stringValue, .text(value ? "true" : "false"))) }
        mutating func encode(_ value: Int, forKey key: Key) throws { box.members.append((key.stringValue, .text(String(value)))) }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            box.members.append((key.stringValue, .text(try JSONText.number(value, codingPath: codingPath + [key]))))
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            box.members.append((key.stringValue, try Node.of(value, codingPath: codingPath + [key])))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = ObjectBox()
            box.members.append((key.stringValue, .object(child)))
            return KeyedEncodingContainer(Keyed<NestedKey>(box: child, codingPath: codingPath + [key]))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = ArrayBox()
            box.members.append((key.stringValue, .array(child)))
            return Unkeyed(box: child, codingPath: codingPath + [key])
        }
        mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }
        private func superEncoder(named name: String) -> any Encoder {
            let encoder = TreeEncoder(codingPath: codingPath)
            box.members.append((name, .deferred(encoder)))
            return encoder
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: ArrayBox
        let codingPath: [any CodingKey]
        var count: Int { box.items.count }

        mutating func encodeNil() throws { box.items.append(.text("null")) }
        mutating func encode(_ value: String) throws { box.items.append(.text(JSONText.quoted(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { box.items.append(try Node.of(value, codingPath: codingPath)) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = ObjectBox()
            box.items.append(.object(child))
            return KeyedEncodingContainer(Keyed<NestedKey>(box: child, codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = ArrayBox()
            box.items.append(.array(child))
            return Unkeyed(box: child, codingPath: codingPath)
        }
        mutating func superEncoder() -> any Encoder {
            let encoder = TreeEncoder(codingPath: codingPath)
            box.items.append(.deferred(encoder))
            return encoder
        }
    }

    struct Single: SingleValueEncodingContainer {
        let encoder: TreeEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encodeNil() throws { encoder.node = .text("null") }
        mutating func encode(_ value: String) throws { encoder.node = .text(JSONText.quoted(value)) }
        mutating func encode(_ value: Bool) throws { encoder.node = .text(value ? "true" : "false") }
        mutating func encode(_ value: Int) throws { encoder.node = .text(String(value)) }
        mutating func encode(_ value: Double) throws { encoder.node = .text(try JSONText.number(value, codingPath: codingPath)) }
        mutating func encode<T: Encodable>(_ value: T) throws { encoder.node = try Node.of(value, codingPath: codingPath) }
    }
}

/// JSON text of scalars, shared by the encoder and `JSONValue.serialized()`.
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
