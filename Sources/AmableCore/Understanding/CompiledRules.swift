/// Intent rules compiled to stem look-ups: each token lights the groups it belongs to,
/// then each rule checks its groups. Cost grows with the message, not with the rule set.
struct CompiledRules: Sendable {
    struct Rule: Sendable {
        var intent: Int
        var index: Int
        var all: [Int]
        var none: [Int]
        var weight: Double
    }

    private var groupsByStem: [String: [Int]] = [:]
    /// `=word` terms: the folded word exactly, for words whose stem collides (`=mesa`, not `meses`).
    private var groupsByWord: [String: [Int]] = [:]
    private var phrasesByFirstStem: [String: [(rest: [String], group: Int)]] = [:]
    /// `prefix*` terms, indexed by their first (up to) three letters so a token probes a few
    /// buckets instead of testing every prefix.
    private var prefixesByHead: [String: [(prefix: String, group: Int)]] = [:]
    private var groupCount = 0
    private(set) var rules: [Rule] = []
    private let intentCount: Int

    init(intents: [IntentDefinition], lexicon: Lexicon) {
        intentCount = intents.count
        var groupIDs: [[String]: Int] = [:]
        func groupID(_ alternatives: [String]) -> Int {
            if let id = groupIDs[alternatives] { return id }
            let id = groupCount
            groupCount += 1
            groupIDs[alternatives] = id
            for alt in Self.expand(alternatives, lexicon: lexicon) { register(alt, group: id, language: lexicon.language) }
            return id
        }
        for (i, intent) in intents.enumerated() {
            for (r, rule) in intent.rules.enumerated() {
                rules.append(Rule(intent: i, index: r, all: rule.all.map(groupID), none: rule.none.map(groupID), weight: rule.weight))
            }
        }
    }

    /// Replaces `@CONCEPT` by the concept's alternatives (concepts may name other concepts).
    static func expand(_ alternatives: [String], lexicon: Lexicon, depth: Int = 0) -> [String] {
        var out: [String] = []
        for alt in alternatives {
            if alt.hasPrefix("@"), depth < 4, let concept = lexicon.concepts[String(alt.dropFirst())] {
                out += expand(concept, lexicon: lexicon, depth: depth + 1)
            } else if !alt.hasPrefix("@") {
                out.append(alt)
            }
        }
        return out
    }

    private mutating func register(_ alternative: String, group: Int, language: Language) {
        if alternative.hasPrefix("<") {
            groupsByStem[alternative, default: []].append(group)
            return
        }
        if alternative.hasPrefix("=") {
            let word = TextFolding.fold(String(alternative.dropFirst()))
            if !word.isEmpty { groupsByWord[word, default: []].append(group) }
            return
        }
        if alternative.hasSuffix("*") {
            let prefix = TextFolding.fold(String(alternative.dropLast()))
            if !prefix.isEmpty { prefixesByHead[String(prefix.prefix(3)), default: []].append((prefix, group)) }
            return
        }
        let stems = TextFolding.words(TextFolding.fold(alternative)).map { Stemmer.stem($0, language: language) }
        guard let first = stems.first else { return }
        if stems.count == 1 {
            groupsByStem[first, default: []].append(group)
        } else {
            phrasesByFirstStem[first, default: []].append((Array(stems.dropFirst()), group))
        }
    }

    /// The best matched rule's weight for each intent (0 when none matched), and whether a
    /// `none` group of the intent's rules occurred (which also vetoes a match by examples alone).
    func score(_ tokens: [Token]) -> [(weight: Double, rule: Int?, vetoed: Bool)] {
        var lit = [Bool](repeating: false, count: groupCount)
        for (i, token) in tokens.enumerated() where !token.negated {
            if let groups = groupsByStem[token.stem] { for g in groups { lit[g] = true } }
            if let groups = groupsByWord[token.word] { for g in groups { lit[g] = true } }
            if let phrases = phrasesByFirstStem[token.stem] {
                for phrase in phrases where !lit[phrase.group] && Self.matches(phrase.rest, tokens, after: i) {
                    lit[phrase.group] = true
                }
            }
            if !prefixesByHead.isEmpty {
                for headLength in 1...3 where token.word.utf8.count >= headLength {
                    guard let bucket = prefixesByHead[String(token.word.prefix(headLength))] else { continue }
                    for p in bucket where !lit[p.group] && token.word.hasPrefix(p.prefix) { lit[p.group] = true }
                }
            }
        }
        var best = [(weight: Double, rule: Int?, vetoed: Bool)](repeating: (0, nil, false), count: intentCount)
        for rule in rules {
            if rule.none.contains(where: { lit[$0] }) {
                best[rule.intent].vetoed = true
                continue
            }
            if rule.weight > best[rule.intent].weight, rule.all.allSatisfy({ lit[$0] }) {
                best[rule.intent].weight = rule.weight
                best[rule.intent].rule = rule.index
            }
        }
        return best
    }

    /// A phrase matches words in a row within one clause (`not a customer, assistance` is no
    /// "customer assistance").
    private static func matches(_ rest: [String], _ tokens: [Token], after i: Int) -> Bool {
        guard i + rest.count < tokens.count else { return false }
        let clause = tokens[i].clause
        for (k, stem) in rest.enumerated() {
            let t = tokens[i + 1 + k]
            if t.stem != stem || t.negated || t.clause != clause { return false }
        }
        return true
    }
}
