/// An intent with a confidence in 0…1.
public struct ScoredIntent: Sendable, Equatable {
    public var intent: String
    public var confidence: Double
    public init(intent: String, confidence: Double) {
        self.intent = intent
        self.confidence = confidence
    }
}

/// Why an intent won: the rule and the nearest example, after which normalisations.
public struct Explanation: Sendable, Equatable {
    public var notes: [String] = []
    public var rule: String?
    public var ruleFile: String?
    public var example: String?
    public var exampleSimilarity: Double = 0
    public var tokens: [String] = []
}

/// The matcher's verdict on one message in one language.
public struct Classification: Sendable {
    public static let outOfScope = "out_of_scope"

    /// The winning intent, or `out_of_scope`.
    public var intent: String
    public var confidence: Double
    /// Other candidates, best first (never includes `intent`).
    public var alternatives: [ScoredIntent]
    /// Social intents and second requests that came with the main one, in answering order.
    public var also: [String]
    /// True when the top two are too close to choose between.
    public var ambiguous: Bool
    public var explanation: Explanation
    public var normalized: NormalizedText
}

/// Matches a message against one language's intents by rules and nearest examples.
///
/// Rules give precision (`@CANCEL + @ORDER − fee`): they are general statements of how
/// customers ask for a thing. Examples give recall for phrasings no rule foresaw, through
/// TF-IDF cosine similarity over stems and stem bigrams. Built once from data, then immutable.
public struct IntentMatcher: Sendable {
    public let language: Language
    public let settings: MatcherSettings
    public let normalizer: Normalizer
    let intents: [IntentDefinition]
    /// Each intent's name and kind, by index: reading them from `intents` copies (and retains)
    /// the whole definition, per intent and per message.
    private let names: [String]
    private let kinds: [IntentDefinition.Kind]
    let rules: CompiledRules
    let examples: ExampleIndex

    public var intentNames: [String] { intents.map(\.name) }
    public func definition(of name: String) -> IntentDefinition? { intents.first { $0.name == name } }

    public init(language: Language, lexicon: Lexicon, settings: MatcherSettings, intents: [IntentDefinition]) {
        self.language = language
        self.settings = settings
        self.intents = intents
        names = intents.map(\.name)
        kinds = intents.map(\.kind)
        var vocabulary = Vocabulary(language: language)
        for intent in intents {
            for example in intent.examples {
                for w in TextFolding.words(TextFolding.fold(example)) { vocabulary.add(w) }
            }
            for rule in intent.rules {
                for alt in (rule.all + rule.none).joined() where !alt.hasPrefix("@") && !alt.hasSuffix("*") && !alt.hasPrefix("<") {
                    let alt = alt.hasPrefix("=") ? String(alt.dropFirst()) : alt
                    for w in TextFolding.words(TextFolding.fold(alt)) { vocabulary.add(w, count: 2) }
                }
            }
        }
        for alt in lexicon.concepts.values.joined() where !alt.hasSuffix("*") && !alt.hasPrefix("<") {
            let alt = alt.hasPrefix("=") ? String(alt.dropFirst()) : alt
            for w in TextFolding.words(TextFolding.fold(alt)) { vocabulary.add(w, count: 2) }
        }
        let lexiconWords = lexicon.stopwords.union(lexicon.negations).union(lexicon.desireVerbs).union(lexicon.contrast)
            .union(lexicon.slang.values.joined()).union(lexicon.places.keys.flatMap { TextFolding.words($0) })
            .union(lexicon.mood.insults).union(lexicon.mood.negative).union(lexicon.mood.positive).union(lexicon.markers)
        for w in lexiconWords { vocabulary.add(w) }
        vocabulary.seal()
        var index = WordIndex(lexicon: lexicon, vocabulary: vocabulary)
        var rules = CompiledRules(intents: intents, lexicon: lexicon, index: &index)
        // Examples are normalised like messages; their stems join the index before it is final.
        let exampleTokens = ExampleIndex.tokens(of: intents, normalizer: Normalizer(lexicon: lexicon, vocabulary: vocabulary, index: index))
        for token in exampleTokens.joined() { index.intern(token.stem) }
        rules.indexPrefixes(of: index)
        self.rules = rules
        normalizer = Normalizer(lexicon: lexicon, vocabulary: vocabulary, index: index)
        examples = ExampleIndex(intents: intents, tokens: exampleTokens, index: index)
    }

    /// Classifies one message. `entities` are the spans already found in `text`.
    public func classify(_ text: String, entities: [EntityExtractor.Span] = [], explain: Bool = false) -> Classification {
        let normalized = normalizer.normalize(text, entities: entities, explain: explain)
        var result = classify(normalized: normalized, explain: explain)
        addSecondaryRequests(to: &result, normalized: normalized)
        return result
    }

    /// An intent's confidence from its best rule (weight 0: none matched) and its nearest example.
    private func confidence(_ rule: CompiledRules.Score, similarity s: Double) -> Double {
        Self.confidence(rule, similarity: s, settings: settings)
    }

    private static func confidence(_ rule: CompiledRules.Score, similarity s: Double, settings: MatcherSettings) -> Double {
        let r = rule.weight
        // A `none` word of the intent's rules (`dmv`, `vuelo`) also stops a match by examples alone.
        return r > 0
            ? min(1, settings.ruleWeight * r + settings.exampleWeight * max(s, r * 0.5))
            : rule.vetoed ? 0 : settings.exampleOnlyFactor * s
    }

    /// An intent's place in the ranking: by confidence, then nearest example, then file order.
    private struct Rank {
        var confidence: Double
        var similarity: Double
        var intent: Int

        static func precedes(_ a: Rank, _ b: Rank) -> Bool {
            if a.confidence != b.confidence { return a.confidence > b.confidence }
            if a.similarity != b.similarity { return a.similarity > b.similarity }
            return a.intent < b.intent
        }

        /// Inserts `rank` in `best` (in ranking order) if it is among the first `keeping`.
        static func insert(_ rank: Rank, into best: inout [Rank], keeping: Int) {
            if best.count == keeping {
                guard precedes(rank, best[keeping - 1]) else { return }
                best[keeping - 1] = rank
            } else {
                best.append(rank)
            }
            // Moved up past those it precedes (`Array.insert` cost more than the comparisons).
            var at = best.count - 1
            while at > 0, precedes(best[at], best[at - 1]) {
                best.swapAt(at, at - 1)
                at -= 1
            }
        }
    }

    func classify(normalized: NormalizedText, explain: Bool) -> Classification {
        let tokens = normalized.tokens
        let ruleScores = rules.score(tokens[...])
        let similar = examples.nearest(tokens)
        let scores = intents.indices.map { confidence(ruleScores[$0], similarity: similar[$0].similarity) }
        func scored(_ i: Int) -> ScoredIntent { ScoredIntent(intent: names[i], confidence: scores[i]) }
        // Ties go to the intent whose nearest example is closer, then to file order: never arbitrary.
        // Only the head of the ranking is used: the best four overall (the winner and three
        // alternatives), the best two tasks (winner and runner-up), and the social intents a
        // rule matched, so those are picked in one pass instead of sorting every intent.
        var top: [Rank] = [], topTasks: [Rank] = [], matchedSocial: [Rank] = []
        top.reserveCapacity(5)
        topTasks.reserveCapacity(3)
        for i in intents.indices {
            let rank = Rank(confidence: scores[i], similarity: similar[i].similarity, intent: i)
            Rank.insert(rank, into: &top, keeping: 4)
            if kinds[i] == .task {
                Rank.insert(rank, into: &topTasks, keeping: 2)
            } else if ruleScores[i].weight > 0, scores[i] >= settings.threshold {
                matchedSocial.append(rank)
            }
        }
        let order = top.map(\.intent)
        let taskOrder = topTasks.map(\.intent)
        let socialOrder = matchedSocial.sorted(by: Rank.precedes).map(\.intent)

        var winner: Int?
        var also: [String] = []
        if let best = taskOrder.first, scores[best] >= settings.threshold {
            winner = best
            // Social words that came with the request are answered too (`hola, …`, `…, gracias`).
            for s in socialOrder where ruleScores[s].weight > 0 && scores[s] >= settings.threshold {
                also.append(names[s])
            }
        } else if let best = order.first, scores[best] >= settings.threshold {
            winner = best
        }

        var explanation = Explanation()
        if explain {
            explanation.notes = normalized.notes
            explanation.tokens = tokens.map { t in
                (t.negated ? "¬" : "") + (t.word == t.typed ? t.stem : "\(t.typed)→\(t.stem)")
            }
        }
        guard let winner else {
            if explain, let best = order.first {
                explanation.rule = ruleScores[best].rule.map { intents[best].rules[$0].source }
                explanation.example = similar[best].example.map { examples.text(of: $0) }
                explanation.exampleSimilarity = similar[best].similarity
            }
            let alternatives = order.prefix(3).map(scored).filter { $0.confidence > 0.05 }
            return Classification(intent: Classification.outOfScope, confidence: 1 - (alternatives.first?.confidence ?? 0),
                                  alternatives: alternatives, also: [], ambiguous: false, explanation: explanation,
                                  normalized: normalized)
        }
        if explain {
            explanation.rule = ruleScores[winner].rule.map { intents[winner].rules[$0].source }
            explanation.ruleFile = ruleScores[winner].rule.map { "\(intents[winner].file):\(intents[winner].rules[$0].line)" }
            explanation.example = similar[winner].example.map { examples.text(of: $0) }
            explanation.exampleSimilarity = similar[winner].similarity
        }
        let alternatives = order.lazy.filter { $0 != winner }.prefix(3).map(scored).filter { $0.confidence > 0.05 }
        let runnerUp = kinds[winner] == .task ? taskOrder.dropFirst().first : nil
        let ambiguous = runnerUp.map {
            scores[$0] >= settings.threshold && scores[winner] - scores[$0] < settings.ambiguityMargin
        } ?? false
        let orderedAlso = also.filter { $0 == "greet" } + also.filter { $0 != "greet" }
        return Classification(intent: names[winner], confidence: scores[winner],
                              alternatives: Array(alternatives), also: orderedAlso, ambiguous: ambiguous,
                              explanation: explanation, normalized: normalized)
    }

    /// `quiero cancelar el pedido. y cuándo me devolvéis el dinero?`: a second clause that is
    /// confidently another request is reported in `also`, after the main one.
    private func addSecondaryRequests(to result: inout Classification, normalized: NormalizedText) {
        guard result.intent != Classification.outOfScope else { return }
        // Clauses split at punctuation, and also at `y`/`and` inside a sentence.
        let all = normalized.tokens
        var clauses: [ArraySlice<Token>] = []
        var start = 0
        for i in all.indices.dropFirst() where all[i].clause != all[i - 1].clause || normalizer.index.has(.conjunction, all[i].wordID) {
            clauses.append(all[start..<i])
            start = i
        }
        guard !clauses.isEmpty else { return }
        clauses.append(all[start...])
        var seen = Set([result.intent] + result.also)
        for tokens in clauses {
            guard tokens.count >= 2, tokens.count < all.count else { continue }
            guard tokens.indices.count(where: { !tokens[$0].isStopword }) >= 2 else { continue }
            guard let intent = ruleOnlyTask(tokens), seen.insert(intent).inserted else { continue }
            result.also.append(intent)
        }
    }

    /// Rules alone decide a second request: cheap, and precise enough for a clause. Without
    /// examples the task intent `classify` would pick is the most confident one (file order on
    /// ties); it counts when it clears both the threshold and the secondary threshold.
    private func ruleOnlyTask(_ tokens: ArraySlice<Token>) -> String? {
        // The closure captures these, not `self`: capturing the matcher copied (and retained)
        // every one of its fields per clause.
        let kinds = kinds, settings = settings
        let best = rules.withScores(tokens) { ruleScores in
            var best: (index: Int, confidence: Double)?
            for i in kinds.indices where kinds[i] == .task {
                let c = Self.confidence(ruleScores[i], similarity: 0, settings: settings)
                if best == nil || c > best!.confidence { best = (i, c) }
            }
            return best
        }
        guard let best, best.confidence >= settings.threshold, best.confidence >= settings.secondaryThreshold else { return nil }
        return names[best.index]
    }
}
