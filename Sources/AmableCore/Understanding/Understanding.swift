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
    /// `ya no hace falta`, `never mind`: the customer no longer wants to wait for a person.
    public var leavesQueue = false
    /// The customer means another order than the one discussed (`mi otro pedido`).
    public var otherOrder = false
    /// The customer cannot answer (`no lo encuentro`, `no idea`).
    public var dontKnow = false
    public var explanation: Explanation

    public var isOutOfScope: Bool { intent == Classification.outOfScope }
}

/// Understands messages in both languages: detects the language, extracts entities,
/// classifies the intent and scores the mood.
public struct Understander: Sendable {
    public let matchers: [Language: IntentMatcher]
    private let lanes: [Language: Lane]
    /// Each language's word index with its place in `Language.allCases`, for detection.
    private let indexes: [LanguageWords]

    private struct LanguageWords {
        var slot: Int
        var index: WordIndex
    }

    /// One language's matcher and mood analyser, shared by reference: copying them out of a
    /// dictionary for every message retained and released each of their many arrays.
    private final class Lane: Sendable {
        let matcher: IntentMatcher
        let mood: MoodAnalyzer

        init(_ matcher: IntentMatcher, emoji: EmojiSignals) {
            self.matcher = matcher
            mood = MoodAnalyzer(normalizer: matcher.normalizer, emoji: emoji)
        }
    }

    public let emoji: EmojiSignals

    public init(matchers: [Language: IntentMatcher], emoji: EmojiSignals = EmojiSignals()) {
        self.matchers = matchers
        self.emoji = emoji
        lanes = matchers.mapValues { Lane($0, emoji: emoji) }
        indexes = Language.allCases.indices.compactMap { i in
            matchers[Language.allCases[i]].map { LanguageWords(slot: i, index: $0.normalizer.index) }
        }
    }

    /// The language of a message, or nil when it gives too little to tell.
    public func detectLanguage(_ text: String) -> Language? {
        let languages = Language.allCases
        var score = [Int](repeating: 0, count: languages.count)
        let spanish = languages.firstIndex(of: .es)!
        let scalars = text.utf8.count <= 400 ? text.unicodeScalars[...] : text.unicodeScalars.prefix(400)
        for scalar in scalars where scalar.value >= 0xA1 {
            switch scalar {
            case "ñ", "¿", "¡", "á", "é", "í", "ó", "ú": score[spanish] += 2
            default: break
            }
        }
        // Stopwords and markers only: chat slang crosses languages (`ok`, `thx`, `bye` in Spanish chats).
        let head = text.utf8.count <= 400 ? text[...] : text.prefix(400)
        TextFolding.forEachFoldedWord(in: head) { word in
            for l in indexes where l.index.has(.languageWord, l.index.id(of: word)) { score[l.slot] += 1 }
        }
        guard let top = score.max(), top > 0, score.filter({ $0 == top }).count == 1 else { return nil }
        return languages[score.firstIndex(of: top)!]
    }

    /// True when the text has a run of 4 or more digits.
    static func hasDigitRun(_ text: String) -> Bool {
        var run = 0
        for b in text.utf8 {
            if b >= 0x30 && b <= 0x39 { run += 1; if run >= 4 { return true } } else { run = 0 }
        }
        return false
    }

    /// Understands one message.
    /// - Parameters:
    ///   - language: the conversation's language; used when detection is unsure or not wanted.
    ///   - detect: detect the language of this message (when the conversation's is not fixed).
    ///   - expectingOrderNumber: a bare digit run counts as an order number (the bot just asked).
    public func understand(_ rawText: String, language: Language, detect: Bool = true,
                           expectingOrderNumber: Bool = false, explain: Bool = false) -> Understanding {
        let text = rawText.utf8.count <= Normalizer.maxCharacters ? rawText : String(rawText.prefix(Normalizer.maxCharacters))
        let lang = detect ? (detectLanguage(text) ?? language) : language
        guard let lane = lanes[lang] ?? lanes.values.first else {
            return Understanding(text: text, language: lang, intent: Classification.outOfScope, confidence: 0,
                                 alternatives: [], also: [], ambiguous: false, entities: Entities(), places: [],
                                 mood: .calm, threat: false, explanation: Explanation())
        }
        let matcher = lane.matcher
        var (entities, spans) = EntityExtractor.extractWithSpans(from: text, expectingOrderNumber: expectingOrderNumber)
        var result = matcher.classify(text, entities: spans, explain: explain)
        // `wher is my oder 10482`: a typo hid the cue word, so the number was not taken for an
        // order. If reading it as one makes an order question of the message, that reading wins.
        if !expectingOrderNumber, entities.orderNumbers.isEmpty, entities.postalCodes.isEmpty, Self.hasDigitRun(text) {
            let (orderEntities, orderSpans) = EntityExtractor.extractWithSpans(from: text, expectingOrderNumber: true)
            if !orderEntities.orderNumbers.isEmpty {
                let second = matcher.classify(text, entities: orderSpans, explain: explain)
                if matcher.definition(of: second.intent)?.slots.contains("order_number") == true,
                   result.intent == Classification.outOfScope || second.confidence >= result.confidence {
                    (entities, result) = (orderEntities, second)
                }
            }
        }
        let analyzer = lane.mood
        let tokens = result.normalized.tokens
        let words = tokens.map(\.wordID)
        var u = Understanding(
            text: text, language: matcher.language, intent: result.intent, confidence: result.confidence,
            alternatives: result.alternatives, also: result.also, ambiguous: result.ambiguous, entities: entities,
            places: analyzer.places(words), mood: analyzer.analyze(text, tokens: tokens),
            threat: analyzer.threatens(words), explanation: result.explanation)
        u.leavesQueue = analyzer.leavesQueue(words)
        u.otherOrder = analyzer.mentionsOtherOrder(words)
        u.dontKnow = analyzer.saysDontKnow(words)
        return u
    }
}
