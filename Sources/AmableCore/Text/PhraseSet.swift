/// A set of folded phrases found in a token stream by first-word look-up (no substring scans),
/// over the `WordIndex` ids of the tokens' words.
struct PhraseSet<Value: Sendable>: Sendable {
    /// Phrases by the id of their first word; the words after it are `restWords[rest]`.
    private let byFirst: IDLists<Phrase>
    private let restWords: [Int32]

    private struct Phrase: Sendable {
        var rest: Range<Int>
        var value: Value
    }

    /// The phrases' words must be interned in `index` (`WordIndex` interns the lexicon's).
    init(_ phrases: [(String, Value)], index: WordIndex) {
        var byFirst: [Int32: [Phrase]] = [:]
        var restWords: [Int32] = []
        for (phrase, value) in phrases {
            let words = TextFolding.words(TextFolding.fold(phrase))
            let ids = words.compactMap { index.id(of: $0) }
            guard let first = ids.first, ids.count == words.count else { continue }
            byFirst[first, default: []].append(Phrase(rest: restWords.count..<restWords.count + ids.count - 1, value: value))
            restWords += ids.dropFirst()
        }
        self.byFirst = IDLists(byFirst, count: index.count)
        self.restWords = restWords
    }

    /// Values of every phrase that occurs in `words` (word ids), in order of occurrence.
    func matches(in words: [Int32]) -> [Value] {
        var out: [Value] = []
        for i in words.indices {
            for k in byFirst.range(Int(words[i])) where occurs(k, in: words, at: i) { out.append(byFirst[k].value) }
        }
        return out
    }

    /// True when some phrase occurs in `words`: `matches(in:)` without building the list.
    func occurs(in words: [Int32]) -> Bool {
        for i in words.indices {
            for k in byFirst.range(Int(words[i])) where occurs(k, in: words, at: i) { return true }
        }
        return false
    }

    /// True when phrase `k` (of the bucket of `words[i]`) continues in the words after `i`.
    @inline(__always)
    private func occurs(_ k: Int, in words: [Int32], at i: Int) -> Bool {
        let rest = byFirst[k].rest
        guard i + rest.count < words.count else { return false }
        for j in 0..<rest.count where words[i + 1 + j] != restWords[rest.lowerBound + j] { return false }
        return true
    }
}
