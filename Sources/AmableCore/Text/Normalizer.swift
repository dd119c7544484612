/// One word of a customer's message after normalisation.
public struct Token: Sendable, Equatable {
    /// The folded word as typed (`kiero`, `dnd`, `holaaaa` → `hola` after collapsing repeats).
    public var typed: String
    /// The word used for matching, after slang expansion and typo correction (`quiero`, `donde`).
    public var word: String
    public var stem: String
    /// Set for placeholder tokens that stand for an entity (`#10482` → order number).
    public var entity: EntityExtractor.Span.Kind?
    public var isStopword: Bool
    /// True inside `no quiero X, …` when a contrasting request follows.
    public var negated = false
    /// Index of the clause (split at `, . ; : ? !` and contrast words).
    public var clause: Int
    /// Ids of `word` and `stem` in the matcher's `WordIndex`; -1 when not interned, and then
    /// they match no rule, example or lexicon list.
    var wordID: Int32 = -1
    var stemID: Int32 = -1
}

/// A message after normalisation, with the steps taken (for `/debug` and `--explain`).
public struct NormalizedText: Sendable {
    public var tokens: [Token]
    public var notes: [String]
    public var clauseCount: Int
}

/// Turns messy chat text into tokens: folding, repeated letters, slang, typos, stemming, negation.
public struct Normalizer: Sendable {
    public let lexicon: Lexicon
    public let vocabulary: Vocabulary
    let index: WordIndex

    init(lexicon: Lexicon, vocabulary: Vocabulary, index: WordIndex) {
        self.lexicon = lexicon
        self.vocabulary = vocabulary
        self.index = index
    }

    /// Longest chat message considered; longer text is cut (the dialogue tells the customer).
    public static let maxCharacters = 2_000

    public func normalize(_ text: String, entities: [EntityExtractor.Span] = [], explain: Bool = false) -> NormalizedText {
        var pieces: [Piece] = []
        var cursor = text.startIndex
        for span in entities.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where span.range.lowerBound >= cursor {
            Self.split(text[cursor..<span.range.lowerBound], into: &pieces)
            pieces.append(.entity(span.kind))
            cursor = span.range.upperBound
        }
        Self.split(text[cursor...], into: &pieces)

        var notes: [String] = []
        var tokens: [Token] = []
        tokens.reserveCapacity(pieces.count)
        var clause = 0
        for piece in pieces {
            switch piece {
            case .boundary:
                if let last = tokens.last, last.clause == clause { clause += 1 }
            case .entity(let kind):
                let word = "<\(kind.rawValue)>"
                let id = index.id(of: word) ?? -1
                tokens.append(Token(typed: word, word: word, stem: word, entity: kind, isStopword: false, clause: clause,
                                    wordID: id, stemID: id))
            case .word(let raw, let collapsed):
                if explain, collapsed { notes.append("repeated letters: \(raw)") }
                appendWord(raw, clause: &clause, into: &tokens, notes: &notes, explain: explain)
            }
        }
        markNegation(&tokens)
        return NormalizedText(tokens: tokens, notes: notes, clauseCount: clause + 1)
    }

    private func appendWord(_ raw: String, clause: inout Int, into tokens: inout [Token], notes: inout [String], explain: Bool) {
        var word = raw
        var id = index.id(of: word)
        // `holaa`, `pedidoo`: a doubled letter that makes an unknown word out of a known one.
        if !index.has(.vocabulary, id), let undoubled = Self.undouble(word), let known = index.id(of: undoubled),
           index.has(.vocabulary, known) {
            if explain { notes.append("repeated letters: \(word) → \(undoubled)") }
            word = undoubled
            id = known
        }
        if let id, let expansion = index.expansion(of: id) {
            if explain { notes.append("slang: \(word) → \(expansion.map(index.word).joined(separator: " "))") }
            for w in expansion { push(typed: raw, id: w, clause: &clause, into: &tokens) }
            return
        }
        guard !index.has(.vocabulary, id), !lexicon.knownWords.contains(word) else {
            push(typed: raw, word: word, id: id, clause: &clause, into: &tokens)
            return
        }
        let stem = Stemmer.stem(word, language: lexicon.language)
        let stemID = index.id(of: stem)
        if !index.has(.vocabularyStem, stemID), let fixed = vocabulary.correction(for: word), let fixedID = index.id(of: fixed) {
            if explain { notes.append("typo: \(word) → \(fixed)") }
            for w in index.expansion(of: fixedID) ?? [fixedID] { push(typed: raw, id: w, clause: &clause, into: &tokens) }
            return
        }
        push(typed: raw, word: word, id: id, stem: (stem, stemID), clause: &clause, into: &tokens)
    }

    /// Pushes a word of the index (a slang expansion or a correction).
    private func push(typed: String, id: Int32, clause: inout Int, into tokens: inout [Token]) {
        push(typed: typed, word: index.word(id), id: id, clause: &clause, into: &tokens)
    }

    private func push(typed: String, word: String, id: Int32?, stem known: (String, Int32?)? = nil,
                      clause: inout Int, into tokens: inout [Token]) {
        // A contrast word (`pero`, `sino`, `but`) starts a new clause of its own.
        if index.has(.contrast, id), let last = tokens.last, last.clause == clause { clause += 1 }
        let stem: String, stemID: Int32?
        if let known {
            (stem, stemID) = known
        } else if let id, let s = index.stem(of: id) {
            (stem, stemID) = (index.word(s), s)
        } else {
            stem = Stemmer.stem(word, language: lexicon.language)
            stemID = index.id(of: stem)
        }
        tokens.append(Token(typed: typed, word: word, stem: stem, entity: nil, isStopword: index.has(.stopword, id),
                            clause: clause, wordID: id ?? -1, stemID: stemID ?? -1))
    }

    /// `no quiero cancelar, quiero cambiar`: the action of a negated desire is not a request,
    /// but only when a later clause says what the customer does want. Without one
    /// (`no quiero recibir más correos`) the negated words are the request itself. Only the
    /// action is negated, not its object: in `no quiero cancelar el pedido, quiero cambiarlo`
    /// the order is still what the customer talks about.
    private func markNegation(_ tokens: inout [Token]) {
        var i = 0
        while i < tokens.count {
            defer { i += 1 }
            guard index.has(.negation, tokens[i].wordID) else { continue }
            let clause = tokens[i].clause
            var verb: Int?
            for j in (i + 1)..<min(i + 4, tokens.count) where tokens[j].clause == clause {
                if index.has(.desireVerb, tokens[j].wordID) { verb = j; break }
            }
            guard let verb else { continue }
            var action = verb + 1
            while action < tokens.count, tokens[action].clause == clause, tokens[action].isStopword { action += 1 }
            guard action < tokens.count, tokens[action].clause == clause else { continue }
            var end = verb + 1
            while end < tokens.count, tokens[end].clause == clause { end += 1 }
            let laterContent = tokens[end...].contains { !$0.isStopword && $0.entity == nil && !index.has(.contrast, $0.wordID) }
            guard laterContent else { continue }
            for k in i...action { tokens[k].negated = true }
            i = action
        }
    }

    enum Piece {
        case word(String, collapsed: Bool)
        case boundary
        case entity(EntityExtractor.Span.Kind)
    }

    /// Splits raw text into folded words and clause boundaries; runs of 3+ equal letters
    /// collapse to one (`holaaaa` → `hola`, `siiii` → `si`). Works on the UTF-8 bytes, decoding
    /// only non-ASCII scalars: walking a `Substring`'s scalars checked every index and cost
    /// more than the folding; words are built as bytes too.
    static func split(_ text: Substring, into pieces: inout [Piece]) {
        // Through a buffer pointer when the text has one: iterating `utf8` itself cost several
        // times the work done per byte.
        if text.utf8.withContiguousStorageIfAvailable({ split(bytes: $0, into: &pieces) }) == nil {
            split(bytes: text.utf8, into: &pieces)
        }
    }

    private static func split<Bytes: Sequence<UInt8>>(bytes text: Bytes, into pieces: inout [Piece]) {
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var collapsed = false
        var runChar: Unicode.Scalar = " "
        var runLength = 0
        func flush() {
            if !current.isEmpty { pieces.append(.word(String(decoding: current, as: UTF8.self), collapsed: collapsed)) }
            current.removeAll(keepingCapacity: true)
            collapsed = false
            runLength = 0
        }
        func add(_ f: Unicode.Scalar) {
            if f == runChar, runLength > 0 {
                runLength += 1
                if runLength >= 3, f.value >= 0x61 || f.properties.isAlphabetic {
                    if runLength == 3 { current.removeLast(UTF8.width(f)) }
                    collapsed = true
                    return
                }
            } else {
                runChar = f
                runLength = 1
            }
            if f.value < 0x80 { current.append(UInt8(f.value)) } else { UTF8.encode(f) { current.append($0) } }
        }
        func boundary() {
            flush()
            if case .boundary? = pieces.last {} else { pieces.append(.boundary) }
        }
        var decoder = TextFolding.ScalarDecoder()
        for b in text {
            if b < 0x80 {
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                    add(Unicode.Scalar(b))
                } else if b >= 0x41 && b <= 0x5A {
                    add(Unicode.Scalar(b + 0x20))
                } else if b == 0x27 { // `'`: `don't` is one word
                    continue
                } else if b == 0x2C || b == 0x2E || b == 0x3B || b == 0x3A || b == 0x3F || b == 0x21 || b == 0x0A || b == 0x28 || b == 0x29 {
                    boundary()
                } else {
                    flush()
                }
                continue
            }
            guard let scalar = decoder.feed(b) else { continue }
            if scalar.value >= 0x300, scalar.properties.generalCategory == .nonspacingMark { continue }
            if let f = TextFolding.foldScalar(scalar) {
                add(f)
                continue
            }
            switch scalar {
            case "’": continue
            case "¿", "¡", "…": boundary()
            default: flush()
            }
        }
        flush()
    }

    /// `word` with each run of one scalar cut to a single one (`holaa` → `hola`), or nil when
    /// it has no such run. An ASCII word (nearly all) is cut byte by byte.
    static func undouble(_ word: String) -> String? {
        var ascii = true, doubled = false, previous: UInt8 = 0
        for b in word.utf8 {
            if b >= 0x80 { ascii = false; break }
            if b == previous { doubled = true }
            previous = b
        }
        if ascii {
            guard doubled else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(word.utf8.count)
            for b in word.utf8 where out.last != b { out.append(b) }
            return String(decoding: out, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        var changed = false
        for c in word.unicodeScalars {
            if out.last == c { changed = true; continue }
            out.append(c)
        }
        return changed ? String(out) : nil
    }
}
