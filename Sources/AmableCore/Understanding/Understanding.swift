/// Everything Amable understood of one customer message.
public struct Understanding: Sendable {
    public var text: String
    public var language: Language
    /// The main intent, or `out_of_scope`.
    public var intent: String
    public var confidence: Double
    public var alternatives: [ScoredIntent]
    /// Other intents in the same message, in answering order (`greet` first).
    public var also: [String]
    public var ambiguous: Bool
    public var entities: Entities
    /// Shipping regions named in words (`Canarias`, `Francia`).
    public var places: [String]
    public var mood: Mood
    public var threat: Bool
    public var explanation: Explanation

    public var isOutOfScope: Bool { intent == Classification.outOfScope }
}

/// Understands messages in both languages: detects the language, extracts entities,
/// classifies the intent and scores the mood.
public struct Understander: Sendable {
    public let matchers: [Language: IntentMatcher]
    private let moods: [Language: MoodAnalyzer]
    private let languageWords: [Language: Set<String>]

    public let emoji: EmojiSignals

    public init(matchers: [Language: IntentMatcher], emoji: EmojiSignals = EmojiSignals()) {
        self.matchers = matchers
        self.emoji = emoji
        moods = matchers.mapValues { MoodAnalyzer(lexicon: $0.normalizer.lexicon, emoji: emoji) }
        languageWords = matchers.mapValues { m in
            m.normalizer.lexicon.stopwords.union(m.normalizer.lexicon.markers).union(m.normalizer.lexicon.slang.keys)
        }
    }

    /// The language of a message, or nil when it gives too little to tell.
    public func detectLanguage(_ text: String) -> Language? {
        var score: [Language: Int] = [:]
        for scalar in text.unicodeScalars.prefix(400) where scalar.value >= 0xA1 {
            switch scalar {
            case "ñ", "¿", "¡", "á", "é", "í", "ó", "ú": score[.es, default: 0] += 2
            default: break
            }
        }
        for word in TextFolding.words(TextFolding.fold(String(text.prefix(400)))) {
            for (language, words) in languageWords where words.contains(word) { score[language, default: 0] += 1 }
        }
        let ranked = score.sorted { $0.value > $1.value }
        guard let top = ranked.first, top.value > 0 else { return nil }
        if ranked.count > 1, ranked[1].value == top.value { return nil }
        return top.key
    }

    /// Understands one message.
    /// - Parameters:
    ///   - language: the conversation's language; used when detection is unsure or not wanted.
    ///   - detect: detect the language of this message (when the conversation's is not fixed).
    ///   - expectingOrderNumber: a bare digit run counts as an order number (the bot just asked).
    public func understand(_ rawText: String, language: Language, detect: Bool = true,
                           expectingOrderNumber: Bool = false, explain: Bool = false) -> Understanding {
        let text = String(rawText.prefix(Normalizer.maxCharacters))
        let lang = detect ? (detectLanguage(text) ?? language) : language
        guard let matcher = matchers[lang] ?? matchers.values.first else {
            return Understanding(text: text, language: lang, intent: Classification.outOfScope, confidence: 0,
                                 alternatives: [], also: [], ambiguous: false, entities: Entities(), places: [],
                                 mood: .calm, threat: false, explanation: Explanation())
        }
        let (entities, spans) = EntityExtractor.extractWithSpans(from: text, expectingOrderNumber: expectingOrderNumber)
        let result = matcher.classify(text, entities: spans, explain: explain)
        let analyzer = moods[matcher.language]!
        let tokens = result.normalized.tokens
        let words = tokens.map(\.word)
        return Understanding(
            text: text, language: matcher.language, intent: result.intent, confidence: result.confidence,
            alternatives: result.alternatives, also: result.also, ambiguous: result.ambiguous, entities: entities,
            places: analyzer.places(words), mood: analyzer.analyze(text, tokens: tokens, words: words),
            threat: analyzer.threatens(words), explanation: result.explanation)
    }
}
