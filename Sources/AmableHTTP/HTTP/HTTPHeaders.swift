/// Header fields in the order received, looked up case-insensitively (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public struct Field: Sendable, Equatable {
        /// The name as sent; `lowercasedName` is what lookups compare.
        public var name: String
        public var lowercasedName: String
        public var value: String
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name, value) }
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, lowercasedName: name.lowercased(), value: value))
    }

    /// Replaces every field named `name` with one holding `value`.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        let lower = name.lowercased()
        fields.removeAll { $0.lowercasedName == lower }
    }

    /// The first value of the field named `name`.
    public subscript(_ name: String) -> String? {
        let lower = name.lowercased()
        return fields.first { $0.lowercasedName == lower }?.value
    }

    /// Every value of `name`, list members split on commas (RFC 9110 §5.3).
    public func values(_ name: String) -> [String] {
        let lower = name.lowercased()
        return fields.filter { $0.lowercasedName == lower }.flatMap { field in
            field.value.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        }
    }

    /// Whether the comma-separated field `name` holds `token`, compared case-insensitively.
    public func contains(_ name: String, token: String) -> Bool {
        let token = token.lowercased()
        return values(name).contains { $0.lowercased() == token }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
