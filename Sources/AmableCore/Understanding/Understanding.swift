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

    /// The language of a message, or nil when it gives too little to tell: Spanish accents and
    /// `¿ ¡` count two for Spanish, each folded word that is a stopword or marker of a language
    /// one for it (chat slang crosses languages: `ok`, `thx`, `bye` in Spanish chats), and the
    /// language with the most wins. Only the first 400 scalars (accents) and characters (words)
    /// are read.
    public func detectLanguage(_ text: String) -> Language? {
        let indexes = indexes
        guard text.utf8.count > 400 else {
            var text = text
            return text.withUTF8 { Self.detectLanguage(accents: $0, words: $0, indexes) }
        }
        var scalars = String(String.UnicodeScalarView(text.unicodeScalars.prefix(400)))
        var head = String(text.prefix(400))
        return scalars.withUTF8 { accents in head.withUTF8 { Self.detectLanguage(accents: accents, words: $0, indexes) } }
    }

    /// Works on UTF-8 bytes: walking a `Substring`'s scalars checked every index, and cost more
    /// than the rest of the detection. Each word is hashed once for every language's table.
    private static func detectLanguage(accents: UnsafeBufferPointer<UInt8>, words text: UnsafeBufferPointer<UInt8>,
                                       _ indexes: [LanguageWords]) -> Language? {
        let languages = Language.allCases
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: languages.count) { score in
            score.initialize(repeating: 0)
            let spanish = languages.firstIndex(of: .es)!
            // `ñ ¿ ¡ á é í ó ú` are C3 B1, C2 BF, C2 A1, C3 A1, C3 A9, C3 AD, C3 B3, C3 BA; in
            // well-formed UTF-8 a C2 or C3 byte always starts a scalar.
            var i = 0
            while i + 1 < accents.count {
                let b = accents[i], next = accents[i + 1]
                if b == 0xC3, next == 0xB1 || next == 0xA1 || next == 0xA9 || next == 0xAD || next == 0xB3 || next == 0xBA {
                    score[spanish] += 2
                } else if b == 0xC2, next == 0xBF || next == 0xA1 {
                    score[spanish] += 2
                }
                i += 1
            }
            // The words of `TextFolding.fold(text)` (a folded scalar takes at most twice the
            // bytes of the scalar it comes from).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count * 2 + 8) { buffer in
                let word = buffer.baseAddress!
                var n = 0
                func emit() {
                    guard n > 0 else { return }
                    let bytes = UnsafeBufferPointer(start: word, count: n)
                    let hash = WordTable.hash(bytes)
                    for k in indexes.indices where indexes[k].index.has(.languageWord, indexes[k].index.id(of: bytes, hash: hash)) {
                        score[indexes[k].slot] += 1
                    }
                    n = 0
                }
                var i = 0
                while i < text.count {
                    let b = text[i]
                    if b < 0x80 {
                        i += 1
                        if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                            word[n] = b; n += 1
                        } else if b >= 0x41 && b <= 0x5A {
                            word[n] = b + 0x20; n += 1
                        } else if b != 0x27 { // `don't` is one word
                            emit()
                        }
                        continue
                    }
                    let scalar = TextFolding.decodeScalar(text, at: &i)
                    if scalar.value >= 0x300, scalar.properties.generalCategory == .nonspacingMark { continue }
                    if let f = TextFolding.foldScalar(scalar) {
                        TextFolding.encode(f, into: word, at: &n)
                    } else if scalar != "’" {
                        emit()
                    }
                }
                emit()
            }
            guard let top = score.max(), top > 0, score.filter({ $0 == top }).count == 1 else { return nil }
            return languages[score.firstIndex(of: top)!]
        }
    }

    /// True when the text has a run of 4 or more digits.
    static func hasDigitRun(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var run = 0
            for b in bytes {
                if b >= 0x30 && b <= 0x39 { run += 1; if run >= 4 { return true } } else { run = 0 }
            }
            return false
        }
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
        // The matcher is used in place: copying it out of the lane retained each of its arrays.
        var (entities, spans) = EntityExtractor.extractWithSpans(from: text, expectingOrderNumber: expectingOrderNumber)
        var result = lane.matcher.classify(text, entities: spans, explain: explain)
        // `wher is my oder 10482`: a typo hid the cue word, so the number was not taken for an
        // order. If reading it as one makes an order question of the message, that reading wins.
        if !expectingOrderNumber, entities.orderNumbers.isEmpty, entities.postalCodes.isEmpty, Self.hasDigitRun(text) {
            let (orderEntities, orderSpans) = EntityExtractor.extractWithSpans(from: text, expectingOrderNumber: true)
            if !orderEntities.orderNumbers.isEmpty {
                let second = lane.matcher.classify(text, entities: orderSpans, explain: explain)
                if lane.matcher.definition(of: second.intent)?.slots.contains("order_number") == true,
                   result.intent == Classification.outOfScope || second.confidence >= result.confidence {
                    (entities, result) = (orderEntities, second)
                }
            }
        }
        let analyzer = lane.mood
        let tokens = result.normalized.tokens
        let words = tokens.map(\.wordID)
        var u = Understanding(
            text: text, language: lane.matcher.language, intent: result.intent, confidence: result.confidence,
            alternatives: result.alternatives, also: result.also, ambiguous: result.ambiguous, entities: entities,
            places: analyzer.places(words), mood: analyzer.analyze(text, tokens: tokens, words: words),
            threat: analyzer.threatens(words), explanation: result.explanation)
        u.leavesQueue = analyzer.leavesQueue(words)
        u.otherOrder = analyzer.mentionsOtherOrder(words)
        u.dontKnow = analyzer.saysDontKnow(words)
        return u
    }
}
