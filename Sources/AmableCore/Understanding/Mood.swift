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

        if !frustration.matches(in: tokens.map(\.wordID)).isEmpty { add(0.3, "frustration") }

        var letters = 0, upper = 0, bangs = 0, questions = 0, run = 0
        var lastMark: Unicode.Scalar = " "
        var angry = 0, sad = 0, happy = 0
        for s in Self.scalars(of: text) {
            if s.value < 0x80 {
                // ASCII fast path: Unicode property look-ups cost more than the rest of the loop.
                if s.value >= 0x41 && s.value <= 0x5A { letters += 1; upper += 1 } else if s.value >= 0x61 && s.value <= 0x7A { letters += 1 }
            } else if s.properties.isAlphabetic {
                letters += 1
                if s.properties.isUppercase { upper += 1 }
            }
            if s == "!" || s == "?" {
                run = s == lastMark ? run + 1 : 1
                lastMark = s
                if run == 3 { if s == "!" { bangs += 1 } else { questions += 1 } }
            } else if !(s.value < 0x80 ? s.value == 0x20 || (s.value >= 0x09 && s.value <= 0x0D) : s.properties.isWhitespace) {
                run = 0
                lastMark = " "
            }
            if s.value < 0x2600 { continue }
            if emoji.angry.contains(s) { angry += 1 } else if emoji.sad.contains(s) { sad += 1 } else if emoji.happy.contains(s) { happy += 1 }
        }
        if letters >= 8, Double(upper) / Double(letters) > 0.7 {
            add(0.35, "capitals")
        } else if Self.hasShoutedWord(text) {
            add(0.15, "a shouted word")
        }
        if bangs > 0 { add(0.2, "!!!") }
        if questions > 0 { add(0.15, "???") }
        if angry > 0 { add(0.35, "angry emoji") }
        if sad > 0 { add(0.2, "sad emoji") }
        if happy > 0 { add(-0.25, "happy emoji") }
        return Mood(score: score, signals: signals)
    }

    /// The scalars looked at: those of the first `Normalizer.maxCharacters` characters, at most
    /// (`prefix` walks the text, so only when it can be longer).
    static func scalars(of text: String) -> Substring.UnicodeScalarView {
        text.utf8.count <= Normalizer.maxCharacters ? text.unicodeScalars[...] : text.unicodeScalars.prefix(Normalizer.maxCharacters)
    }

    /// A word of 4+ capital letters inside a normal sentence (`HELLO?? anyone there?`).
    static func hasShoutedWord(_ text: String) -> Bool {
        var run = 0
        for s in Self.scalars(of: text) {
            let upper = s.value < 0x80 ? s.value >= 0x41 && s.value <= 0x5A : s.properties.isUppercase
            if upper { run += 1; if run >= 4 { return true } } else { run = 0 }
        }
        return false
    }

    /// True when the message threatens reviews, social media, a consumer body or a lawyer.
    func threatens(_ words: [Int32]) -> Bool {
        !threats.matches(in: words).isEmpty
    }

    /// True when the customer says they no longer need a person (`ya no hace falta`).
    func leavesQueue(_ words: [Int32]) -> Bool {
        !leaving.matches(in: words).isEmpty
    }

    func mentionsOtherOrder(_ words: [Int32]) -> Bool { !otherOrder.matches(in: words).isEmpty }
    func saysDontKnow(_ words: [Int32]) -> Bool { !dontKnow.matches(in: words).isEmpty }

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
