/// Header fields in the order received, looked up case-insensitively (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public struct Field: Sendable, Equatable {
        /// The name as sent; `lowercasedName` is what lookups compare.
        public var name: String
        public var lowercasedName: String
        public var value: String

        /// Whether the field is called `name`, in any case (compared byte by byte: no string
        /// is made per lookup).
        func isNamed(_ name: String) -> Bool {
            var a = lowercasedName.utf8.makeIterator(), b = name.utf8.makeIterator()
            while true {
                switch (a.next(), b.next()) {
                case (nil, nil): return true
                case (let x?, let y?):
                    if x == asciiLowercase(y) { continue }
                    // A non-ASCII name: Unicode's lowercasing decides, as when the field was added.
                    if x >= 0x80 || y >= 0x80 { return lowercasedName == name.lowercased() }
                    return false
                default: return false
                }
            }
        }
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name, value) }
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, lowercasedName: name.asciiLowercased(), value: value))
    }

    /// Replaces every field named `name` with one holding `value`.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.isNamed(name) }
    }

    /// The first value of the field named `name`.
    public subscript(_ name: String) -> String? {
        fields.first { $0.isNamed(name) }?.value
    }

    /// Every value of `name`, list members split on commas (RFC 9110 §5.3).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.isNamed(name) }.flatMap { field in
            field.value.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        }
    }

    /// Whether the comma-separated field `name` holds `token`, compared case-insensitively
    /// (asked of every request for `Connection: close`: no list is built).
    public func contains(_ name: String, token: String) -> Bool {
        let token = Array(token.asciiLowercased().utf8)
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        for field in fields where field.isNamed(name) {
            for member in field.value.utf8.split(separator: UInt8(ascii: ",")) {
                guard let first = member.firstIndex(where: { !isSpace($0) }), let last = member.lastIndex(where: { !isSpace($0) }) else { continue }
                let trimmed = member[first...last]
                if trimmed.count == token.count,
                   zip(trimmed, token).allSatisfy({ asciiLowercase($0) == $1 }) { return true }
            }
        }
        return false
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

extension String {
    /// Lowercase by bytes when the text is ASCII (header names always are: the parser only
    /// accepts token characters), by Unicode's rules otherwise.
    func asciiLowercased() -> String {
        var needed = false
        for b in utf8 {
            if b >= 0x80 { return lowercased() }
            if b >= 0x41 && b <= 0x5A { needed = true }
        }
        guard needed else { return self }
        return String(decoding: utf8.map(asciiLowercase), as: UTF8.self)
    }
}

/// `A`–`Z` as `a`–`z`; every other byte as it is.
@inline(__always) func asciiLowercase(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
