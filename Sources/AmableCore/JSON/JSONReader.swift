/// Reads typed fields out of a `JSONNode`, collecting problems with file, line and path.
///
/// Decoding never stops at the first problem: `amable check` must list them all.
public final class JSONReader {
    public let file: String
    public private(set) var problems: [DataProblem] = []

    public init(file: String) { self.file = file }

    public func problem(_ message: String, at node: JSONNode?, path: String) {
        let prefix = path.isEmpty ? "" : "\(path): "
        problems.append(DataProblem(file: file, line: node?.line, message: prefix + message))
    }

    /// `path` is built only for a problem: lists of thousands of strings (known words) spent
    /// most of their decoding on paths never shown.
    public func string(_ node: JSONNode?, _ path: @autoclosure () -> String, required: Bool = true, nonEmpty: Bool = true) -> String? {
        guard let node, !node.isNull else {
            if required { problem("missing (expected a string)", at: node, path: path()) }
            return nil
        }
        guard let s = node.string else {
            problem("expected a string, got \(node.typeName)", at: node, path: path())
            return nil
        }
        // A string starting with a printable ASCII character is not blank (nearly all of them).
        if nonEmpty, !(s.utf8.first.map { $0 > 0x20 && $0 < 0x7F } ?? false), s.allSatisfy(\.isWhitespace) {
            problem("is empty", at: node, path: path())
            return nil
        }
        return s
    }

    public func number(_ node: JSONNode?, _ path: String, required: Bool = true, range: ClosedRange<Double>? = nil) -> Double? {
        guard let node, !node.isNull else {
            if required { problem("missing (expected a number)", at: node, path: path) }
            return nil
        }
        guard let n = node.number else {
            problem("expected a number, got \(node.typeName)", at: node, path: path)
            return nil
        }
        if let range, !range.contains(n) {
            problem("\(n) is out of range \(range.lowerBound)…\(range.upperBound)", at: node, path: path)
            return nil
        }
        return n
    }

    public func bool(_ node: JSONNode?, _ path: String, required: Bool = true) -> Bool? {
        guard let node, !node.isNull else {
            if required { problem("missing (expected true or false)", at: node, path: path) }
            return nil
        }
        guard let b = node.bool else {
            problem("expected true or false, got \(node.typeName)", at: node, path: path)
            return nil
        }
        return b
    }

    public func array(_ node: JSONNode?, _ path: String, required: Bool = true, nonEmpty: Bool = false) -> [JSONNode]? {
        guard let node, !node.isNull else {
            if required { problem("missing (expected an array)", at: node, path: path) }
            return nil
        }
        guard let a = node.array else {
            problem("expected an array, got \(node.typeName)", at: node, path: path)
            return nil
        }
        if nonEmpty, a.isEmpty { problem("is empty", at: node, path: path) }
        return a
    }

    public func object(_ node: JSONNode?, _ path: String, required: Bool = true) -> [JSONMember]? {
        guard let node, !node.isNull else {
            if required { problem("missing (expected an object)", at: node, path: path) }
            return nil
        }
        guard let m = node.members else {
            problem("expected an object, got \(node.typeName)", at: node, path: path)
            return nil
        }
        return m
    }

    /// A list of strings; each bad element is reported with its index.
    public func strings(_ node: JSONNode?, _ path: String, required: Bool = true, nonEmpty: Bool = false) -> [String] {
        guard let items = array(node, path, required: required, nonEmpty: nonEmpty) else { return [] }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if let s = string(item, "\(path)[\(i)]") { out.append(s) }
        }
        return out
    }

    /// An object whose values are all strings.
    public func stringMap(_ node: JSONNode?, _ path: String, required: Bool = false) -> [(String, String)] {
        guard let members = object(node, path, required: required) else { return [] }
        var out: [(String, String)] = []
        for m in members {
            if let s = string(m.value, "\(path).\(m.key)") { out.append((m.key, s)) }
        }
        return out
    }

    /// Reports keys that are not in `known`: a typo in a data file should not pass silently.
    public func rejectUnknownKeys(_ members: [JSONMember], known: Set<String>, path: String) {
        for m in members where !known.contains(m.key) {
            let place = path.isEmpty ? "" : "\(path): "
            problems.append(DataProblem(file: file, line: m.value.line, message: "\(place)unknown key \"\(m.key)\""))
        }
    }
}
