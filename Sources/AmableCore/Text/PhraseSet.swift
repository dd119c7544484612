/// A set of folded phrases found in a token stream by first-word look-up (no substring scans),
/// over the `WordIndex` ids of the tokens' words.
struct PhraseSet<Value: Sendable>: Sendable {
    private var byFirst: [Int32: [(rest: [Int32], value: Value)]] = [:]

    /// The phrases' words must be interned in `index` (`WordIndex` interns the lexicon's).
    init(_ phrases: [(String, Value)], index: WordIndex) {
        for (phrase, value) in phrases {
            let words = TextFolding.words(TextFolding.fold(phrase))
            let ids = words.compactMap { index.id(of: $0) }
            guard let first = ids.first, ids.count == words.count else { continue }
            byFirst[first, default: []].append((Array(ids.dropFirst()), value))
        }
    }

    var isEmpty: Bool { byFirst.isEmpty }

    /// Values of every phrase that occurs in `words` (word ids), in order of occurrence.
    func matches(in words: [Int32]) -> [Value] {
        var out: [Value] = []
        guard !byFirst.isEmpty else { return out }
        for (i, w) in words.enumerated() where w >= 0 {
            guard let candidates = byFirst[w] else { continue }
            for c in candidates where i + c.rest.count < words.count {
                if c.rest.isEmpty || words[(i + 1)...(i + c.rest.count)].elementsEqual(c.rest) { out.append(c.value) }
            }
        }
        return out
    }
}
