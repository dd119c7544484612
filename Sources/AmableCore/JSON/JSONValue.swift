/// A parsed JSON value that remembers the line it started on, so data errors can say where.
///
/// Amable parses its own data files and HTTP bodies with this small parser instead of
/// `JSONSerialization` because every error must name the file and line
/// (`Intents/es/track_order.json:12: examples[3] is empty`), and because input from outside
/// must be bounded (depth, size) before any allocation grows with it.
/// Not `indirect`: arrays and objects hold their elements in arrays already, so no case needs
/// a box of its own (one allocation per string and number less when parsing data files).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])
}

/// One JSON value plus the 1-based line where it starts.
public struct JSONNode: Sendable, Equatable {
    public var value: JSONValue
    public var line: Int

    public init(_ value: JSONValue, line: Int = 0) {
        self.value = value
        self.line = line
    }

    public var string: String? { if case .string(let s) = value { s } else { nil } }
    public var number: Double? { if case .number(let n) = value { n } else { nil } }
    public var bool: Bool? { if case .bool(let b) = value { b } else { nil } }
    public var array: [JSONNode]? { if case .array(let a) = value { a } else { nil } }
    public var members: [JSONMember]? { if case .object(let m) = value { m } else { nil } }
    public var isNull: Bool { if case .null = value { true } else { false } }

    /// The member named `key` of an object (the last one wins, as in most parsers).
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// A short name of the value's type, for error messages.
    public var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"key": value` pair of an object, in file order.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONNode
    public init(key: String, value: JSONNode) {
        self.key = key
        self.value = value
    }
}
