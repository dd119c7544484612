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
        lex.stopwords = singleWords(root["stopwords"], "stopwords", reader)
        if let concepts = reader.object(root["concepts"], "concepts", required: false) {
            for m in concepts {
                let alternatives = reader.strings(m.value, "concepts.\(m.key)", nonEmpty: true)
                lex.concepts[m.key] = alternatives
            }
        }
        lex.negations = singleWords(root["negations"], "negations", reader)
        lex.desireVerbs = singleWords(root["desire_verbs"], "desire_verbs", reader)
        lex.contrast = singleWords(root["contrast"], "contrast", reader)
        for (key, value) in reader.stringMap(root["places"], "places") {
            lex.places[TextFolding.fold(key)] = value
        }
        if let mood = root["mood"] {
            if let members = reader.object(mood, "mood") {
                reader.rejectUnknownKeys(members, known: ["insults", "negative", "positive", "frustration"], path: "mood")
            }
            lex.mood.insults = singleWords(mood["insults"], "mood.insults", reader)
            lex.mood.negative = singleWords(mood["negative"], "mood.negative", reader)
            lex.mood.positive = singleWords(mood["positive"], "mood.positive", reader)
            lex.mood.frustration = reader.strings(mood["frustration"], "mood.frustration", required: false).map(TextFolding.fold)
        }
        lex.threats = reader.strings(root["threats"], "threats", required: false).map(TextFolding.fold)
        lex.markers = singleWords(root["markers"], "markers", reader)
        lex.leaveQueue = reader.strings(root["leave_queue"], "leave_queue", required: false).map(TextFolding.fold)
        lex.otherOrder = reader.strings(root["other_order"], "other_order", required: false).map(TextFolding.fold)
        lex.dontKnow = reader.strings(root["dont_know"], "dont_know", required: false).map(TextFolding.fold)
        lex.conjunctions = singleWords(root["conjunctions"], "conjunctions", reader)
        lex.knownWords = singleWords(root["known_words"], "known_words", reader)
        return lex
    }

    /// A list that is matched one word at a time (stopwords, contrast words, mood words…):
    /// an entry of several words could never match, so it is reported, not kept.
    static func singleWords(_ node: JSONNode?, _ path: String, _ reader: JSONReader) -> Set<String> {
        guard let items = reader.array(node, path, required: false) else { return [] }
        var out = Set<String>(minimumCapacity: items.count)
        for (i, item) in items.enumerated() {
            guard let raw = reader.string(item, "\(path)[\(i)]") else { continue }
            // A word folded already (nearly all) has no space to look for.
            let folded = TextFolding.isFoldedWord(raw)
            let word = folded ? raw : TextFolding.fold(raw)
            guard folded || !word.utf8.contains(0x20) else {
                reader.problem("\"\(raw)\" has several words, but this list is matched one word at a time "
                               + "(phrases belong in mood.frustration, threats, leave_queue, other_order or dont_know)", at: item, path: "\(path)[\(i)]")
                continue
            }
            out.insert(word)
        }
        return out
    }
}
