/// How a customer feels, from −1 (delighted) through 0 (calm) to 1 (furious).
public struct Mood: Sendable, Equatable {
    public enum Label: String, Sendable { case happy, calm, upset, angry }

    public var score: Double
    /// What raised or lowered the score, for `/debug` and agents' summaries.
    public var signals: [String]

    public init(score: Double, signals: [String] = []) {
        self.score = min(1, max(-1, score))
        self.signals = signals
    }

    public static let calm = Mood(score: 0)

    public var label: Label {
        switch score {
        case ..<(-0.15): .happy
        case ..<0.25: .calm
        case ..<0.6: .upset
        default: .angry
        }
    }

    public var isUpset: Bool { score >= 0.25 }
}

/// Scores the mood of one message from words, insults, capitals, `!!!`/`???` and emoji.
public struct MoodAnalyzer: Sendable {
    let index: WordIndex
    let emoji: EmojiSignals
    private let frustration: PhraseSet<Bool>
    private let threats: PhraseSet<Bool>
    private let placeNames: PhraseSet<String>
    private let leaving: PhraseSet<Bool>
    private let otherOrder: PhraseSet<Bool>
    private let dontKnow: PhraseSet<Bool>

    /// Reads the lexicon and word index of `normalizer`, whose tokens it is given.
    init(normalizer: Normalizer, emoji: EmojiSignals) {
        let lexicon = normalizer.lexicon
        index = normalizer.index
        self.emoji = emoji
        frustration = PhraseSet(lexicon.mood.frustration.map { ($0, true) }, index: index)
        threats = PhraseSet(lexicon.threats.map { ($0, true) }, index: index)
        placeNames = PhraseSet(lexicon.places.map { ($0.key, $0.value) }, index: index)
        leaving = PhraseSet(lexicon.leaveQueue.map { ($0, true) }, index: index)
        otherOrder = PhraseSet(lexicon.otherOrder.map { ($0, true) }, index: index)
        dontKnow = PhraseSet(lexicon.dontKnow.map { ($0, true) }, index: index)
    }

    /// The mood of `text`, whose normalised tokens are `tokens`.
    public func analyze(_ text: String, tokens: [Token]) -> Mood {
        analyze(text, tokens: tokens, words: tokens.map(\.wordID))
    }

    /// `analyze(_:tokens:)` with the tokens' word ids, which the caller has already.
    func analyze(_ text: String, tokens: [Token], words: [Int32]) -> Mood {
        var score = 0.0
        var signals: [String] = []
        func add(_ delta: Double, _ signal: String) {
            score += delta
            signals.append(signal)
        }
        let insults = tokens.indices.count { index.has(.insult, tokens[$0].wordID) }
        if insults > 0 { add(0.45 * Double(min(insults, 2)), "insult") }
        let negative = tokens.indices.count { index.has(.negative, tokens[$0].wordID) && !tokens[$0].negated }
        if negative > 0 { add(0.3 * Double(min(negative, 3)), "negative words") }
        let positive = tokens.indices.count { index.has(.positive, tokens[$0].wordID) }
        if positive > 0 { add(-0.25 * Double(min(positive, 2)), "positive words") }

        if frustration.occurs(in: words) { add(0.3, "frustration") }

        let marks = Self.marks(of: text, emoji: emoji)
        if marks.letters >= 8, Double(marks.upper) / Double(marks.letters) > 0.7 {
            add(0.35, "capitals")
        } else if marks.shoutedWord {
            add(0.15, "a shouted word")
        }
        if marks.bangs > 0 { add(0.2, "!!!") }
        if marks.questions > 0 { add(0.15, "???") }
        if marks.angry > 0 { add(0.35, "angry emoji") }
        if marks.sad > 0 { add(0.2, "sad emoji") }
        if marks.happy > 0 { add(-0.25, "happy emoji") }
        return Mood(score: score, signals: signals)
    }

    /// What the characters of a message show, counted in one pass over its UTF-8 bytes (walking
    /// a `Substring`'s scalars checked every index and cost more than the counting).
    struct Marks: Equatable {
        var letters = 0, upper = 0
        /// Runs of three `!` or three `?` (whitespace inside a run does not break it).
        var bangs = 0, questions = 0
        var angry = 0, sad = 0, happy = 0
        /// A word of 4+ capital letters inside a normal sentence (`HELLO?? anyone there?`).
        var shoutedWord = false
    }

    /// The marks of the first `Normalizer.maxCharacters` characters of `text`.
    static func marks(of text: String, emoji: EmojiSignals) -> Marks {
        var text = text.utf8.count <= Normalizer.maxCharacters ? text : String(text.prefix(Normalizer.maxCharacters))
        return text.withUTF8 { marks(ofBytes: $0, emoji: emoji) }
    }

    private static func marks(ofBytes bytes: UnsafeBufferPointer<UInt8>, emoji: EmojiSignals) -> Marks {
        var m = Marks()
        var run = 0, upperRun = 0
        var lastMark: Unicode.Scalar = " "
        var decoder = TextFolding.ScalarDecoder()
        for b in bytes {
            guard let s = decoder.feed(b) else { continue }
            let upper: Bool
            if s.value < 0x80 {
                // ASCII fast path: Unicode property look-ups cost more than the rest of the loop.
                upper = s.value >= 0x41 && s.value <= 0x5A
                if upper { m.letters += 1; m.upper += 1 } else if s.value >= 0x61 && s.value <= 0x7A { m.letters += 1 }
            } else {
                upper = s.properties.isUppercase
                if s.properties.isAlphabetic {
                    m.letters += 1
                    if upper { m.upper += 1 }
                }
            }
            if upper { upperRun += 1; if upperRun >= 4 { m.shoutedWord = true } } else { upperRun = 0 }
            if s == "!" || s == "?" {
                run = s == lastMark ? run + 1 : 1
                lastMark = s
                if run == 3 { if s == "!" { m.bangs += 1 } else { m.questions += 1 } }
            } else if !(s.value < 0x80 ? s.value == 0x20 || (s.value >= 0x09 && s.value <= 0x0D) : s.properties.isWhitespace) {
                run = 0
                lastMark = " "
            }
            if s.value < 0x2600 { continue }
            if emoji.angry.contains(s) { m.angry += 1 } else if emoji.sad.contains(s) { m.sad += 1 } else if emoji.happy.contains(s) { m.happy += 1 }
        }
        return m
    }

    /// True when the message threatens reviews, social media, a consumer body or a lawyer.
    func threatens(_ words: [Int32]) -> Bool {
        threats.occurs(in: words)
    }

    /// True when the customer says they no longer need a person (`ya no hace falta`).
    func leavesQueue(_ words: [Int32]) -> Bool {
        leaving.occurs(in: words)
    }

    func mentionsOtherOrder(_ words: [Int32]) -> Bool { otherOrder.occurs(in: words) }
    func saysDontKnow(_ words: [Int32]) -> Bool { dontKnow.occurs(in: words) }

    /// Shipping regions named in the message (`canarias` → `canary_islands`).
    func places(_ words: [Int32]) -> [String] {
        var out: [String] = []
        for region in placeNames.matches(in: words) where !out.contains(region) { out.append(region) }
        return out
    }
}

/// What emoji say about a customer's mood, from `Intents/emoji.json` (both languages).
public struct EmojiSignals: Sendable {
    public var angry: Set<Unicode.Scalar> = []
    public var sad: Set<Unicode.Scalar> = []
    public var happy: Set<Unicode.Scalar> = []
    public var ratingGood: Set<Unicode.Scalar> = []
    public var ratingBad: Set<Unicode.Scalar> = []
    public init() {}

    public static func decode(_ root: JSONNode, reader: JSONReader) -> EmojiSignals {
        var e = EmojiSignals()
        guard let members = reader.object(root, "") else { return e }
        reader.rejectUnknownKeys(members, known: ["description", "angry", "sad", "happy", "rating_good", "rating_bad"], path: "")
        func scalars(_ key: String) -> Set<Unicode.Scalar> {
            Set(reader.strings(root[key], key, required: false).compactMap { $0.unicodeScalars.first })
        }
        e.angry = scalars("angry")
        e.sad = scalars("sad")
        e.happy = scalars("happy")
        e.ratingGood = scalars("rating_good")
        e.ratingBad = scalars("rating_bad")
        return e
    }
}
