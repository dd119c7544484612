/// Intent rules compiled to stem look-ups: each token lights the groups it belongs to,
/// then each rule checks its groups. Cost grows with the message, not with the rule set.
struct CompiledRules: Sendable {
    private struct PrefixTerm {
        var bytes: Range<Int>
        var group: Int32
    }

    /// A phrase term by its first stem: the stems after it are `phraseStems[rest]`, the first
    /// of them `second` (a bucket is sorted by it, so a token looks only at phrases its
    /// successor can continue).
    private struct Phrase {
        var second: Int32
        var rest: Range<Int>
        var group: Int32
    }

    /// A rule's groups are ranges of `ruleGroups`: plain values, so scoring touches no
    /// reference counts.
    struct Rule: Sendable {
        var intent: Int
        var index: Int
        var all: Range<Int>
        var none: Range<Int>
        var weight: Double
    }

    /// Groups lit by a token, by the id of its stem (`groupsByStem`) or of its word
    /// (`groupsByWord`), in `WordIndex` ids. A word's list holds its `=word` terms (for words
    /// whose stem collides: `=mesa`, not `meses`) and, once `indexPrefixes(of:)` has run, the
    /// `prefix*` terms it starts with, so a token reads its word's bytes only when the word has
    /// no id (or an id given after that).
    private var groupsByStem = IDLists<Int32>([:], count: 0)
    private var groupsByWord = IDLists<Int32>([:], count: 0)
    /// Words `0..<prefixedWords` have their prefix terms in `groupsByWord`.
    private var prefixedWords = 0
    private var phrasesByFirstStem = IDLists<Phrase>([:], count: 0)
    /// The stems of phrases after their first, end to end (many phrases share a first stem,
    /// and following a pointer per phrase cost more than comparing its stems).
    private var phraseStems: [Int32] = []
    /// `prefix*` terms by their first byte, so a word tests a few prefixes instead of all;
    /// each prefix is a range of `prefixBytes`.
    private var prefixesByHead = IDLists<PrefixTerm>([:], count: 0)
    private var prefixBytes: [UInt8] = []
    private var groupCount = 0
    private(set) var rules: [Rule] = []
    private var ruleGroups: [Int32] = []
    /// The rules each group occurs in (`all` or `none`), by group. Only rules with a lit group
    /// can match or be vetoed, so scoring looks at those alone.
    private var rulesOfGroup = IDLists<Int32>([:], count: 0)
    private let intentCount: Int

    /// Compiles the rules, interning every word and stem they name into `index`.
    init(intents: [IntentDefinition], lexicon: Lexicon, index: inout WordIndex) {
        intentCount = intents.count
        var groupIDs: [[String]: Int] = [:]
        var byStem: [Int32: [Int32]] = [:], byWord: [Int32: [Int32]] = [:]
        var phrases: [Int32: [Phrase]] = [:], prefixes: [Int32: [PrefixTerm]] = [:]
        // Concepts recur in many groups: each alternative is parsed (folded, stemmed, interned)
        // once, and each concept expanded once per nesting depth.
        var compiled: [String: Compiled?] = [:]
        var concepts: [ConceptKey: [Compiled]] = [:]
        func compile(_ alternative: String) -> Compiled? {
            if let known = compiled[alternative] { return known }
            var c: Compiled?
            switch Term(alternative, language: lexicon.language) {
            case .stem(let stem): c = .stem(index.intern(stem))
            case .word(let word): c = .word(index.intern(word))
            case .prefix(let prefix):
                c = .prefix(head: Int32(prefix[0]), bytes: prefixBytes.count..<prefixBytes.count + prefix.count)
                prefixBytes += prefix
            case .phrase(let first, let rest):
                let stems = rest.map { index.intern($0) }
                c = .phrase(first: index.intern(first), second: stems[0], rest: phraseStems.count..<phraseStems.count + stems.count)
                phraseStems += stems
            case nil: c = nil
            }
            compiled[alternative] = c
            return c
        }
        /// Replaces `@CONCEPT` by the concept's alternatives (concepts may name other concepts,
        /// four deep at most; an unknown or too deep concept stands for nothing).
        func expand(_ alternatives: [String], depth: Int) -> [Compiled] {
            var out: [Compiled] = []
            for alternative in alternatives {
                guard alternative.hasPrefix("@") else {
                    if let c = compile(alternative) { out.append(c) }
                    continue
                }
                let name = String(alternative.dropFirst())
                guard depth < 4, let concept = lexicon.concepts[name] else { continue }
                let key = ConceptKey(name: name, depth: depth + 1)
                if let known = concepts[key] { out += known } else {
                    let expanded = expand(concept, depth: depth + 1)
                    concepts[key] = expanded
                    out += expanded
                }
            }
            return out
        }
        func groupID(_ alternatives: [String]) -> Int {
            if let id = groupIDs[alternatives] { return id }
            let id = groupCount
            groupCount += 1
            groupIDs[alternatives] = id
            let group = Int32(id)
            for term in expand(alternatives, depth: 0) {
                switch term {
                case .stem(let stem): byStem[stem, default: []].append(group)
                case .word(let word): byWord[word, default: []].append(group)
                case .prefix(let head, let bytes): prefixes[head, default: []].append(PrefixTerm(bytes: bytes, group: group))
                case .phrase(let first, let second, let rest): phrases[first, default: []].append(Phrase(second: second, rest: rest, group: group))
                }
            }
            return id
        }
        for (i, intent) in intents.enumerated() {
            for (r, rule) in intent.rules.enumerated() {
                let all = rule.all.map { Int32(groupID($0)) }, none = rule.none.map { Int32(groupID($0)) }
                let start = ruleGroups.count
                ruleGroups += all + none
                rules.append(Rule(intent: i, index: r, all: start..<start + all.count, none: start + all.count..<ruleGroups.count,
                                  weight: rule.weight))
            }
        }
        var byGroup: [Int32: [Int32]] = [:]
        for (r, rule) in rules.enumerated() {
            for k in rule.all.lowerBound..<rule.none.upperBound where byGroup[ruleGroups[k]]?.last != Int32(r) {
                byGroup[ruleGroups[k], default: []].append(Int32(r))
            }
        }
        rulesOfGroup = IDLists(byGroup, count: groupCount)
        prefixesByHead = IDLists(prefixes, count: 256)
        groupsByStem = IDLists(byStem, count: index.count)
        groupsByWord = IDLists(byWord, count: index.count)
        phrasesByFirstStem = IDLists(phrases.mapValues { $0.sorted { $0.second < $1.second } }, count: index.count)
    }

    /// An alternative parsed and interned, as groups register it.
    private enum Compiled {
        case stem(Int32)
        case word(Int32)
        case prefix(head: Int32, bytes: Range<Int>)
        case phrase(first: Int32, second: Int32, rest: Range<Int>)
    }

    private struct ConceptKey: Hashable {
        var name: String
        var depth: Int
    }

    /// One alternative of a rule group, as the token streams are searched for it.
    enum Term: Equatable {
        /// `<order_number>` placeholders and single words, by stem.
        case stem(String)
        /// `=word`: the folded word exactly.
        case word(String)
        /// `prefix*`: any word starting with these folded bytes.
        case prefix([UInt8])
        /// Several words in a row, by stem.
        case phrase(first: String, rest: [String])

        init?(_ alternative: String, language: Language) {
            if alternative.hasPrefix("<") {
                self = .stem(alternative)
            } else if alternative.hasPrefix("=") {
                let word = TextFolding.fold(String(alternative.dropFirst()))
                guard !word.isEmpty else { return nil }
                self = .word(word)
            } else if alternative.hasSuffix("*") {
                let prefix = TextFolding.fold(String(alternative.dropLast()))
                guard !prefix.isEmpty else { return nil }
                self = .prefix(Array(prefix.utf8))
            } else {
                let stems = TextFolding.words(TextFolding.fold(alternative)).map { Stemmer.stem($0, language: language) }
                guard let first = stems.first else { return nil }
                self = stems.count == 1 ? .stem(first) : .phrase(first: first, rest: Array(stems.dropFirst()))
            }
        }
    }

    /// An intent's best matched rule (weight 0, no rule: none matched). Named types, not
    /// tuples, in the per-message path: an array of tuples looks its type up at run time.
    struct Score {
        var weight = 0.0
        var rule: Int?
        /// A `none` group of one of the intent's rules occurred.
        var vetoed = false
    }

    /// Adds to each word's list the `prefix*` terms it starts with, for every word of `index`
    /// (call once every word the matcher compares is interned: later words are still matched,
    /// by their bytes).
    mutating func indexPrefixes(of index: WordIndex) {
        precondition(prefixedWords == 0, "prefixes are indexed once")
        let terms = groupsByWord // `=word` terms alone, by the ids known when compiling
        let hasPrefixes = !prefixBytes.isEmpty
        groupsByWord = IDLists(count: index.count) { id, out in
            for k in terms.range(id) { out.append(terms[k]) }
            if hasPrefixes { index.withBytes(of: Int32(id)) { w in forEachPrefix(of: w) { out.append($0) } } }
        }
        prefixedWords = index.count
    }

    /// The best matched rule's weight for each intent (0 when none matched), and whether a
    /// `none` group of the intent's rules occurred (which also vetoes a match by examples alone).
    func score(_ tokens: ArraySlice<Token>) -> [Score] {
        withScores(tokens) { Array($0) }
    }

    /// Calls `body` with the scores `score(_:)` returns, in memory of the call's own: scoring
    /// allocates nothing on the heap (messages are scored once per clause, too).
    func withScores<R>(_ tokens: ArraySlice<Token>, _ body: (UnsafeMutableBufferPointer<Score>) -> R) -> R {
        let litWords = (groupCount + 63) / 64, ruleWords = (rules.count + 63) / 64
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: litWords + ruleWords) { bits in
            bits.initialize(repeating: 0)
            var lit = LitGroups(groups: UnsafeMutableBufferPointer(rebasing: bits[..<litWords]),
                                rules: UnsafeMutableBufferPointer(rebasing: bits[litWords...]))
            // Fields are read in place: copying a `Token` retains its three strings.
            for i in tokens.indices where !tokens[i].negated {
                let stem = Int(tokens[i].stemID), word = Int(tokens[i].wordID)
                for k in groupsByStem.range(stem) { light(groupsByStem[k], &lit) }
                let phrases = phrasesByFirstStem.range(stem)
                if i + 1 < tokens.endIndex, !phrases.isEmpty { lightPhrases(phrases, in: tokens, at: i, lit: &lit) }
                for k in groupsByWord.range(word) { light(groupsByWord[k], &lit) }
                if word < 0 || word >= prefixedWords, !prefixBytes.isEmpty {
                    var text = tokens[i].word
                    text.withUTF8 { w in forEachPrefix(of: w) { light($0, &lit) } }
                }
            }
            return withUnsafeTemporaryAllocation(of: Score.self, capacity: intentCount) { best in
                best.initialize(repeating: Score())
                // The best rule of an intent is the first of its highest weight among the rules
                // that match and are not vetoed: rules are looked at in file order, as compiled.
                for w in 0..<ruleWords {
                    var word = lit.rules[w]
                    while word != 0 {
                        let r = w * 64 + word.trailingZeroBitCount
                        word &= word - 1
                        let rule = rules[r]
                        if rule.none.contains(where: { lit[ruleGroups[$0]] }) {
                            best[rule.intent].vetoed = true
                            continue
                        }
                        if rule.weight > best[rule.intent].weight, rule.all.allSatisfy({ lit[ruleGroups[$0]] }) {
                            best[rule.intent].weight = rule.weight
                            best[rule.intent].rule = rule.index
                        }
                    }
                }
                return body(best)
            }
        }
    }

    /// Lights `group` and marks the rules it occurs in as candidates.
    @inline(__always)
    private func light(_ group: Int32, _ lit: inout LitGroups) {
        guard lit.light(group) else { return }
        for k in rulesOfGroup.range(Int(group)) { lit.markRule(rulesOfGroup[k]) }
    }

    /// Lights the phrases of `bucket` (those starting with the stem of token `i`) that follow.
    private func lightPhrases(_ bucket: Range<Int>, in tokens: ArraySlice<Token>, at i: Int, lit: inout LitGroups) {
        let next = tokens[i + 1].stemID
        var k = bucket.lowerBound, end = bucket.upperBound
        while k < end {
            let mid = (k + end) / 2
            if phrasesByFirstStem[mid].second < next { k = mid + 1 } else { end = mid }
        }
        while k < bucket.upperBound, phrasesByFirstStem[k].second == next {
            let phrase = phrasesByFirstStem[k]
            if !lit[phrase.group], matches(phrase.rest, tokens, after: i) { light(phrase.group, &lit) }
            k += 1
        }
    }

    /// The groups a message lights and the rules they occur in, as bit sets in memory the
    /// caller owns (zeroed before scoring).
    private struct LitGroups {
        let groups: UnsafeMutableBufferPointer<UInt64>
        let rules: UnsafeMutableBufferPointer<UInt64>

        subscript(group: Int32) -> Bool { groups[Int(group) >> 6] & (1 << UInt64(group & 63)) != 0 }

        /// Lights `group`; false when it was lit already.
        @inline(__always)
        func light(_ group: Int32) -> Bool {
            let bit: UInt64 = 1 << UInt64(group & 63), w = Int(group) >> 6
            guard groups[w] & bit == 0 else { return false }
            groups[w] |= bit
            return true
        }

        @inline(__always)
        func markRule(_ rule: Int32) { rules[Int(rule) >> 6] |= 1 << UInt64(rule & 63) }
    }

    /// Calls `body` with the group of each `prefix*` term `word` (UTF-8 bytes) starts with.
    private func forEachPrefix(of w: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Void) {
        guard let head = w.first else { return }
        for k in prefixesByHead.range(Int(head)) where prefixesByHead[k].bytes.count <= w.count {
            let p = prefixesByHead[k]
            var i = 0
            while i < p.bytes.count, prefixBytes[p.bytes.lowerBound + i] == w[i] { i += 1 }
            if i == p.bytes.count { body(p.group) }
        }
    }

    /// A phrase matches words in a row within one clause (`not a customer, assistance` is no
    /// "customer assistance").
    private func matches(_ rest: Range<Int>, _ tokens: ArraySlice<Token>, after i: Int) -> Bool {
        guard i + rest.count < tokens.endIndex else { return false }
        let clause = tokens[i].clause
        for (k, stem) in phraseStems[rest].enumerated() {
            let j = i + 1 + k
            if tokens[j].stemID != stem || tokens[j].negated || tokens[j].clause != clause { return false }
        }
        return true
    }
}
