/// What understanding asks about the words of one language, answered by word id: which lexicon
/// lists a word is on, its stem, its slang expansion. A token costs one table probe instead of
/// a set look-up per question (`a stopword? a negation? known?`).
///
/// Every string any part of the matcher compares tokens with (rule terms, example stems,
/// phrase words) is interned here, so a token whose word or stem has no id matches nothing.
struct WordIndex: Sendable {
    struct Facts: OptionSet, Sendable {
        let rawValue: UInt16
        /// A word of the vocabulary (intent data and lexicon): never "corrected".
        static let vocabulary = Facts(rawValue: 1 << 0)
        /// The stem of a vocabulary word: an unknown word with this stem needs no correction.
        static let vocabularyStem = Facts(rawValue: 1 << 1)
        static let stopword = Facts(rawValue: 1 << 2)
        static let contrast = Facts(rawValue: 1 << 3)
        static let negation = Facts(rawValue: 1 << 4)
        static let desireVerb = Facts(rawValue: 1 << 5)
        static let conjunction = Facts(rawValue: 1 << 6)
        static let insult = Facts(rawValue: 1 << 7)
        static let negative = Facts(rawValue: 1 << 8)
        static let positive = Facts(rawValue: 1 << 9)
        /// A stopword or marker: evidence of the language in detection.
        static let languageWord = Facts(rawValue: 1 << 10)
    }

    private var table = WordTable()
    private var facts: [Facts] = []
    /// Stem id of each vocabulary word, -1 for other words (they are stemmed when met).
    private var stems: [Int32] = []
    private var slang: [[Int32]?] = []

    init(lexicon: Lexicon, vocabulary: Vocabulary) {
        for (word, stem) in zip(vocabulary.words, vocabulary.wordStems) {
            let w = intern(word), s = intern(stem)
            facts[Int(w)].insert(.vocabulary)
            facts[Int(s)].insert(.vocabularyStem)
            stems[Int(w)] = s
        }
        mark(lexicon.stopwords, .stopword)
        mark(lexicon.stopwords, .languageWord)
        mark(lexicon.markers, .languageWord)
        mark(lexicon.contrast, .contrast)
        mark(lexicon.negations, .negation)
        mark(lexicon.desireVerbs, .desireVerb)
        mark(lexicon.conjunctions, .conjunction)
        mark(lexicon.mood.insults, .insult)
        mark(lexicon.mood.negative, .negative)
        mark(lexicon.mood.positive, .positive)
        for (key, expansion) in lexicon.slang {
            let k = intern(key)
            slang[Int(k)] = expansion.map { intern($0) }
        }
        let phrases = lexicon.mood.frustration + lexicon.threats + lexicon.places.keys + lexicon.leaveQueue
            + lexicon.otherOrder + lexicon.dontKnow
        for phrase in phrases {
            for word in TextFolding.words(TextFolding.fold(phrase)) { intern(word) }
        }
    }

    /// The id of `word`, adding it (with no facts) when new; for terms the matcher compares.
    @discardableResult
    mutating func intern(_ word: String) -> Int32 {
        let id = table.intern(word)
        if facts.count < table.count {
            facts.append([])
            stems.append(-1)
            slang.append(nil)
        }
        return id
    }

    private mutating func mark(_ words: Set<String>, _ fact: Facts) {
        for word in words { facts[Int(intern(word))].insert(fact) }
    }

    var count: Int { table.count }
    func id(of word: String) -> Int32? { table.id(of: word) }
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? { table.id(of: bytes) }
    /// The id of `bytes`, whose `WordTable.hash` the caller worked out.
    func id(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? { table.id(of: bytes, hash: hash) }
    func word(_ id: Int32) -> String { table.words[Int(id)] }
    func withBytes<R>(of id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { table.withBytes(of: id, body) }

    /// True when the word `id` (nil: not interned) has `fact`.
    @inline(__always)
    func has(_ fact: Facts, _ id: Int32?) -> Bool {
        guard let id else { return false }
        return facts[Int(id)].contains(fact)
    }

    @inline(__always)
    func has(_ fact: Facts, _ id: Int32) -> Bool { id >= 0 && facts[Int(id)].contains(fact) }

    /// The stem of a vocabulary word, worked out while loading.
    func stem(of id: Int32) -> Int32? {
        let s = stems[Int(id)]
        return s >= 0 ? s : nil
    }

    func expansion(of id: Int32) -> [Int32]? { slang[Int(id)] }
}
