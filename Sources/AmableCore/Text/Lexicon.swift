/// The words of one language that are not tied to one intent: slang, stopwords, negation,
/// named concepts used by rules, places, mood and threat vocabulary.
///
/// Loaded from `Intents/<lang>/_lexicon.json`; everything is stored folded (lowercase, no accents).
public struct Lexicon: Sendable {
    public var language: Language
    /// Chat shorthand to its full form: `dnd` → `donde`, `xq` → `por que`, `u` → `you`.
    public var slang: [String: [String]] = [:]
    /// Words too common to say anything about intent.
    public var stopwords: Set<String> = []
    /// Named alternatives rules refer to as `@NAME`.
    public var concepts: [String: [String]] = [:]
    /// `no`, `not`, `nunca`…: open a negated scope when followed by a desire verb.
    public var negations: Set<String> = []
    /// `quiero`, `want`…: the verb whose object a negation cancels (`no quiero cancelar`).
    public var desireVerbs: Set<String> = []
    /// `pero`, `sino`, `but`, `solo`: close a negated scope.
    public var contrast: Set<String> = []
    /// Place names to shipping region ids: `canarias` → `canary_islands`, `francia` → `eu`.
    public var places: [String: String] = [:]
    public var mood = MoodWords()
    /// Phrases that threaten public complaints, consumer bodies or lawyers.
    public var threats: [String] = []
    /// Words that mark a language strongly (used by language detection with stopwords).
    public var markers: Set<String> = []
    /// Phrases with which a waiting customer leaves the queue for a person.
    public var leaveQueue: [String] = []
    /// `otro pedido`, `another order`: the customer means an order other than the one discussed.
    public var otherOrder: [String] = []
    /// `no lo encuentro`, `no idea`: the customer cannot answer the question asked.
    public var dontKnow: [String] = []
    /// `y`, `and`, `además`: where a second request may start inside one sentence.
    public var conjunctions: Set<String> = []
    /// Ordinary words of the language that are never "corrected" into a shop word
    /// (`jota` must not become `rota`), but are no target of correction either.
    public var knownWords: Set<String> = []

    public init(language: Language) { self.language = language }

    /// Words that carry a customer's mood.
    public struct MoodWords: Sendable {
        public var insults: Set<String> = []
        public var negative: Set<String> = []
        public var positive: Set<String> = []
        /// Phrases (folded) such as `otra vez`, `ya os lo dije`, `todavia no`.
        public var frustration: [String] = []
        public init() {}
    }
}

extension Lexicon {
    static let knownKeys: Set<String> = [
        "description", "slang", "stopwords", "concepts", "negations", "desire_verbs", "contrast",
        "places", "mood", "threats", "markers", "known_words", "leave_queue", "other_order", "dont_know", "conjunctions",
    ]

    /// Decodes a lexicon, reporting problems to `reader`.
    public static func decode(_ root: JSONNode, language: Language, reader: JSONReader) -> Lexicon {
        var lex = Lexicon(language: language)
        guard let members = reader.object(root, "") else { return lex }
        reader.rejectUnknownKeys(members, known: knownKeys, path: "")
        for (key, value) in reader.stringMap(root["slang"], "slang") {
            lex.slang[TextFolding.fold(key)] = TextFolding.words(TextFolding.fold(value))
        }
        lex.stopwords = Set(reader.strings(root["stopwords"], "stopwords", required: false).map(TextFolding.fold))
        if let concepts = reader.object(root["concepts"], "concepts", required: false) {
            for m in concepts {
                let alternatives = reader.strings(m.value, "concepts.\(m.key)", nonEmpty: true)
                lex.concepts[m.key] = alternatives
            }
        }
        lex.negations = Set(reader.strings(root["negations"], "negations", required: false).map(TextFolding.fold))
        lex.desireVerbs = Set(reader.strings(root["desire_verbs"], "desire_verbs", required: false).map(TextFolding.fold))
        lex.contrast = Set(reader.strings(root["contrast"], "contrast", required: false).map(TextFolding.fold))
        for (key, value) in reader.stringMap(root["places"], "places") {
            lex.places[TextFolding.fold(key)] = value
        }
        if let mood = root["mood"] {
            if let members = reader.object(mood, "mood") {
                reader.rejectUnknownKeys(members, known: ["insults", "negative", "positive", "frustration"], path: "mood")
            }
            lex.mood.insults = Set(reader.strings(mood["insults"], "mood.insults", required: false).map(TextFolding.fold))
            lex.mood.negative = Set(reader.strings(mood["negative"], "mood.negative", required: false).map(TextFolding.fold))
            lex.mood.positive = Set(reader.strings(mood["positive"], "mood.positive", required: false).map(TextFolding.fold))
            lex.mood.frustration = reader.strings(mood["frustration"], "mood.frustration", required: false).map(TextFolding.fold)
        }
        lex.threats = reader.strings(root["threats"], "threats", required: false).map(TextFolding.fold)
        lex.markers = Set(reader.strings(root["markers"], "markers", required: false).map(TextFolding.fold))
        lex.leaveQueue = reader.strings(root["leave_queue"], "leave_queue", required: false).map(TextFolding.fold)
        lex.otherOrder = reader.strings(root["other_order"], "other_order", required: false).map(TextFolding.fold)
        lex.dontKnow = reader.strings(root["dont_know"], "dont_know", required: false).map(TextFolding.fold)
        lex.conjunctions = Set(reader.strings(root["conjunctions"], "conjunctions", required: false).map(TextFolding.fold))
        lex.knownWords = Set(reader.strings(root["known_words"], "known_words", required: false).map(TextFolding.fold))
        return lex
    }
}
