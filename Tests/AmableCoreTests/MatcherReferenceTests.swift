import Testing
@testable import AmableCore

/// The per-message hot paths work on UTF-8 bytes, bit sets and precomputed lists; each is
/// checked here against a plain implementation of what it computes (for the byte loops, the
/// scalar loops they replaced), over every example of the bundled intents and a set of
/// awkward texts (accents in both cases, combining marks, curly apostrophes, emoji, other
/// scripts, letters whose lowercase takes more bytes, texts past the length bounds).
@Suite struct MatcherReferenceTests {
    static let awkward: [String] = [
        "", " ", "¿¡", "hola", "HOLA!!!", "holaaaa???", "ÑANDÚ Ñandú ñandú", "CAFÉ, crème brûlée…",
        "don't won’t can't", "e\u{301}xito y exito", "a\u{301}\u{302}\u{303}b", "ȺȾ ⱥⱦ İstanbul",
        "Ωmega ΑΒΓΔ привет МИР", "日本語のテキスト", "🙂😡😢 ok 👍", "¿dónde está mi pedido? ¡ya!",
        "pedido #10482, cp 28009 Madrid", "PED-20481 y 612 345 678", "  multiple   spaces\tand\nlines\r\n",
        "siiii nooo 1111 aaa", "ÁÁÁÁ éééé ÖÖÖ", "\u{FEFF}zero\u{200B}width", "mixed😀emoji😀inside",
        "THIS IS ALL CAPS AND VERY ANGRY", "Ok Thanks Bye", "a!?!?!? b!!! c???  ? ? ?",
        String(repeating: "añ ", count: 180) + "the order where is", // accents past 400 scalars
        String(repeating: "e\u{301}", count: 300) + " quiero devolver", // long characters
        String(repeating: "the ", count: 150) + "¿dónde? ñ",
        String(repeating: "x", count: 2_100) + " HELLO!!!",
    ]

    static let corpus: [String] = awkward + Language.allCases.flatMap { l in
        BundledData.bot.understander.matchers[l]!.intents.flatMap(\.examples)
    }

    // MARK: Language detection

    @Test func detectLanguage_equalsTheScalarLoop() {
        let understander = BundledData.bot.understander
        let reference = ReferenceDetector(understander)
        var detected = 0
        for text in Self.corpus {
            let found = understander.detectLanguage(text)
            #expect(found == reference.detect(text), "\(text.prefix(80))")
            if found != nil { detected += 1 }
        }
        #expect(detected > Self.corpus.count / 2)
    }

    // MARK: Folding and splitting data words

    @Test func foldAndWords_equalTheirUTF8ViewVersions() {
        let phrases = Self.corpus + ["", " ", "  a  b ", "a", "abc123", "Abc", "ñ", "a b\u{301} c", "x y z "]
        for text in phrases {
            let oldFolded = text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
            #expect(TextFolding.isFoldedWord(text) == oldFolded, "\(text.prefix(80))")
            for folded in [text, TextFolding.fold(text)] {
                let old = folded.utf8.allSatisfy { $0 < 0x80 }
                    ? folded.utf8.split(separator: 0x20).map { String(Substring($0)) }
                    : folded.split(separator: " ").map(String.init)
                #expect(TextFolding.words(folded) == old, "\(folded.prefix(80))")
            }
        }
    }

    // MARK: Splitting into words

    @Test func split_equalsTheScalarLoop() {
        for text in Self.corpus {
            var pieces: [Normalizer.Piece] = [], expected: [Normalizer.Piece] = []
            Normalizer.split(text[...], into: &pieces)
            referenceSplit(text[...], into: &expected)
            #expect(pieces.map(describe) == expected.map(describe), "\(text.prefix(80))")
        }
        // Pieces accumulate across calls, as the normaliser calls it between entities.
        var pieces: [Normalizer.Piece] = [], expected: [Normalizer.Piece] = []
        for part in ["hola, ", ". ¿qué tal", "? bien"] {
            Normalizer.split(part[...], into: &pieces)
            referenceSplit(part[...], into: &expected)
        }
        #expect(pieces.map(describe) == expected.map(describe))
        #expect(pieces.map(describe) == ["hola", "|", "que", "tal", "|", "bien"])
    }

    func describe(_ piece: Normalizer.Piece) -> String {
        switch piece {
        case .word(let w, let collapsed): collapsed ? w + "~" : w
        case .boundary: "|"
        case .entity(let kind): "<\(kind.rawValue)>"
        }
    }

    /// `Normalizer.split` as it was, over the text's scalars.
    func referenceSplit(_ text: Substring, into pieces: inout [Normalizer.Piece]) {
        var current = String.UnicodeScalarView()
        var collapsed = false
        var runChar: Unicode.Scalar = " "
        var runLength = 0
        func flush() {
            if !current.isEmpty { pieces.append(.word(String(current), collapsed: collapsed)) }
            current = String.UnicodeScalarView()
            collapsed = false
            runLength = 0
        }
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x300, scalar.properties.generalCategory == .nonspacingMark { continue }
            if let f = TextFolding.foldScalar(scalar) {
                if f == runChar, runLength > 0 {
                    runLength += 1
                    if runLength >= 3, f.value >= 0x61 || f.properties.isAlphabetic {
                        if runLength == 3 { current.removeLast() }
                        collapsed = true
                        continue
                    }
                } else {
                    runChar = f
                    runLength = 1
                }
                current.append(f)
                continue
            }
            switch scalar {
            case "'", "’": continue
            case ",", ".", ";", ":", "?", "!", "¿", "¡", "\n", "(", ")", "…":
                flush()
                if case .boundary? = pieces.last {} else { pieces.append(.boundary) }
            default:
                flush()
            }
        }
        flush()
    }

    // MARK: Mood marks

    @Test func moodMarks_equalTheScalarLoops() {
        let emoji = BundledData.bot.understander.emoji
        var shouted = 0, capitals = 0, emojiSeen = 0
        for text in Self.corpus {
            let marks = MoodAnalyzer.marks(of: text, emoji: emoji)
            #expect(marks == referenceMarks(text, emoji: emoji), "\(text.prefix(80))")
            if marks.shoutedWord { shouted += 1 }
            if marks.upper > 0 { capitals += 1 }
            if marks.angry + marks.sad + marks.happy > 0 { emojiSeen += 1 }
        }
        #expect(shouted > 0 && capitals > shouted && emojiSeen > 0)
    }

    /// The loops of `MoodAnalyzer.analyze` and `hasShoutedWord` as they were.
    func referenceMarks(_ text: String, emoji: EmojiSignals) -> MoodAnalyzer.Marks {
        let scalars = text.utf8.count <= Normalizer.maxCharacters
            ? text.unicodeScalars[...] : text.unicodeScalars.prefix(Normalizer.maxCharacters)
        var m = MoodAnalyzer.Marks()
        var run = 0, upperRun = 0
        var lastMark: Unicode.Scalar = " "
        for s in scalars {
            if s.properties.isAlphabetic {
                m.letters += 1
                if s.properties.isUppercase { m.upper += 1 }
            }
            if s.properties.isUppercase { upperRun += 1; if upperRun >= 4 { m.shoutedWord = true } } else { upperRun = 0 }
            if s == "!" || s == "?" {
                run = s == lastMark ? run + 1 : 1
                lastMark = s
                if run == 3 { if s == "!" { m.bangs += 1 } else { m.questions += 1 } }
            } else if !s.properties.isWhitespace {
                run = 0
                lastMark = " "
            }
            if s.value < 0x2600 { continue }
            if emoji.angry.contains(s) { m.angry += 1 } else if emoji.sad.contains(s) { m.sad += 1 } else if emoji.happy.contains(s) { m.happy += 1 }
        }
        return m
    }

    // MARK: Rules

    @Test(arguments: [Language.es, .en])
    func ruleScores_equalRulesReadFromTheirText(language: Language) throws {
        let matcher = try #require(BundledData.bot.understander.matchers[language])
        let reference = ReferenceRules(matcher: matcher)
        // The rules compiled without the prefix index read every word's bytes.
        var index = matcher.normalizer.index
        let unindexed = CompiledRules(intents: matcher.intents, lexicon: matcher.normalizer.lexicon, index: &index)
        var matched = 0, vetoed = 0
        // Every third example (the reference is slow in debug builds), and every awkward text.
        let sample = Self.awkward + Self.corpus.dropFirst(Self.awkward.count).enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        for text in sample {
            let tokens = matcher.normalizer.normalize(text, entities: EntityExtractor.spans(in: text)).tokens
            // Whole messages and clauses of them, as second requests are scored.
            for slice in [tokens[...], tokens.dropFirst(2), tokens.dropLast(2)] {
                let scores = matcher.rules.score(slice), plain = unindexed.score(slice)
                let expected = reference.score(slice)
                #expect(scores.map(\.weight) == expected.map(\.weight), "\(text.prefix(80))")
                #expect(scores.map(\.rule) == expected.map(\.rule), "\(text.prefix(80))")
                #expect(scores.map(\.vetoed) == expected.map(\.vetoed), "\(text.prefix(80))")
                #expect(plain.map(\.rule) == expected.map(\.rule) && plain.map(\.vetoed) == expected.map(\.vetoed))
                matched += scores.count { $0.weight > 0 }
                vetoed += scores.count(where: \.vetoed)
            }
        }
        #expect(matched > sample.count && vetoed > 0)
    }
}

/// `Understander.detectLanguage` as it was: a walk over the text's scalars, words folded one
/// scalar at a time and looked up in each language's table.
private struct ReferenceDetector {
    let indexes: [(slot: Int, index: WordIndex)]

    init(_ understander: Understander) {
        indexes = Language.allCases.indices.compactMap { i in
            understander.matchers[Language.allCases[i]].map { (i, $0.normalizer.index) }
        }
    }

    func detect(_ text: String) -> Language? {
        let languages = Language.allCases
        var score = [Int](repeating: 0, count: languages.count)
        let spanish = languages.firstIndex(of: .es)!
        for scalar in text.unicodeScalars.prefix(400) {
            switch scalar {
            case "ñ", "¿", "¡", "á", "é", "í", "ó", "ú": score[spanish] += 2
            default: break
            }
        }
        var word = String.UnicodeScalarView()
        func emit() {
            guard !word.isEmpty else { return }
            for l in indexes where l.index.has(.languageWord, l.index.id(of: String(word))) { score[l.slot] += 1 }
            word = String.UnicodeScalarView()
        }
        for scalar in text.prefix(400).unicodeScalars {
            if scalar.value >= 0x300, scalar.properties.generalCategory == .nonspacingMark { continue }
            if let f = TextFolding.foldScalar(scalar) {
                word.append(f)
            } else if scalar != "'", scalar != "’" {
                emit()
            }
        }
        emit()
        guard let top = score.max(), top > 0, score.filter({ $0 == top }).count == 1 else { return nil }
        return languages[score.firstIndex(of: top)!]
    }
}

/// Rules evaluated from their text, term by term, on the tokens' strings: a group occurs when
/// a token that is not negated starts one of its alternatives (concepts expanded four deep).
/// As in the compiled rules, a rule counts only when one of its groups occurs (a rule of
/// `none` groups alone is never a match).
private struct ReferenceRules {
    let matcher: IntentMatcher
    /// Every alternative the rules name, concepts expanded, parsed once.
    let terms: [CompiledRules.Term]
    /// Per intent, per rule: each `all` and each `none` group as indices into `terms`.
    let rules: [[(all: [[Int]], none: [[Int]], weight: Double)]]

    init(matcher: IntentMatcher) {
        self.matcher = matcher
        let lexicon = matcher.normalizer.lexicon
        func expand(_ alternatives: [String], depth: Int) -> [String] {
            alternatives.flatMap { a -> [String] in
                guard a.hasPrefix("@") else { return [a] }
                guard depth < 4, let concept = lexicon.concepts[String(a.dropFirst())] else { return [] }
                return expand(concept, depth: depth + 1)
            }
        }
        var terms: [CompiledRules.Term] = [], known: [String: Int] = [:]
        func group(_ alternatives: [String]) -> [Int] {
            expand(alternatives, depth: 0).compactMap { a in
                if let i = known[a] { return i }
                guard let term = CompiledRules.Term(a, language: lexicon.language) else { return nil }
                terms.append(term)
                known[a] = terms.count - 1
                return terms.count - 1
            }
        }
        rules = matcher.intents.map { $0.rules.map { (all: $0.all.map(group), none: $0.none.map(group), weight: $0.weight) } }
        self.terms = terms
    }

    func score(_ tokens: ArraySlice<Token>) -> [CompiledRules.Score] {
        let live = tokens.indices.filter { !tokens[$0].negated }
        let stems = Set(live.map { tokens[$0].stem }), words = Set(live.map { tokens[$0].word })
        let occurs: [Bool] = terms.map { term in
            switch term {
            case .stem(let stem): return stems.contains(stem)
            case .word(let word): return words.contains(word)
            case .prefix(let bytes): return live.contains { tokens[$0].word.utf8.starts(with: bytes) }
            case .phrase(let first, let rest):
                return live.contains { i in
                    guard tokens[i].stem == first, i + rest.count < tokens.endIndex else { return false }
                    return rest.indices.allSatisfy { k in
                        let u = tokens[i + 1 + k]
                        return u.stem == rest[k] && !u.negated && u.clause == tokens[i].clause
                    }
                }
            }
        }
        var best = [CompiledRules.Score](repeating: CompiledRules.Score(), count: rules.count)
        for (i, intentRules) in rules.enumerated() {
            for (r, rule) in intentRules.enumerated() {
                let all = rule.all.map { $0.contains { occurs[$0] } }
                let none = rule.none.map { $0.contains { occurs[$0] } }
                guard all.contains(true) || none.contains(true) else { continue }
                if none.contains(true) {
                    best[i].vetoed = true
                } else if rule.weight > best[i].weight, !all.contains(false) {
                    best[i].weight = rule.weight
                    best[i].rule = r
                }
            }
        }
        return best
    }
}
