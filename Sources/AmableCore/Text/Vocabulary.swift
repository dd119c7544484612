/// The words Amable knows in one language, with an index for fast typo correction.
///
/// Typo tolerance is an edit distance scaled to word length (1 for 4–7 letters, 2 for longer)
/// against the vocabulary of `Intents/`, found with a symmetric-delete index (`DeletionIndex`)
/// so a look-up costs a few binary searches instead of a scan. Spanish also compares a phonetic key, because `debolución`,
/// `devolusion` and `kiero` are sound-alike spellings rather than slips of the finger.
public struct Vocabulary: Sendable {
    public let language: Language
    /// Known surface words (folded) with how often they appear in examples and rules.
    public private(set) var frequency: [String: Int] = [:]
    /// Stems of known words: a word whose stem is known needs no correction.
    public private(set) var stems: Set<String> = []
    /// Every known word once, and the stem of each (same order), from `seal()`.
    private(set) var words: [String] = []
    private(set) var wordStems: [String] = []
    private var deletes = DeletionIndex([])
    private var phonetic: [String: String] = [:]
    /// Long words by first letter and length, for the rare distance-2 look-up.
    private var byHeadAndLength: [String: [(word: String, scalars: [Unicode.Scalar])]] = [:]

    public init(language: Language) { self.language = language }

    public mutating func add(_ word: String, count: Int = 1) {
        guard !word.isEmpty else { return }
        frequency[word, default: 0] += count
    }

    /// Builds the look-up indexes; call once after all words are added.
    public mutating func seal() {
        // Sorted: ties between equally frequent candidates go the same way in every process
        // (the dictionary's own order changes with the per-process hash seed).
        words = frequency.keys.sorted()
        wordStems = words.map { Stemmer.stem($0, language: language) }
        stems = Set(wordStems)
        phonetic = [:]
        byHeadAndLength = [:]
        var filed: [(rank: Int, scalars: [Unicode.Scalar])] = []
        for (rank, word) in words.enumerated() {
            // An ASCII word (nearly all) has as many characters as bytes, and starts with a
            // letter when its first byte is one: no grapheme breaking for those.
            let ascii = word.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } // `\r\n` is one character
            let length = ascii ? word.utf8.count : word.count
            guard length >= 3, ascii ? Self.isASCIILetter(word.utf8.first!) : word.first!.isLetter else { continue }
            let scalars = Array(word.unicodeScalars)
            filed.append((rank, scalars))
            if length >= 7 {
                byHeadAndLength["\(word.prefix(2))\(length)", default: []].append((word, scalars))
            }
            if language == .es {
                let key = Self.phoneticKey(word)
                if let existing = phonetic[key], frequency[existing, default: 0] >= frequency[word, default: 0] { continue }
                phonetic[key] = word
            }
        }
        deletes = DeletionIndex(filed)
    }

    public func contains(_ word: String) -> Bool { frequency[word] != nil }

    private static func isASCIILetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) }

    /// The best known word for an unknown one, or nil when nothing is close enough.
    public func correction(for word: String) -> String? {
        let length = word.count
        guard length >= 4, word.unicodeScalars.allSatisfy({ ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x80 && $0.properties.isAlphabetic) }) else { return nil }
        if language == .es, let sound = phonetic[Self.phoneticKey(word)] { return sound }
        var best: (word: String, score: Int)?
        func consider(_ candidate: String) {
            let f = frequency[candidate, default: 0]
            if best == nil || f > best!.score { best = (candidate, f) }
        }
        // Within one edit, a slip a thumb makes (a letter left out or doubled, a neighbouring
        // key, two letters swapped) beats a letter far away on the keyboard; then the most
        // frequent word wins; among equals, the first found when the variants are searched in
        // order (the word, then each deletion) and each variant's words in the order filed.
        let scalars = Array(word.unicodeScalars)
        var nearest: [(rank: Int, variant: Int, slip: Bool)] = []
        var seen = Set<Int>()
        for rank in deletes.candidates(for: scalars) where seen.insert(rank).inserted {
            let candidate = Array(words[rank].unicodeScalars)
            guard Self.distance(scalars, candidate, limit: 1) <= 1,
                  let variant = (-1..<scalars.count).first(where: { DeletionIndex.isVariant(DeletionIndex.removing($0, from: scalars), of: candidate) })
            else { continue }
            nearest.append((rank, variant, Self.isLikelySlip(scalars, candidate)))
        }
        var bestLikely: (word: String, score: Int)?
        for c in nearest.sorted(by: { ($0.variant, $0.rank) < ($1.variant, $1.rank) }) {
            let f = frequency[words[c.rank], default: 0]
            if c.slip, bestLikely == nil || f > bestLikely!.score { bestLikely = (words[c.rank], f) }
            consider(words[c.rank])
        }
        if let bestLikely { return bestLikely.word }
        // Distance 2 only for long words, and only against words with the same first two letters
        // (early slips are what the sound-alike key and distance 1 catch).
        if best == nil, length >= 9 {
            let head = String(word.prefix(2))
            for len in (length - 2)...(length + 2) {
                for candidate in byHeadAndLength["\(head)\(len)"] ?? [] where Self.distance(scalars, candidate.scalars, limit: 2) <= 2 {
                    consider(candidate.word)
                }
            }
        }
        return best?.word
    }

    /// Whether `typo` is `word` with a slip a thumb makes: a letter left out or typed twice,
    /// two neighbouring letters swapped, or a letter replaced or joined by a neighbouring key
    /// (QWERTY, with `ñ` beside `l`). Both are one edit apart.
    static func isLikelySlip(_ typo: [Unicode.Scalar], _ word: [Unicode.Scalar]) -> Bool {
        if typo.count + 1 == word.count { return true }  // a letter left out
        let n = min(typo.count, word.count)
        var p = 0
        while p < n, typo[p] == word[p] { p += 1 }
        if typo.count == word.count + 1 {
            // A letter too many: a double tap or a neighbouring key touched on the way.
            let extra = typo[p]
            return (p > 0 && (typo[p - 1] == extra || keysTouch(typo[p - 1], extra)))
                || (p + 1 < typo.count && (typo[p + 1] == extra || keysTouch(typo[p + 1], extra)))
        }
        guard typo.count == word.count, p < n else { return false }
        if p + 1 < n, typo[p] == word[p + 1], typo[p + 1] == word[p] { return true }  // swapped
        return keysTouch(typo[p], word[p])
    }

    /// Neighbouring keys on a QWERTY keyboard (rows staggered as on a phone).
    static func keysTouch(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        guard let pa = keyPosition[a], let pb = keyPosition[b] else { return false }
        return abs(pa.row - pb.row) <= 1 && abs(pa.x - pb.x) <= 1.0 && a != b
    }

    private static let keyPosition: [Unicode.Scalar: (row: Int, x: Double)] = {
        var positions: [Unicode.Scalar: (row: Int, x: Double)] = [:]
        for (row, (keys, offset)) in [("qwertyuiop", 0.0), ("asdfghjklñ", 0.5), ("zxcvbnm", 1.0)].enumerated() {
            for (i, key) in keys.unicodeScalars.enumerated() { positions[key] = (row, Double(i) + offset) }
        }
        return positions
    }()

    /// Spanish sound-alike key: b/v, c/s/z before e/i, qu/k/c, silent h, ll/y, doubled letters.
    static func phoneticKey(_ word: String) -> String {
        let s = Array(word.unicodeScalars)
        // Built as UTF-8 bytes, doubled letters left out as they come (`holaa`, `pedidoo`: they
        // carry no sound of their own): appending to a `String.UnicodeScalarView` and reading
        // its last scalar cost most of the load of the Spanish vocabulary.
        var out: [UInt8] = []
        out.reserveCapacity(s.count + 4)
        var last: Unicode.Scalar?
        func append(_ c: Unicode.Scalar) {
            guard c != last else { return }
            last = c
            UTF8.encode(c) { out.append($0) }
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            switch c {
            case "v", "w": append("b")
            case "z": append("s")
            case "c":
                if next == "e" || next == "i" { append("s") } else if next == "h" { append("x"); i += 1 } else { append("k") }
            case "q":
                append("k")
                if next == "u" { i += 1 }
            case "h": break
            case "l" where next == "l": append("y"); i += 1
            case "g" where next == "e" || next == "i": append("j")
            case "x" where i == 0: append("s")
            default: append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Optimal-string-alignment distance with early exit once `limit` is exceeded.
    static func distance(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar], limit: Int) -> Int {
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var prevPrev = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, current[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { v = min(v, prevPrev[j - 2] + 1) }
                current[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prevPrev, prev, current) = (prev, current, prevPrev)
        }
        return prev[y.count]
    }
}
