/// A set of folded phrases found in a token stream by first-word look-up (no substring scans).
public struct PhraseSet<Value: Sendable>: Sendable {
    private var byFirst: [String: [(rest: [String], value: Value)]] = [:]

    public init(_ phrases: [(String, Value)]) {
        for (phrase, value) in phrases {
            let words = TextFolding.words(TextFolding.fold(phrase))
            guard let first = words.first else { continue }
            byFirst[first, default: []].append((Array(words.dropFirst()), value))
        }
    }

    public var isEmpty: Bool { byFirst.isEmpty }

    /// Values of every phrase that occurs in `words`, in order of occurrence.
    public func matches(in words: [String]) -> [Value] {
        var out: [Value] = []
        for (i, w) in words.enumerated() {
            guard let candidates = byFirst[w] else { continue }
            for c in candidates where i + c.rest.count < words.count {
                if c.rest.isEmpty || words[(i + 1)...(i + c.rest.count)].elementsEqual(c.rest) { out.append(c.value) }
            }
        }
        return out
    }
}
