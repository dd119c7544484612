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
        for (i, w) in words.enumerated() {
            for k in byFirst.range(Int(w)) {
                let rest = byFirst[k].rest
                if i + rest.count < words.count, words[(i + 1)..<(i + 1 + rest.count)].elementsEqual(restWords[rest]) {
                    out.append(byFirst[k].value)
                }
            }
        }
        return out
    }
}
